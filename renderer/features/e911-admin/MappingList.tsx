import type { EmergencyLocation, FieldIssue } from '../../../shared/contract/e911';
import { locationName } from '../e911/address-format';
import { rowIssues, type MappingKind, type MappingRow } from './mapping-rows';

type Props = {
  kind: MappingKind;
  legend: string;
  placeholder: string;
  rows: readonly MappingRow[];
  locations: readonly EmergencyLocation[];
  issues: readonly FieldIssue[];
  disabled: boolean;
  onChange: (rows: MappingRow[]) => void;
};

/** One kind of network evidence (subnet, gateway MAC or BSSID), each entry pointing at a location. */
export function MappingList({ kind, legend, placeholder, rows, locations, issues, disabled, onChange }: Props) {
  const update = (i: number, patch: Partial<MappingRow>) => onChange(rows.map((r, n) => (n === i ? { ...r, ...patch } : r)));
  const add = () => onChange([...rows, { value: '', locationId: locations[0]?.id ?? '' }]);
  const remove = (i: number) => onChange(rows.filter((_, n) => n !== i));
  return (
    <fieldset className="mapping-list">
      <legend>{legend}</legend>
      {rows.length === 0 && <p className="empty">None.</p>}
      {rows.map((r, i) => {
        const own = rowIssues(issues, kind, i);
        const issueId = `e911-map-${kind}-${i}-issues`;
        return (
          <div key={i} className="mapping-row">
            <input
              aria-label={legend}
              value={r.value}
              placeholder={placeholder}
              onChange={(e) => update(i, { value: e.target.value })}
              disabled={disabled}
              aria-invalid={own.length > 0 ? true : undefined}
              aria-describedby={own.length > 0 ? issueId : undefined}
            />
            <span aria-hidden="true">→</span>
            <select aria-label="Location" value={r.locationId} onChange={(e) => update(i, { locationId: e.target.value })} disabled={disabled}>
              {!locations.some((l) => l.id === r.locationId) && <option value={r.locationId}>{r.locationId || 'choose a location'}</option>}
              {locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.id} — {locationName(l.address)}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => remove(i)} disabled={disabled}>
              Remove mapping
            </button>
            {own.length > 0 && (
              <span id={issueId} className="field-error">
                {own.map((x) => x.message).join('; ')}
              </span>
            )}
          </div>
        );
      })}
      <button type="button" onClick={add} disabled={disabled || locations.length === 0}>
        Add mapping
      </button>
    </fieldset>
  );
}
