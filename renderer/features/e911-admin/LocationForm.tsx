import { useState, type FormEvent } from 'react';
import type { EmergencyLocation, FieldIssue } from '../../../shared/contract/e911';
import type { CivicField } from '../../../shared/e911/civic-address';
import { saveEmergencyLocation, type AddressInput } from '../../controllers/e911-controller';
import { AddressFields } from '../e911/AddressFields';
import { addressInputFrom, emptyAddressInput, issuesOf } from '../e911/address-input';
import { FieldInput } from '../e911/FieldInput';
import { IssueSummary } from '../e911/IssueSummary';

/** "Add location", or edit one from the table: id and label, then the civic address. */
export function LocationForm({ editing, onDone }: { editing: EmergencyLocation | null; onDone: () => void }) {
  const [id, setId] = useState(editing?.id ?? '');
  const [value, setValue] = useState<AddressInput>(editing ? addressInputFrom(editing.address) : emptyAddressInput());
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [reason, setReason] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const change = (field: CivicField, v: string) => setValue((s) => ({ ...s, [field]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setSaved(null);
    const r = await saveEmergencyLocation(id, value);
    setSaving(false);
    if (!r.ok) {
      setIssues(r.issues);
      setReason(r.reason);
      return;
    }
    setIssues([]);
    setReason(null);
    setSaved(`Saved ${id.trim()}.`);
    if (editing) onDone();
    else {
      setId('');
      setValue(emptyAddressInput());
    }
  };

  const title = editing ? `Edit location ${editing.id}` : 'Add location';
  return (
    <form className="e911-form" aria-label={editing ? 'Edit location' : 'Add location'} onSubmit={(e) => void submit(e)} noValidate>
      <h4>{title}</h4>
      <FieldInput id="e911-admin-id" label="Location id" value={id} onChange={setId} issues={issuesOf(issues, 'id')} disabled={saving} readOnly={editing !== null} />
      <FieldInput id="e911-admin-label" label="Label" value={value.label ?? ''} onChange={(v) => change('label', v)} issues={issuesOf(issues, 'label')} disabled={saving} />
      <AddressFields idPrefix="e911-admin" value={value} onChange={change} issues={issues} disabled={saving} />
      <IssueSummary issues={issues} reason={reason} />
      <div className="controls">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save location'}
        </button>
        {editing && (
          <button type="button" onClick={onDone} disabled={saving}>
            Cancel editing
          </button>
        )}
        {saved && <span role="status">{saved}</span>}
      </div>
    </form>
  );
}
