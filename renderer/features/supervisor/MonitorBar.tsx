import { MONITOR_MODES, type MonitorMode } from '../../../shared/telephony/monitor-address';
import { dismissMonitorError, stopListening, switchMonitorMode } from '../../controllers/supervisor-controller';
import { useAppStore } from '../../store/app-store';

const DOING: Record<MonitorMode, string> = {
  listen: 'Listening to',
  whisper: 'Whispering on (the caller cannot hear you)',
  barge: 'Barged in on (everyone hears you)',
};
const BUTTON: Record<MonitorMode, string> = { listen: 'Listen', whisper: 'Whisper', barge: 'Barge' };

/** While monitoring: which session, in which mode, and the way to switch or stop. */
export function MonitorBar() {
  const m = useAppStore((s) => s.monitor);
  const error = useAppStore((s) => s.monitorError);
  const row = useAppStore((s) => (s.monitor ? s.board.rows.get(s.monitor.sessionId) : undefined));
  if (!m && !error) return null;
  const who = row ? row.callerName || row.callerNumber || 'an unnamed caller' : null;
  return (
    <section className={`monitor-bar mode-${m?.mode ?? 'none'}`} aria-label="Monitoring">
      {m && (
        <>
          <p className="monitor-what">
            <strong>{DOING[m.mode]}</strong> {who ?? `AI session ${m.sessionId}`}
            {who && <span className="uri"> · AI session {m.sessionId}</span>}
            {m.pending && <span className="advice"> · switching to {BUTTON[m.pending].toLowerCase()}…</span>}
          </p>
          <div className="controls">
            {MONITOR_MODES.map((mode) => (
              <button key={mode} type="button" aria-pressed={m.mode === mode} disabled={m.pending !== null || m.mode === mode} onClick={() => void switchMonitorMode(mode)}>
                {BUTTON[mode]}
              </button>
            ))}
            <button type="button" className="danger" onClick={() => void stopListening()}>
              Stop listening
            </button>
          </div>
          {m.error && (
            <p className="field-error" role="alert">
              {m.error}
            </p>
          )}
        </>
      )}
      {error && (
        <p className="field-error monitor-error" role="alert">
          {error}{' '}
          <button type="button" className="link" onClick={dismissMonitorError}>
            Dismiss
          </button>
        </p>
      )}
    </section>
  );
}
