import { BOARD_SORTS, type BoardSort, type BoardStateFilter } from '../../../shared/feed/session-board';
import { useAppStore } from '../../store/app-store';

const STATES: [BoardStateFilter, string][] = [
  ['all', 'All'],
  ['live', 'All live'],
  ['talking', 'Talking'],
  ['transferring', 'Transferring'],
  ['on-hold', 'On hold'],
  ['ended', 'Ended'],
];
const SORTS: Record<BoardSort, string> = { duration: 'Duration (longest first)', sentiment: 'Sentiment (worst first)', confidence: 'AI confidence (lowest first)' };

/** Search, state filter and sort of the wallboard. */
export function BoardFilters() {
  const q = useAppStore((s) => s.boardQuery);
  const change = useAppStore((s) => s.boardQueryChanged);
  return (
    <div className="board-filters" role="search" aria-label="Filter live sessions">
      <div className="field">
        <label htmlFor="board-text">Search caller or intent</label>
        <input id="board-text" type="search" value={q.text} onChange={(e) => change({ text: e.target.value })} placeholder="Name, number or intent" />
      </div>
      <div className="field">
        <label htmlFor="board-state">State</label>
        <select id="board-state" value={q.state} onChange={(e) => change({ state: e.target.value as BoardStateFilter })}>
          {STATES.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="board-sort">Sort by</label>
        <select id="board-sort" value={q.sort} onChange={(e) => change({ sort: e.target.value as BoardSort })}>
          {BOARD_SORTS.map((v) => (
            <option key={v} value={v}>
              {SORTS[v]}
            </option>
          ))}
        </select>
      </div>
      <button type="button" aria-pressed={q.reversed} onClick={() => change({ reversed: !q.reversed })}>
        Reverse order
      </button>
    </div>
  );
}
