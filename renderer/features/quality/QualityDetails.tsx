import { pathLabel } from '../../../shared/quality/quality-sample';
import { useAppStore } from '../../store/app-store';
import { QualityTimeline } from './QualityTimeline';

const fmt = (v: number | null, unit: string, digits = 0) => (v === null ? '–' : `${v.toFixed(digits)} ${unit}`.trim());

/** Live numbers and the 60-second timeline for one call. */
export function QualityDetails({ callId }: { callId: string }) {
  const view = useAppStore((s) => s.quality[callId]);
  const s = view?.latest ?? null;
  return (
    <section className="quality-details" aria-label="Call quality details">
      {!s ? (
        <p>Measuring… (the first figures arrive a second after the call connects)</p>
      ) : (
        <dl className="quality-numbers">
          <dt>MOS</dt>
          <dd aria-label="MOS">{fmt(s.mos, '', 2)}</dd>
          <dt>Jitter</dt>
          <dd aria-label="Jitter">{fmt(s.jitterMs, 'ms')}</dd>
          <dt>Packet loss</dt>
          <dd aria-label="Packet loss">{fmt(s.lossPct, '%', 1)}</dd>
          <dt>Round trip</dt>
          <dd aria-label="Round trip">{fmt(s.rttMs, 'ms')}</dd>
          <dt>One-way delay</dt>
          <dd aria-label="One-way delay">{fmt(s.oneWayDelayMs, 'ms')}</dd>
          <dt>Jitter buffer</dt>
          <dd>{fmt(s.jitterBufferMs, 'ms')}</dd>
          <dt>Codec</dt>
          <dd>{s.codec ? `${s.codec.name}${s.codec.fec ? ' + FEC' : ''}` : '–'}</dd>
          <dt>Path</dt>
          <dd aria-label="Network path">{pathLabel(s.path) ?? '–'}</dd>
          <dt>Microphone</dt>
          <dd>{s.inputLevel === null ? '–' : `${Math.round(s.inputLevel * 100)} %`}</dd>
        </dl>
      )}
      <QualityTimeline timeline={view?.timeline ?? []} />
    </section>
  );
}
