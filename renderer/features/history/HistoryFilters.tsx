import { useState, type FormEvent } from 'react';
import { applyHistoryFilters, EMPTY_HISTORY_FILTERS, OUTCOME_FILTERS, type FilterIssues, type HistoryFilterForm } from '../../controllers/cdr-controller';
import { OUTCOME_TEXT } from './history-line';

type Key = keyof HistoryFilterForm;
const INPUTS: { key: Key; label: string; type: 'datetime-local' | 'text' | 'number' }[] = [
  { key: 'from', label: 'From', type: 'datetime-local' },
  { key: 'to', label: 'To', type: 'datetime-local' },
  { key: 'agent', label: 'Agent', type: 'text' },
  { key: 'provider', label: 'Provider', type: 'text' },
  { key: 'mosBelow', label: 'MOS below', type: 'number' },
  { key: 'number', label: 'Number', type: 'text' },
];

/** Which calls the history (and its export) shows. */
export function HistoryFilters() {
  const [form, setForm] = useState<HistoryFilterForm>(EMPTY_HISTORY_FILTERS);
  const [issues, setIssues] = useState<FilterIssues>({});
  const set = (key: Key, value: string) => setForm((f) => ({ ...f, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void applyHistoryFilters(form).then((found) => setIssues(found ?? {}));
  };
  return (
    <form className="history-filters" aria-label="History filters" onSubmit={submit} noValidate>
      {INPUTS.slice(0, 3).map((i) => (
        <FilterInput key={i.key} field={i.key} label={i.label} type={i.type} value={form[i.key]} issue={issues[i.key]} onChange={(v) => set(i.key, v)} />
      ))}
      <div className="filter">
        <label htmlFor="history-filter-outcome">Outcome</label>
        <select id="history-filter-outcome" value={form.outcome} onChange={(e) => set('outcome', e.target.value)} aria-invalid={issues.outcome ? true : undefined}>
          <option value="">Any</option>
          {OUTCOME_FILTERS.map((o) => (
            <option key={o} value={o}>
              {o === 'interrupted' ? 'Interrupted' : OUTCOME_TEXT[o]}
            </option>
          ))}
        </select>
        {issues.outcome && <span className="field-error">{issues.outcome}</span>}
      </div>
      {INPUTS.slice(3).map((i) => (
        <FilterInput key={i.key} field={i.key} label={i.label} type={i.type} value={form[i.key]} issue={issues[i.key]} onChange={(v) => set(i.key, v)} />
      ))}
      <button type="submit">Apply filters</button>
    </form>
  );
}

type InputProps = { field: Key; label: string; type: string; value: string; issue: string | undefined; onChange: (v: string) => void };

function FilterInput({ field, label, type, value, issue, onChange }: InputProps) {
  const id = `history-filter-${field}`;
  return (
    <div className="filter">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        autoComplete="off"
        {...(type === 'number' ? { min: 1, max: 5, step: 0.1 } : {})}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={issue ? true : undefined}
        aria-describedby={issue ? `${id}-issue` : undefined}
      />
      {issue && (
        <span id={`${id}-issue`} className="field-error">
          {issue}
        </span>
      )}
    </div>
  );
}
