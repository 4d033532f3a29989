import type { CivicAddress } from '../../../shared/e911/civic-address';
import { addressLines } from './address-format';

/** An address in readable lines (street; floor and room; city, state ZIP), with its label above when it has one. */
export function AddressBlock({ address }: { address: CivicAddress }) {
  return (
    <address className="address-block">
      {address.label && <strong>{address.label}</strong>}
      {addressLines(address).map((line) => (
        <span key={line}>{line}</span>
      ))}
    </address>
  );
}
