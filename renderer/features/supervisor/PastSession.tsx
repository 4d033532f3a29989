import { recordingStatus } from '../../../shared/feed/session-board';
import { openPastSession } from '../../controllers/supervisor-controller';
import { useAppStore } from '../../store/app-store';
import { dateTime, formatDuration, outcomeText } from './format';
import { SessionDetailBody } from './SessionDetailBody';

/** One past session in full: transcript, summary, quality, the transfer context, and its recording (or why none). */
export function PastSession() {
  const view = useAppStore((s) => s.reviewSession);
  if (!view) return null;
  const d = view.detail;
  const s = d?.summary;
  // The feed carries no recording address yet: a recording is shown only once one exists AND consent was granted.
  const consent = d?.transfers.at(-1)?.context.compliance?.recordingConsent ?? null;
  const recording = recordingStatus(null, consent);
  return (
    <section className="past-session" aria-label="Past session">
      <header className="session-head">
        <div>
          <h2>{s?.caller.name || s?.caller.number || 'Unknown caller'}</h2>
          {s?.caller.name && s.caller.number && <span className="uri">{s.caller.number}</span>}
          <span className="uri"> · AI session {view.sessionId}</span>
        </div>
        <button type="button" onClick={() => void openPastSession(null)}>
          Close session
        </button>
      </header>
      {view.status === 'loading' && <p className="loading-context">Loading the session…</p>}
      {view.status === 'failed' && (
        <p className="field-error" role="alert">
          {view.error}
        </p>
      )}
      {s && d && (
        <>
          <dl className="meta">
            <dt>Outcome</dt>
            <dd className="outcome">{outcomeText(s.outcome, s.transferred)}</dd>
            <dt>Started</dt>
            <dd>{dateTime(s.startedAt)}</dd>
            <dt>Duration</dt>
            <dd>{s.endedAt ? formatDuration(Date.parse(s.endedAt) - Date.parse(s.startedAt)) : 'still open'}</dd>
            <dt>Recording</dt>
            <dd className="recording">
              {recording.kind === 'link' ? (
                <a href={recording.url} target="_blank" rel="noreferrer noopener">
                  Play the recording
                </a>
              ) : (
                recording.reason
              )}
            </dd>
          </dl>
          <SessionDetailBody detail={d} live={false} />
        </>
      )}
    </section>
  );
}
