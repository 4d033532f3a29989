import { BoardCounters } from './BoardCounters';
import { BoardFilters } from './BoardFilters';
import { FeedLinkStatus } from './FeedLinkStatus';
import { LiveSessionView } from './LiveSessionView';
import { Wallboard } from './Wallboard';

/** The "Live AI sessions" tab: counters, the wallboard, and the session picked on it. */
export function LiveSessions() {
  return (
    <main className="supervisor live-sessions">
      <div className="live-top">
        <BoardCounters />
        <FeedLinkStatus />
      </div>
      <BoardFilters />
      <div className="live-layout">
        <Wallboard />
        <LiveSessionView />
      </div>
    </main>
  );
}
