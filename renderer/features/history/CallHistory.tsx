import { talkSeconds } from '../../../shared/history/call-record';
import { useAppStore } from '../../store/app-store';
import { formatDuration } from '../call/CallTimer';

const OUTCOME_TEXT = {
  answered: 'Answered',
  missed: 'Missed',
  declined: 'Declined',
  cancelled: 'Cancelled',
  failed: 'Failed',
  busy: 'Busy',
} as const;

export function CallHistory() {
  const history = useAppStore((s) => s.history);
  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title">Recent calls</h2>
      {history.length === 0 && <p className="empty">No calls yet.</p>}
      <ul aria-label="Call history">
        {history.map((r) => (
          <li key={r.id} className={`outcome-${r.outcome}`}>
            <span className="dir" aria-label={r.direction === 'inbound' ? 'Incoming' : 'Outgoing'}>
              {r.direction === 'inbound' ? '↙' : '↗'}
            </span>
            <span className="who">
              <strong>{r.remoteName || r.remote.replace(/^sips?:/, '')}</strong>
              <span className="uri">{r.remote.replace(/^sips?:/, '')}</span>
            </span>
            <span className="what">
              {OUTCOME_TEXT[r.outcome]}
              {r.outcome === 'answered' ? ` · ${formatDuration(talkSeconds(r) * 1000)}` : r.reason ? ` · ${r.reason}` : ''}
            </span>
            <time dateTime={r.startedAt}>{new Date(r.startedAt).toLocaleString()}</time>
          </li>
        ))}
      </ul>
    </section>
  );
}
