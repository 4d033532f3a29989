import { mosBars } from '../../../shared/quality/mos-bars';
import { useAppStore } from '../../store/app-store';

/** Five bars by MOS in the call header; `role=meter` named "Call quality" whose value is the MOS. */
export function QualityMeter({ callId }: { callId: string }) {
  const mos = useAppStore((s) => s.quality[callId]?.latest?.mos ?? null);
  // When the shown figure was measured: lets support (and the bench) see the meter is live.
  const at = useAppStore((s) => s.quality[callId]?.latest?.at ?? null);
  const { bars, word } = mosBars(mos);
  const text = mos === null ? 'Call quality: measuring' : `Call quality ${mos.toFixed(1)} out of 5: ${word}`;
  return (
    <span
      className={`quality-meter bars-${bars}`}
      role="meter"
      aria-label="Call quality"
      aria-valuemin={1}
      aria-valuemax={4.5}
      aria-valuenow={mos === null ? undefined : Number(mos.toFixed(2))}
      aria-valuetext={text}
      title={text}
      data-sampled-at={at ?? undefined}
    >
      {[1, 2, 3, 4, 5].map((i) => (
        <span key={i} className={`bar${i <= bars ? ' on' : ''}`} style={{ height: `${4 + i * 3}px` }} />
      ))}
      <span className="quality-score">{mos === null ? '…' : mos.toFixed(1)}</span>
    </span>
  );
}
