import { useEffect, useState } from 'react';
import { loadBilling } from '../../controllers/cdr-controller';
import { useAppStore } from '../../store/app-store';
import { BillingSummary } from './BillingSummary';
import { EraseNumber } from './EraseNumber';
import { RatesEditor } from './RatesEditor';
import { ReconciliationSection } from './ReconciliationSection';
import { RetentionForm } from './RetentionForm';

/** The "Calls & billing" tab: supervisors read the rates and retention; admins reconcile, edit them and erase. */
export function BillingConsole() {
  const admin = useAppStore((s) => s.settings?.profile.role === 'admin');
  const billing = useAppStore((s) => s.billing);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    void loadBilling().then((r) => setLoadError(r.ok ? null : r.reason));
  }, []);
  return (
    <main className="billing-console">
      <h2>Calls &amp; billing</h2>
      {loadError && (
        <p className="field-error" role="alert">
          Rates and retention could not be read: {loadError}
        </p>
      )}
      {!billing && !loadError && <p aria-busy="true">Loading rates and retention…</p>}
      {admin ? (
        <>
          <ReconciliationSection />
          {billing && <RatesEditor billing={billing} />}
          {billing && <RetentionForm billing={billing} />}
          <EraseNumber />
        </>
      ) : (
        billing && <BillingSummary billing={billing} />
      )}
    </main>
  );
}
