import type { QualityPoint } from '../../../shared/feed/session-board';
import { clock, mos } from './format';

const W = 240;
const H = 48;
/** The MOS axis: 1 (bad) to 4.5 (the best a narrowband or Opus call reaches in practice). */
const MOS_MIN = 1;
const MOS_MAX = 4.5;
/** Samples listed under the sparkline, newest first. */
const LISTED = 5;

/** The session's MOS as a sparkline, and its last samples in words. */
export function QualitySamples({ points }: { points: readonly QualityPoint[] }) {
  const withMos = points.filter((p): p is QualityPoint & { mos: number } => p.mos !== null);
  const latest = withMos.at(-1);
  const xy = withMos.map((p, i): [number, number] => [
    withMos.length === 1 ? W - 3 : (i / (withMos.length - 1)) * (W - 3),
    H - ((Math.min(MOS_MAX, Math.max(MOS_MIN, p.mos)) - MOS_MIN) / (MOS_MAX - MOS_MIN)) * H,
  ]);
  const path = xy.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  const last = xy.at(-1);
  return (
    <section className="quality-samples" aria-label="Quality samples">
      <h3>Call quality</h3>
      {points.length === 0 ? (
        <p className="empty">No quality samples yet.</p>
      ) : (
        <>
          {withMos.length > 0 && (
            <svg className="sparkline" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`MOS over the last ${withMos.length} samples, latest ${mos(latest?.mos)}`}>
              <line x1="0" x2={W} y1={H - ((3.6 - MOS_MIN) / (MOS_MAX - MOS_MIN)) * H} y2={H - ((3.6 - MOS_MIN) / (MOS_MAX - MOS_MIN)) * H} className="sparkline-threshold" />
              <path d={path} className="sparkline-line" />
              {last && <circle cx={last[0]} cy={last[1]} r="2.5" className="sparkline-dot" />}
            </svg>
          )}
          <ol className="quality-list">
            {points
              .slice(-LISTED)
              .reverse()
              .map((p) => (
                <li key={p.at}>
                  <time dateTime={new Date(p.at).toISOString()}>{clock(p.at)}</time> MOS {mos(p.mos)}
                  {p.jitterMs !== null && ` · jitter ${p.jitterMs.toFixed(0)} ms`}
                  {p.lossPct !== null && ` · loss ${p.lossPct.toFixed(1)} %`}
                  {p.rttMs !== null && ` · RTT ${p.rttMs.toFixed(0)} ms`}
                </li>
              ))}
          </ol>
        </>
      )}
    </section>
  );
}
