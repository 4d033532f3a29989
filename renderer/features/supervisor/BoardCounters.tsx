import { useShallow } from 'zustand/react/shallow';
import { boardCounters } from '../../../shared/feed/session-board';
import { localDay } from '../../controllers/supervisor-controller';
import { useAppStore } from '../../store/app-store';
import { formatDuration } from './format';

/** The five figures on top of the wallboard. */
export function BoardCounters() {
  const c = useAppStore(useShallow((s) => boardCounters(s.board, localDay(Date.now()))));
  const items: [string, string][] = [
    ['Live', String(c.live)],
    ['Transferring', String(c.transferring)],
    ['Transferred today', String(c.transferredToday)],
    ['Resolved by AI today', String(c.resolvedByAiToday)],
    ['Average handle time', c.averageHandleMs === null ? '–' : formatDuration(c.averageHandleMs)],
  ];
  return (
    <section className="board-counters" aria-label="Session counters">
      {items.map(([name, value]) => (
        <div key={name} className="counter" role="group" aria-label={name}>
          <span className="counter-value">{value}</span>
          <span className="counter-name" aria-hidden="true">
            {name}
          </span>
        </div>
      ))}
    </section>
  );
}
