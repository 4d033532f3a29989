import type { FieldIssue } from '../../../shared/contract/e911';
import { newAlertTargetId } from '../../controllers/e911-controller';
import { issuesAt, type TargetRow } from './calling-rows';

type Props = { targets: readonly TargetRow[]; issues: readonly FieldIssue[]; disabled: boolean; onChange: (t: TargetRow[]) => void };

/** Webhooks told of every emergency call (security desk, a supervisors' hub). Tokens go to the vault and never come back. */
export function AlertTargetsEditor({ targets, issues, disabled, onChange }: Props) {
  const update = (i: number, patch: Partial<TargetRow>) => onChange(targets.map((t, k) => (k === i ? { ...t, ...patch } : t)));
  const add = () => onChange([...targets, { id: newAlertTargetId(), name: '', url: '', hasToken: false, token: '', removeToken: false }]);
  return (
    <fieldset className="alert-targets">
      <legend>Alert targets</legend>
      {targets.length === 0 && <p className="empty">Nobody is alerted by webhook.</p>}
      {targets.map((t, i) => {
        const own = issuesAt(issues, `alertTargets[${i}]`);
        const issueId = `e911-target-${t.id}-issues`;
        const described = own.length > 0 ? issueId : undefined;
        return (
          <div key={t.id} className="target-row">
            <input aria-label="Target name" placeholder="Security desk" value={t.name} onChange={(e) => update(i, { name: e.target.value })} disabled={disabled} aria-describedby={described} />
            <input aria-label="Webhook URL" type="url" placeholder="https://desk.example.com/v1/alerts" value={t.url} onChange={(e) => update(i, { url: e.target.value })} disabled={disabled} aria-describedby={described} />
            <input
              aria-label="Token"
              type="password"
              autoComplete="new-password"
              placeholder={t.hasToken && !t.removeToken ? 'token stored' : 'no token'}
              value={t.token}
              onChange={(e) => update(i, { token: e.target.value, removeToken: false })}
              disabled={disabled}
              aria-describedby={described}
            />
            {t.hasToken && !t.removeToken && t.token === '' && <span className="advice">token stored</span>}
            {t.hasToken && (
              <label>
                <input type="checkbox" checked={t.removeToken} onChange={(e) => update(i, { removeToken: e.target.checked, token: '' })} disabled={disabled} /> Remove stored token
              </label>
            )}
            <button type="button" onClick={() => onChange(targets.filter((_, k) => k !== i))} disabled={disabled}>
              Remove alert target
            </button>
            {own.length > 0 && (
              <span id={issueId} className="field-error">
                {own.map((x) => x.message).join('; ')}
              </span>
            )}
          </div>
        );
      })}
      <button type="button" onClick={add} disabled={disabled}>
        Add alert target
      </button>
    </fieldset>
  );
}
