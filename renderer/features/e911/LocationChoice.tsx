import { useState } from 'react';
import { confirmLocation, confirmPreviousLocation } from '../../controllers/e911-controller';
import { AddressBlock } from './AddressBlock';
import { IssueSummary } from './IssueSummary';
import type { LocationOption } from './location-options';
import { locationName, oneLineAddress } from './address-format';

/**
 * "I am here": one place is shown as an address; several (an ambiguous
 * network, or the network's match and the location in force before) as a
 * radio list, with the network's proposal chosen when there is one.
 */
export function LocationChoice({ options, matched }: { options: readonly LocationOption[]; matched: boolean }) {
  const [chosen, setChosen] = useState<string | null>(matched ? (options[0]?.key ?? null) : options.length === 1 ? (options[0]?.key ?? null) : null);
  const [saving, setSaving] = useState(false);
  const [reason, setReason] = useState<string | null>(null);
  const option = options.find((o) => o.key === chosen) ?? null;

  const confirm = async () => {
    if (!option) return;
    setSaving(true);
    setReason(null);
    const r = option.previous || option.locationId === null ? await confirmPreviousLocation() : await confirmLocation(option.locationId);
    if (r.ok) return; // the dialog closes
    setSaving(false);
    setReason(r.reason ?? r.issues.map((i) => i.message).join('; '));
  };

  return (
    <div className="location-choice">
      {options.length === 1 && options[0] ? (
        <>
          <p>{options[0].previous ? 'Your last confirmed location:' : 'Your network says you are at:'}</p>
          <AddressBlock address={options[0].address} />
        </>
      ) : (
        <fieldset>
          <legend>Where are you?</legend>
          {options.map((o) => (
            <label key={o.key} className="location-option">
              <input type="radio" name="e911-location" value={o.key} checked={chosen === o.key} onChange={() => setChosen(o.key)} disabled={saving} />
              <span>
                <strong>{o.previous ? `Still at my last confirmed location: ${locationName(o.address)}` : locationName(o.address)}</strong>
                {o.address.label && <span className="uri"> {oneLineAddress(o.address)}</span>}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <IssueSummary issues={[]} reason={reason} />
      <button type="button" className="primary" disabled={saving || option === null} onClick={() => void confirm()}>
        {saving ? 'Saving…' : 'I am here'}
      </button>
    </div>
  );
}
