import { useState, type FormEvent } from 'react';
import type { E911ConfigView, FieldIssue } from '../../../shared/contract/e911';
import { saveE911Config } from '../../controllers/e911-controller';
import { IssueSummary } from '../e911/IssueSummary';
import { MappingList } from './MappingList';
import { MAPPING_KINDS, mappingsFrom, rowsFrom, type MappingRows } from './mapping-rows';

/** Which network means which location: the most specific evidence wins (BSSID, then gateway MAC, then the longest subnet). */
export function NetworkMappingsEditor({ config }: { config: E911ConfigView }) {
  const [rows, setRows] = useState<MappingRows>(() => rowsFrom(config.mappings));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [reason, setReason] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setSaved(false);
    const r = await saveE911Config({ mappings: mappingsFrom(rows) });
    setSaving(false);
    setIssues(r.ok ? [] : r.issues);
    setReason(r.ok ? null : r.reason);
    setSaved(r.ok);
  };

  return (
    <form className="e911-section" aria-label="Network mappings" onSubmit={(e) => void submit(e)} noValidate>
      <h3>Network mappings</h3>
      {config.locations.length === 0 && <p className="advice">Add a location first: mappings point at one.</p>}
      <div className="mapping-lists">
        {MAPPING_KINDS.map(({ kind, legend, placeholder }) => (
          <MappingList
            key={kind}
            kind={kind}
            legend={legend}
            placeholder={placeholder}
            rows={rows[kind]}
            locations={config.locations}
            issues={issues}
            disabled={saving}
            onChange={(next) => setRows((s) => ({ ...s, [kind]: next }))}
          />
        ))}
      </div>
      <IssueSummary issues={issues.map((i) => ({ field: '', message: `${i.field.replace(/^mappings\./, '')}: ${i.message}` }))} reason={reason} />
      <div className="controls">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save mappings'}
        </button>
        {saved && <span role="status">Mappings saved.</span>}
      </div>
    </form>
  );
}
