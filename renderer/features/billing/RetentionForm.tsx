import { useState, type FormEvent } from 'react';
import type { BillingSettings } from '../../../shared/contract/cdr';
import { MAX_RETENTION_DAYS, saveRetention } from '../../controllers/cdr-controller';
import { BillingField } from './BillingField';

/** Admins: how long call records, contexts and recordings are kept, and whether consented calls are recorded. */
export function RetentionForm({ billing }: { billing: BillingSettings }) {
  const [days, setDays] = useState(String(billing.retentionDays));
  const [record, setRecord] = useState(billing.recordCalls);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void saveRetention(days, record).then((r) => setResult(r.ok ? { ok: true, text: 'Retention saved.' } : { ok: false, text: r.reason }));
  };
  return (
    <section className="billing-section" aria-labelledby="retention-title">
      <h3 id="retention-title">Retention and recording</h3>
      <form onSubmit={submit} noValidate aria-labelledby="retention-title">
        <BillingField
          id="retention-days"
          type="number"
          min={0}
          max={MAX_RETENTION_DAYS}
          label="Keep records for (days)"
          value={days}
          onChange={setDays}
          help="Older call records, contexts and recordings are deleted; 0 keeps everything."
        />
        <label className="checkbox">
          <input type="checkbox" checked={record} onChange={(e) => setRecord(e.target.checked)} />
          Record calls when the caller consents
        </label>
        <button type="submit" className="primary">
          Save retention
        </button>
        {result && (
          <p className={result.ok ? 'saved' : 'field-error'} role={result.ok ? 'status' : 'alert'}>
            {result.text}
          </p>
        )}
      </form>
    </section>
  );
}
