import { listenTo, openLiveSession } from '../../controllers/supervisor-controller';
import { useAppStore } from '../../store/app-store';
import { Duration } from './Duration';
import { STATE_LABEL } from './format';
import { GuidanceForm } from './GuidanceForm';
import { SessionDetailBody } from './SessionDetailBody';

/** The session picked on the wallboard, streaming as it goes. */
export function LiveSessionView() {
  const view = useAppStore((s) => s.liveSession);
  const row = useAppStore((s) => (s.liveSession ? s.board.rows.get(s.liveSession.sessionId) : undefined));
  const monitored = useAppStore((s) => s.monitor !== null && s.monitor.sessionId === s.liveSession?.sessionId);
  if (!view) return <p className="session-hint">Pick a caller on the board to follow their conversation.</p>;
  const summary = view.detail?.summary;
  const name = row?.callerName || summary?.caller.name || row?.callerNumber || summary?.caller.number || 'Unknown caller';
  const number = row?.callerNumber ?? summary?.caller.number ?? null;
  return (
    <section className="session-view" aria-label="Session details">
      <header className="session-head">
        <div>
          <h2>{name}</h2>
          {number && number !== name && <span className="uri">{number}</span>}
          <span className="uri"> · AI session {view.sessionId}</span>
        </div>
        <div className="session-head-side">
          {row && <span className={`state-badge state-${row.state}`}>{STATE_LABEL[row.state]}</span>}
          {row && <Duration startedAt={row.startedAt} endedAt={row.endedAt} label="Session duration" />}
          <button type="button" onClick={() => void listenTo(view.sessionId)} disabled={monitored || row?.state === 'ended'}>
            Listen
          </button>
          <button type="button" onClick={() => void openLiveSession(null)}>
            Close session
          </button>
        </div>
      </header>
      {view.status === 'loading' && <p className="loading-context">Loading the session…</p>}
      {view.status === 'failed' && (
        <p className="field-error" role="alert">
          {view.error}
        </p>
      )}
      {view.status === 'ready' && <GuidanceForm sessionId={view.sessionId} ended={row?.state === 'ended' || Boolean(view.detail?.summary.endedAt)} />}
      {view.detail && <SessionDetailBody detail={view.detail} live />}
    </section>
  );
}
