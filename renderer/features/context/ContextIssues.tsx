import type { ContextIssue } from '../../../shared/context/transfer-context';

/** Exactly what was wrong with the context the call carried; the call itself is unaffected. */
export function ContextIssues({ issues }: { issues: ContextIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <div className="context-issues" role="alert" aria-label="Context problems">
      <p>Some of the AI's hand-off could not be used. The call works normally; ask the caller for anything missing.</p>
      <ul>
        {issues.map((i, n) => (
          <li key={n}>
            {i.field ? <strong>{i.field}: </strong> : null}
            {i.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
