import { useEffect, useState, type FormEvent } from 'react';
import { reconcile } from '../../controllers/cdr-controller';
import { useAppStore } from '../../store/app-store';
import type { ReconciliationView } from '../../store/cdr-slice';
import { BillingField } from './BillingField';

const minutes = (m: number) => m.toFixed(2);

/** Admins: what the carriers will bill against the talk time we measured, per provider, and calls that cost far more than usual. */
export function ReconciliationSection() {
  const view = useAppStore((s) => s.reconciliation);
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = (s: string, e: string) => void reconcile(s, e).then((r) => setError(r.ok ? null : r.reason));
  useEffect(() => run('', ''), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run(start, end);
  };
  return (
    <section className="billing-section" aria-labelledby="reconcile-title">
      <h3 id="reconcile-title">Reconciliation</h3>
      <form className="reconcile-period" onSubmit={submit} noValidate aria-labelledby="reconcile-title">
        <BillingField id="reconcile-start" type="date" label="Period start" value={start} onChange={setStart} />
        <BillingField id="reconcile-end" type="date" label="Period end" value={end} onChange={setEnd} />
        <button type="submit">Reconcile</button>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {view && <ReconciliationResult view={view} />}
    </section>
  );
}

function ReconciliationResult({ view }: { view: ReconciliationView }) {
  return (
    <>
      <table className="billing-table" aria-label="Reconciliation">
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">Calls</th>
            <th scope="col">Actual minutes</th>
            <th scope="col">Billed minutes</th>
            <th scope="col">Overhead %</th>
            <th scope="col">Cost</th>
          </tr>
        </thead>
        <tbody>
          {view.providers.map((p) => (
            <tr key={p.provider}>
              <th scope="row">{p.providerName || p.provider}</th>
              <td>{p.calls}</td>
              <td>{minutes(p.actualMinutes)}</td>
              <td>{minutes(p.billedMinutes)}</td>
              <td>{p.overheadPct === null ? '—' : `${p.overheadPct.toFixed(1)} %`}</td>
              <td>{`${p.cost} ${p.currency}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {view.providers.length === 0 && <p className="empty">No priced calls in this period.</p>}
      {view.unrated.length > 0 && (
        <p className="advice">
          {view.unrated.length} {view.unrated.length === 1 ? 'call has' : 'calls have'} no price: {view.unrated[0]!.reason}
          {view.unrated.length > 1 ? ' (and others)' : ''}.
        </p>
      )}
      <h4 id="anomalies-title">Cost anomalies</h4>
      <ul className="cost-anomalies" aria-labelledby="anomalies-title">
        {view.anomalies.map((a) => (
          <li key={a.id}>
            Call {a.id} on {a.provider}: {a.cost}, {a.factor.toFixed(1)}× the usual {a.baseline}
          </li>
        ))}
      </ul>
      {view.anomalies.length === 0 && <p className="empty">No call cost more than twice the usual.</p>}
    </>
  );
}
