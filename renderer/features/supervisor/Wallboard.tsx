import { memo, useMemo } from 'react';
import { boardRows, type BoardQuery, type BoardRow } from '../../../shared/feed/session-board';
import { listenTo, openLiveSession } from '../../controllers/supervisor-controller';
import { useAppStore } from '../../store/app-store';
import { Duration } from './Duration';
import { mos, percent, STATE_LABEL } from './format';
import { SentimentTrend } from './SentimentTrend';
import { VirtualRows } from './VirtualRows';

/** Must match .wallboard-body .wallboard-row's height in styles.css. */
export const WALLBOARD_ROW_HEIGHT = 44;

const COLUMNS = ['Caller', 'Duration', 'Intent', 'Sentiment', 'AI confidence', 'Quality (MOS)', 'State', 'Monitor'] as const;

function ariaSort(column: (typeof COLUMNS)[number], q: BoardQuery): 'ascending' | 'descending' | undefined {
  const sorted = column === 'Duration' ? 'duration' : column === 'Sentiment' ? 'sentiment' : column === 'AI confidence' ? 'confidence' : null;
  if (sorted !== q.sort) return undefined;
  // Duration sorts longest first; sentiment and confidence worst first (ascending rank).
  const descending = sorted === 'duration' ? !q.reversed : q.reversed;
  return descending ? 'descending' : 'ascending';
}

/**
 * Every live AI session, one row each, filtered and sorted by the board query.
 * Only the rows in view are rendered; a row re-renders only when its session changed.
 */
export function Wallboard() {
  const rows = useAppStore((s) => s.board.rows);
  const query = useAppStore((s) => s.boardQuery);
  const selectedId = useAppStore((s) => s.liveSession?.sessionId ?? null);
  const monitoredId = useAppStore((s) => s.monitor?.sessionId ?? null);
  // Sorting by duration needs a now; between board changes the order of live rows does not change with it.
  const shown = useMemo(() => boardRows(rows, query, Date.now()), [rows, query]);

  return (
    <div className="wallboard-box">
      <p className="wallboard-count" aria-live="off">
        Showing {shown.length} of {rows.size} sessions
      </p>
      <div role="grid" aria-label="Live AI sessions" aria-rowcount={shown.length + 1} aria-colcount={COLUMNS.length} className="wallboard">
        <div role="rowgroup" className="wallboard-head">
          <div role="row" aria-rowindex={1} className="wallboard-row">
            {COLUMNS.map((c) => (
              <span key={c} role="columnheader" aria-sort={ariaSort(c, query)}>
                {c}
              </span>
            ))}
          </div>
        </div>
        <VirtualRows
          className="wallboard-body"
          items={shown}
          rowHeight={WALLBOARD_ROW_HEIGHT}
          getKey={(r) => r.sessionId}
          renderRow={(r, i) => <WallboardRow row={r} index={i} selected={r.sessionId === selectedId} monitored={r.sessionId === monitoredId} />}
        />
      </div>
      {shown.length === 0 && <p className="empty">{rows.size === 0 ? 'No live AI sessions right now.' : 'No session matches the filters.'}</p>}
    </div>
  );
}

const WallboardRow = memo(function WallboardRow({ row, index, selected, monitored }: { row: BoardRow; index: number; selected: boolean; monitored: boolean }) {
  const caller = row.callerName || row.callerNumber || 'Unknown caller';
  return (
    <div role="row" aria-rowindex={index + 2} aria-selected={selected} className={`wallboard-row state-${row.state}`} data-session-id={row.sessionId}>
      <div role="gridcell" className="cell-caller">
        <button type="button" className="link caller" onClick={() => void openLiveSession(row.sessionId)} title="Open the session">
          {caller}
        </button>
        {row.callerName && row.callerNumber && <span className="uri">{row.callerNumber}</span>}
      </div>
      <div role="gridcell">
        <Duration startedAt={row.startedAt} endedAt={row.endedAt} />
      </div>
      <div role="gridcell" className="cell-intent">
        {row.intent ?? '–'}
      </div>
      <div role="gridcell">
        <SentimentTrend trend={row.sentimentTrend} />
      </div>
      <div role="gridcell">{percent(row.confidence)}</div>
      <div role="gridcell" className={row.quality?.mos != null && row.quality.mos < 3.6 ? 'quality-poor' : undefined}>
        {mos(row.quality?.mos)}
      </div>
      <div role="gridcell">
        <span className={`state-badge state-${row.state}`}>{STATE_LABEL[row.state]}</span>
      </div>
      <div role="gridcell">
        <button type="button" onClick={() => void listenTo(row.sessionId)} disabled={row.state === 'ended' || monitored}>
          Listen
        </button>
      </div>
    </div>
  );
});
