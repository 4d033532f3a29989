import { useState, type FormEvent } from 'react';
import type { E911ConfigView, EmergencyNumber, FieldIssue } from '../../../shared/contract/e911';
import { saveE911Config } from '../../controllers/e911-controller';
import { FieldInput } from '../e911/FieldInput';
import { IssueSummary } from '../e911/IssueSummary';
import { AlertTargetsEditor } from './AlertTargetsEditor';
import { callingPatch, issuesAt, targetRowFrom, type TargetRow } from './calling-rows';
import { NumbersEditor } from './NumbersEditor';

/** What dialling an emergency number does: which numbers, where the call goes, the callback, who is told. */
export function EmergencyCallingForm({ config }: { config: E911ConfigView }) {
  const [numbers, setNumbers] = useState<EmergencyNumber[]>(config.numbers);
  const [route, setRoute] = useState(config.routeTemplate);
  const [callback, setCallback] = useState(config.defaultCallbackNumber ?? '');
  const [targets, setTargets] = useState<TargetRow[]>(() => config.alertTargets.map(targetRowFrom));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [reason, setReason] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setSaved(false);
    const r = await saveE911Config(callingPatch(numbers, route, callback, targets));
    setSaving(false);
    setIssues(r.ok ? [] : r.issues);
    setReason(r.ok ? null : r.reason);
    setSaved(r.ok);
    // Typed tokens are in the vault now: show them as stored, keep none in the form.
    if (r.ok) setTargets((ts) => ts.map((t) => ({ ...t, hasToken: t.token !== '' || (t.hasToken && !t.removeToken), token: '', removeToken: false })));
  };

  return (
    <form className="e911-section" aria-label="Emergency calling" onSubmit={(e) => void submit(e)} noValidate>
      <h3>Emergency calling</h3>
      <NumbersEditor numbers={numbers} issues={issues} disabled={saving} onChange={setNumbers} />
      <FieldInput id="e911-route" label="Emergency route" value={route} onChange={setRoute} issues={issuesAt(issues, 'routeTemplate')}
        disabled={saving}
        placeholder="sip:{number}@{domain}"
        help="sip:{number}@{domain} — a SIP URI template; {domain} is each account's domain."
      />
      <FieldInput id="e911-default-callback" label="Default callback number" type="tel" value={callback} onChange={setCallback} issues={issuesAt(issues, 'defaultCallbackNumber')} disabled={saving} placeholder="+14155550100" />
      <AlertTargetsEditor targets={targets} issues={issues} disabled={saving} onChange={setTargets} />
      <IssueSummary issues={issues} reason={reason} />
      <div className="controls">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        {saved && <span role="status">Saved.</span>}
      </div>
    </form>
  );
}
