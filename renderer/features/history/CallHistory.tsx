import { talkSeconds, type CallRecord } from '../../../shared/history/call-record';
import { useAppStore } from '../../store/app-store';
import { formatDuration } from '../call/CallTimer';
import { HistoryNotes } from './HistoryNotes';
import { QualitySummaryLine } from './QualitySummaryLine';

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
          <HistoryItem key={r.id} record={r} />
        ))}
      </ul>
    </section>
  );
}

function HistoryItem({ record: r }: { record: CallRecord }) {
  const ctx = r.context;
  const who = ctx?.caller?.name || r.remoteName || r.remote.replace(/^sips?:/, '');
  return (
    <li className={`outcome-${r.outcome}`}>
      <span className="dir" aria-label={r.direction === 'inbound' ? 'Incoming' : 'Outgoing'}>
        {r.direction === 'inbound' ? '↙' : '↗'}
      </span>
      <span className="who">
        <strong>{who}</strong>
        <span className="uri">{r.remote.replace(/^sips?:/, '')}</span>
      </span>
      <span className="what">
        {OUTCOME_TEXT[r.outcome]}
        {r.outcome === 'answered' ? ` · ${formatDuration(talkSeconds(r) * 1000)}` : r.reason ? ` · ${r.reason}` : ''}
      </span>
      <time dateTime={r.startedAt}>{new Date(r.startedAt).toLocaleString()}</time>
      {ctx && (
        <div className="history-context">
          {ctx.intent && <p className="intent">{ctx.intent}</p>}
          {ctx.summary && <p className="summary-text">{ctx.summary}</p>}
        </div>
      )}
      {r.quality && <QualitySummaryLine summary={r.quality} />}
      {(r.direction === 'inbound' || r.notes) && r.outcome === 'answered' && <HistoryNotes id={r.id} notes={r.notes} />}
    </li>
  );
}
