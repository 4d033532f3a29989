import type { TransferContext } from '../../../shared/context/transfer-context';
import { ComplianceFlags } from './ComplianceFlags';
import { FactsList } from './FactsList';
import { Transcript } from './Transcript';

/**
 * What the AI collected, as text: intent, summary, handoff details, compliance,
 * facts and transcript. Shared by the agent's screen-pop and the supervisor's
 * view of a transfer, so both show a context the same way.
 */
export function ContextBody({ ctx, showAiAgent = true }: { ctx: TransferContext; showAiAgent?: boolean }) {
  return (
    <>
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
        {showAiAgent && ctx.aiAgent && (<><dt>AI agent</dt><dd>{ctx.aiAgent.name ?? 'unnamed'}{ctx.aiAgent.confidence !== undefined ? ` (confidence ${Math.round(ctx.aiAgent.confidence * 100)}%)` : ''}</dd></>)}
      </dl>
      <ComplianceFlags compliance={ctx.compliance} />
      {ctx.facts && ctx.facts.length > 0 && <FactsList facts={ctx.facts} />}
      {ctx.transcript && ctx.transcript.length > 0 && <Transcript turns={ctx.transcript} />}
    </>
  );
}
