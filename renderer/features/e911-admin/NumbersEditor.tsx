import type { EmergencyNumber, FieldIssue } from '../../../shared/contract/e911';
import { issuesAt } from './calling-rows';

type Props = { numbers: readonly EmergencyNumber[]; issues: readonly FieldIssue[]; disabled: boolean; onChange: (n: EmergencyNumber[]) => void };

/** The numbers dialled as emergency calls, per country; a test number (933) is audited but alerts nobody. */
export function NumbersEditor({ numbers, issues, disabled, onChange }: Props) {
  const update = (i: number, patch: Partial<EmergencyNumber>) => onChange(numbers.map((n, k) => (k === i ? { ...n, ...patch } : n)));
  return (
    <fieldset className="numbers-editor">
      <legend>Emergency numbers</legend>
      {numbers.map((n, i) => {
        const own = issuesAt(issues, `numbers[${i}]`);
        const issueId = `e911-number-${i}-issues`;
        const described = own.length > 0 ? issueId : undefined;
        return (
          <div key={i} className="number-row">
            <input aria-label="Emergency number" className="digits" inputMode="numeric" value={n.number} onChange={(e) => update(i, { number: e.target.value })} disabled={disabled} aria-describedby={described} aria-invalid={issuesAt(own, `numbers[${i}].number`).length > 0 ? true : undefined} />
            <input aria-label="Region code" placeholder="US" maxLength={2} value={n.country} onChange={(e) => update(i, { country: e.target.value })} disabled={disabled} aria-describedby={described} aria-invalid={issuesAt(own, `numbers[${i}].country`).length > 0 ? true : undefined} />
            <label>
              <input type="checkbox" checked={n.test} onChange={(e) => update(i, { test: e.target.checked })} disabled={disabled} /> Test number
            </label>
            <button type="button" onClick={() => onChange(numbers.filter((_, k) => k !== i))} disabled={disabled}>
              Remove number
            </button>
            {own.length > 0 && (
              <span id={issueId} className="field-error">
                {own.map((x) => x.message).join('; ')}
              </span>
            )}
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...numbers, { number: '', country: 'US', test: false }])} disabled={disabled}>
        Add number
      </button>
    </fieldset>
  );
}
