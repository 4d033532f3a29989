import { openLocationDialog } from '../../controllers/e911-controller';
import { useAppStore } from '../../store/app-store';
import { locationName } from './address-format';

/** The top bar's "Location": what 911 would be told now; click to change it at any time. */
export function LocationItem() {
  const status = useAppStore((s) => s.e911Status);
  if (!status) return null;
  const where = status.location ? locationName(status.location.address) : 'not set';
  const text = status.state === 'confirmed' ? where : status.location ? `${where} (unconfirmed)` : 'not confirmed';
  return (
    <button type="button" className={`location-item state-${status.state}`} onClick={openLocationDialog} title="Change your emergency location">
      Location: {text}
    </button>
  );
}
