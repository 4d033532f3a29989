import type { FieldIssue } from '../../../shared/contract/e911';
import { fieldLabel } from './address-input';

/** Every issue in one list, above the submit button, so none hides in a long form. */
export function IssueSummary({ issues, reason }: { issues: readonly FieldIssue[]; reason?: string | null }) {
  if (issues.length === 0 && !reason) return null;
  return (
    <div className="issue-summary" role="alert">
      {reason && <p>{reason}</p>}
      {issues.length > 0 && (
        <ul>
          {issues.map((i, n) => (
            <li key={`${i.field}-${n}`}>{i.field ? `${fieldLabel(i.field)}: ${i.message}` : i.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
