import type { BillingSettings } from '../../../shared/contract/cdr';
import { accountAddress } from '../../../shared/settings/account';
import { rateFormOf } from '../../controllers/cdr-controller';
import { useAppStore } from '../../store/app-store';

/** What a supervisor may read: each account's rate card, how long records are kept, whether calls are recorded. */
export function BillingSummary({ billing }: { billing: BillingSettings }) {
  const accounts = useAppStore((s) => s.settings?.accounts ?? []);
  return (
    <section className="billing-section" aria-labelledby="billing-summary-title">
      <h3 id="billing-summary-title">Rates and retention</h3>
      <table className="billing-table" aria-label="Rates">
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Inbound / min</th>
            <th scope="col">Outbound / min</th>
            <th scope="col">Toll-free / min</th>
            <th scope="col">Per call</th>
            <th scope="col">Increment</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => {
            const rates = billing.rates[a.id];
            const f = rateFormOf(rates);
            return (
              <tr key={a.id}>
                <th scope="row">{a.displayName || accountAddress(a)}</th>
                {rates ? (
                  <>
                    <td>{`${f.inboundPerMinute} ${f.currency}`}</td>
                    <td>{`${f.outboundPerMinute} ${f.currency}`}</td>
                    <td>{`${f.tollFreePerMinute} ${f.currency}`}</td>
                    <td>{`${f.perCallFee} ${f.currency}`}</td>
                    <td>{f.increment}</td>
                  </>
                ) : (
                  <td colSpan={5}>No rate card: calls on this account are not priced.</td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>
        Records are kept {billing.retentionDays === 0 ? 'without a time limit' : `for ${billing.retentionDays} days`}. Calls are{' '}
        {billing.recordCalls ? 'recorded when the caller consents' : 'not recorded'}.
      </p>
      <p className="advice">Rates, retention and erasure are changed by an admin. Export call records from the history on the Agent phone tab.</p>
    </section>
  );
}
