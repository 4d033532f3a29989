import type { TransferView } from '../../../shared/feed/session-board';
import { ContextCard } from './ContextCard';
import { agentName, clock } from './format';

/** One transfer to a human: to whom, why, how it went, and the context they were handed. */
export function TransferCard({ transfer: t, expanded }: { transfer: TransferView; expanded: boolean }) {
  const to = agentName(t.targetAgent);
  const done = t.completed;
  return (
    <section className={`transfer-card${done?.outcome === 'failed' ? ' failed' : ''}`} aria-label={`Transfer to ${to}`}>
      <h3>Transfer to {to}</h3>
      <p className="transfer-when">
        Requested at {clock(t.requestedAt)}
        {t.reason && <> · Why: {t.reason}</>}
      </p>
      <p className={`transfer-progress ${done ? done.outcome : 'pending'}`}>
        {!done
          ? `Waiting for ${to} to answer…`
          : done.outcome === 'connected'
            ? `Connected to ${agentName(done.agent)} at ${clock(done.at)}`
            : `${agentName(done.agent)} did not take the call (${clock(done.at)})`}
      </p>
      <details className="context-seen" open={expanded}>
        <summary>What the agent saw</summary>
        <ContextCard context={t.context} issues={t.contextIssues} />
      </details>
    </section>
  );
}
