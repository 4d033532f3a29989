import { selectActiveCall, selectRingingCall, useAppStore } from '../../store/app-store';
import type { CallView } from '../../store/calls-slice';
import { AttestationBadge } from './AttestationBadge';
import { ContextIssues } from './ContextIssues';
import { CallNotes } from './CallNotes';
import { ContextBody } from './ContextBody';

const SOURCE_TEXT = { twilio: 'Twilio parameters', 'x-header': 'X-Warmline-Context header', uui: 'User-to-User header', 'call-info': 'context server (Call-Info)', 'uui-id': 'context server (User-to-User id)' } as const;

/** Whether a call has anything to pop: a context (or an attempt at one) or a carrier verdict on the caller ID. */
const hasScreenPop = (c: CallView | null): c is CallView => !!c && (c.context.status !== 'none' || c.context.attestation !== null);

/**
 * The screen-pop: what the AI agent collected, visible while the call rings and
 * pinned during it, so the caller never repeats themselves. Everything is text.
 */
export function ScreenPop() {
  const ringing = useAppStore(selectRingingCall);
  const active = useAppStore(selectActiveCall);
  const call = hasScreenPop(ringing) ? ringing : hasScreenPop(active) ? active : null;
  if (!call) return null;
  const { context: ctx, status, issues, source, ignored, attestation } = call.context;
  const caller = ctx?.caller;
  return (
    <section className="screen-pop" aria-label="Transfer context">
      <header className="pop-head">
        <div>
          <h2 className="caller-name">{caller?.name || call.remoteName || call.remoteUri.replace(/^sips?:/, '')}</h2>
          {caller?.number && <span className="uri">{caller.number}</span>}
        </div>
        <div className="badges">
          {caller?.verified === true && <span className="badge good" title={caller.verificationMethod ?? ''}>Identity verified{caller.verificationMethod ? `: ${caller.verificationMethod}` : ''}</span>}
          {caller?.verified === false && <span className="badge warn">Identity not verified</span>}
          {attestation && <AttestationBadge attestation={attestation} />}
          {ctx?.callerIdAttestation && !attestation?.attestation && <span className="badge">AI-reported attestation {ctx.callerIdAttestation}</span>}
        </div>
      </header>
      {status === 'loading' && <p className="loading-context" role="status" aria-label="Context status">Loading context…</p>}
      <ContextIssues issues={issues} />
      {ctx && (
        <>
          <ContextBody ctx={ctx} />
          {source && (
            <p className="source">
              From the {SOURCE_TEXT[source]}
              {ignored.length > 0 && ` (also present, not used: ${ignored.map((i) => SOURCE_TEXT[i]).join(', ')})`}
              {ctx.sessionId && ` · AI session ${ctx.sessionId}`}
            </p>
          )}
        </>
      )}
      {call.state.phase !== 'ringing-in' && <CallNotes callId={call.id} notes={call.notes} />}
    </section>
  );
}
