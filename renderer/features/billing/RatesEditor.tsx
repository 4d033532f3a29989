import { useState, type FormEvent } from 'react';
import type { BillingSettings } from '../../../shared/contract/cdr';
import { accountAddress, type AccountView } from '../../../shared/settings/account';
import { rateFormOf, saveRates, type RateField, type RateForm, type RateIssues } from '../../controllers/cdr-controller';
import { useAppStore } from '../../store/app-store';
import { BillingField } from './BillingField';

const LABELS: [RateField, string, string?][] = [
  ['currency', 'Currency', 'ISO 4217, e.g. USD'],
  ['inboundPerMinute', 'Inbound per minute'],
  ['outboundPerMinute', 'Outbound per minute'],
  ['tollFreePerMinute', 'Toll-free per minute'],
  ['perCallFee', 'Per-call fee', 'Empty for none'],
  ['increment', 'Billing increment', 'first/step seconds: 60/60, 6/6, 1/1'],
];

const formsOf = (accounts: readonly AccountView[], billing: BillingSettings): Record<string, RateForm> =>
  Object.fromEntries(accounts.map((a) => [a.id, rateFormOf(billing.rates[a.id])]));

/** Admins: each account's rate card, checked here and again by the host; errors beside the field they concern. */
export function RatesEditor({ billing }: { billing: BillingSettings }) {
  const accounts = useAppStore((s) => s.settings?.accounts ?? []);
  const [forms, setForms] = useState(() => formsOf(accounts, billing));
  const [issues, setIssues] = useState<RateIssues>({});
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const change = (id: string, field: RateField, value: string) => setForms((f) => ({ ...f, [id]: { ...(f[id] ?? rateFormOf(undefined)), [field]: value } }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    void saveRates(forms).then((r) => {
      setSaving(false);
      setIssues(r.ok ? {} : r.issues);
      setResult(r.ok ? { ok: true, text: 'Rates saved.' } : { ok: false, text: r.reason ?? 'Fix the fields marked below.' });
    });
  };
  return (
    <section className="billing-section" aria-labelledby="rates-title">
      <h3 id="rates-title">Rates</h3>
      {accounts.length === 0 ? (
        <p>Add a SIP account first: rates are per account (provider).</p>
      ) : (
        <form onSubmit={submit} noValidate aria-labelledby="rates-title">
          {accounts.map((a, i) => (
            <fieldset key={a.id} className="rate-card">
              <legend>{a.displayName || accountAddress(a)}</legend>
              {LABELS.map(([field, label, help]) => (
                <BillingField
                  key={field}
                  id={`rate-${i}-${field}`}
                  label={label}
                  value={forms[a.id]?.[field] ?? ''}
                  onChange={(v) => change(a.id, field, v)}
                  error={issues[a.id]?.[field]}
                  {...(help ? { help } : {})}
                />
              ))}
            </fieldset>
          ))}
          <button type="submit" className="primary" disabled={saving}>
            Save rates
          </button>
          {result && (
            <p className={result.ok ? 'saved' : 'field-error'} role={result.ok ? 'status' : 'alert'}>
              {result.text}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
