import type { CallQualitySummary } from '../../../shared/quality/call-quality-summary';
import { WARNING_IDS } from '../../../shared/quality/advice';

const WARNING_TEXT: Record<(typeof WARNING_IDS)[number], string> = {
  'low-mos': 'low quality',
  'packet-loss': 'packet loss',
  'high-jitter': 'jitter',
  'high-delay': 'delay',
  'no-microphone-input': 'silent microphone',
  'one-way-audio': 'one-way audio',
  'relay-path': 'relayed',
};

const known = (id: string): id is (typeof WARNING_IDS)[number] => (WARNING_IDS as readonly string[]).includes(id);

/** One line per call in history: how the line was. */
export function QualitySummaryLine({ summary: q }: { summary: CallQualitySummary }) {
  const parts = [
    q.avgMos !== null ? `MOS ${q.avgMos.toFixed(1)} avg${q.minMos !== null ? `, ${q.minMos.toFixed(1)} min` : ''}` : null,
    q.maxJitterMs !== null ? `jitter ≤ ${Math.round(q.maxJitterMs)} ms` : null,
    q.lossPct !== null ? `loss ${q.lossPct.toFixed(1)} %` : null,
    q.path ? `path ${q.path}` : null,
    q.codec,
  ].filter(Boolean);
  return (
    <p className="history-quality" aria-label="Call quality summary">
      {parts.join(' · ')}
      {q.warningsRaised.length > 0 && ` · warnings: ${q.warningsRaised.map((w) => (known(w) ? WARNING_TEXT[w] : w)).join(', ')}`}
    </p>
  );
}
