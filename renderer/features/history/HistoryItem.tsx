import { HistoryNotes } from './HistoryNotes';
import { QualitySummaryLine } from './QualitySummaryLine';
import type { HistoryLine } from './history-line';

export function HistoryItem({ line: l }: { line: HistoryLine }) {
  const ctx = l.context;
  return (
    <li className={`outcome-${l.outcome ?? 'none'}`}>
      <span className="dir" aria-label={l.direction === 'inbound' ? 'Incoming' : 'Outgoing'}>
        {l.direction === 'inbound' ? '↙' : '↗'}
      </span>
      <span className="who">
        <strong>{l.who}</strong>
        <span className="uri">{l.remote}</span>
      </span>
      <span className="what">
        {l.outcomeText}
        {l.detail && ` · ${l.detail}`}
      </span>
      <time dateTime={l.startedAt}>{new Date(l.startedAt).toLocaleString()}</time>
      {(l.provider || l.cost || l.recorded) && (
        <span className="history-billing">
          {[l.provider, l.cost, l.recorded ? 'recorded' : null].filter(Boolean).join(' · ')}
        </span>
      )}
      {ctx && (
        <div className="history-context">
          {ctx.intent && <p className="intent">{ctx.intent}</p>}
          {ctx.summary && <p className="summary-text">{ctx.summary}</p>}
        </div>
      )}
      {l.quality && <QualitySummaryLine summary={l.quality} />}
      {l.notesEditable && <HistoryNotes id={l.id} notes={l.notes} />}
    </li>
  );
}
