import { useEffect, useRef, useState } from 'react';
import type { E911Status } from '../../../shared/contract/e911';
import { closeLocationDialog } from '../../controllers/e911-controller';
import { useAppStore } from '../../store/app-store';
import { AddressForm } from './AddressForm';
import { addressInputFrom, emptyAddressInput } from './address-input';
import { LocationChoice } from './LocationChoice';
import { locationOptions } from './location-options';

/** "Confirm your emergency location": the network's proposal, the last location, or an address typed in. */
export function LocationConfirm() {
  const open = useAppStore((s) => s.locationDialogOpen);
  const status = useAppStore((s) => s.e911Status);
  if (!open || !status) return null;
  return <LocationDialog key={status.network.fingerprint} status={status} />;
}

function LocationDialog({ status }: { status: E911Status }) {
  const options = locationOptions(status);
  const [typing, setTyping] = useState(options.length === 0);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  const last = status.location;
  const initial = last && last.source === 'manual' ? addressInputFrom(last.address) : emptyAddressInput();

  return (
    <div className="dialog-backdrop">
      <div
        ref={box}
        className="dialog e911-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Confirm your emergency location"
        tabIndex={-1}
        onKeyDown={(e) => e.key === 'Escape' && closeLocationDialog()}
      >
        <h2>Confirm your emergency location</h2>
        <p className="advice">If you call 911, this is the address sent to the dispatcher. Network: {status.network.summary}</p>
        {!typing && options.length > 0 && <LocationChoice options={options} matched={status.proposal.kind === 'matched'} />}
        <div className="controls">
          <button type="button" onClick={() => setTyping(true)} aria-expanded={typing}>
            I am somewhere else
          </button>
          {typing && options.length > 0 && (
            <button type="button" onClick={() => setTyping(false)}>
              Back
            </button>
          )}
          <button type="button" onClick={closeLocationDialog}>
            Not now
          </button>
        </div>
        {typing && <AddressForm initial={initial} />}
      </div>
    </div>
  );
}
