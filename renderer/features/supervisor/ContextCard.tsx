import type { ContextIssue, TransferContext } from '../../../shared/context/transfer-context';
import { ComplianceFlags } from '../context/ComplianceFlags';
import { ContextIssues } from '../context/ContextIssues';
import { FactsList } from '../context/FactsList';
import { Transcript } from '../context/Transcript';

/** The screen-pop the human agent was given with a transfer, laid out as they saw it. */
export function ContextCard({ context: ctx, issues }: { context: TransferContext; issues: ContextIssue[] }) {
  const caller = ctx.caller;
  return (
    <div className="context-card">
      <div className="pop-head">
        <strong className="caller-name">{caller?.name || caller?.number || 'Caller not named'}</strong>
        {caller?.name && caller.number && <span className="uri">{caller.number}</span>}
        <span className="badges">
          {caller?.verified === true && <span className="badge good">Identity verified{caller.verificationMethod ? `: ${caller.verificationMethod}` : ''}</span>}
          {caller?.verified === false && <span className="badge warn">Identity not verified</span>}
        </span>
      </div>
      <ContextIssues issues={issues} />
      {ctx.intent && (
        <p className="intent">
          <span className="label">Intent</span> {ctx.intent}
        </p>
      )}
      {ctx.summary && (
        <div className="summary">
          <span className="label">AI summary</span>
          <p>{ctx.summary}</p>
        </div>
      )}
      <dl className="meta">
        {ctx.handoff?.reason && (<><dt>Why transferred</dt><dd>{ctx.handoff.reason}</dd></>)}
        {ctx.handoff?.requestedSkill && (<><dt>Skill</dt><dd>{ctx.handoff.requestedSkill}</dd></>)}
        {ctx.sentiment && (<><dt>Sentiment</dt><dd>{ctx.sentiment}</dd></>)}
        {ctx.language && (<><dt>Language</dt><dd>{ctx.language}</dd></>)}
        {ctx.account && (<><dt>Account</dt><dd>{[ctx.account.label, ctx.account.id].filter(Boolean).join(' · ')}</dd></>)}
      </dl>
      <ComplianceFlags compliance={ctx.compliance} />
      {ctx.facts && ctx.facts.length > 0 && <FactsList facts={ctx.facts} />}
      {ctx.transcript && ctx.transcript.length > 0 && <Transcript turns={ctx.transcript} />}
    </div>
  );
}
