import { openLocationDialog } from '../../controllers/e911-controller';
import { useAppStore } from '../../store/app-store';
import { selectMayGoAvailable } from '../../store/e911-slice';
import { oneLineAddress } from './address-format';

/** Until the agent confirms where they are, every screen says so: 911 needs a dispatchable location. */
export function LocationBanner() {
  const status = useAppStore((s) => s.e911Status);
  const may = useAppStore(selectMayGoAvailable);
  if (may.ok) return null;
  return (
    <section className="location-banner" aria-label="Emergency location" role="status">
      <p>{may.reason}</p>
      {status?.state === 'unconfirmed' && status.location && (
        <p className="location-in-force">
          911 calls now send <strong>{oneLineAddress(status.location.address)}</strong>, marked <strong>unconfirmed</strong>.
        </p>
      )}
      {/* No button until the host answers: it may well say the location is already confirmed. */}
      {status && (
        <button type="button" className="primary" onClick={openLocationDialog}>
          Confirm my location
        </button>
      )}
    </section>
  );
}
