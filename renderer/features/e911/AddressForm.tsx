import { useState, type FormEvent } from 'react';
import type { FieldIssue } from '../../../shared/contract/e911';
import type { CivicField } from '../../../shared/e911/civic-address';
import { confirmAddress, type AddressInput } from '../../controllers/e911-controller';
import { AddressFields } from './AddressFields';
import { IssueSummary } from './IssueSummary';

/** "I am somewhere else": an address the admin has not registered (home, a hotel), checked as the agent confirms. */
export function AddressForm({ initial }: { initial: AddressInput }) {
  const [value, setValue] = useState<AddressInput>(initial);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [reason, setReason] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const change = (field: CivicField, v: string) => setValue((s) => ({ ...s, [field]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    const r = await confirmAddress(value);
    // On success the controller closes the dialog and this form is gone.
    if (r.ok) return;
    setSaving(false);
    setIssues(r.issues);
    setReason(r.reason);
  };

  return (
    <form className="address-form" aria-label="Your address" onSubmit={(e) => void submit(e)} noValidate>
      <AddressFields idPrefix="e911-confirm" value={value} onChange={change} issues={issues} disabled={saving} />
      <IssueSummary issues={issues} reason={reason} />
      <button type="submit" className="primary" disabled={saving}>
        {saving ? 'Saving…' : 'Confirm this address'}
      </button>
    </form>
  );
}
