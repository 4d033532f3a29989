import type { ContextIssue, TransferContext } from '../../../shared/context/transfer-context';
import { ContextIssues } from '../context/ContextIssues';
import { ContextBody } from '../context/ContextBody';

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
      <ContextBody ctx={ctx} showAiAgent={false} />
    </div>
  );
}
