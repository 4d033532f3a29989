import type { E911Status } from '../../../shared/contract/e911';
import type { CivicAddress } from '../../../shared/e911/civic-address';

/** Where the agent may say they are: the network's match or candidates, and the location in force before. */
export type LocationOption = { key: string; locationId: string | null; address: CivicAddress; previous: boolean };

export function locationOptions(status: E911Status): LocationOption[] {
  const p = status.proposal;
  const proposed: LocationOption[] =
    p.kind === 'matched'
      ? [{ key: `id:${p.locationId}`, locationId: p.locationId, address: p.address, previous: false }]
      : p.kind === 'ambiguous'
        ? p.candidates.map((c) => ({ key: `id:${c.id}`, locationId: c.id, address: c.address, previous: false }))
        : [];
  const last = status.location;
  if (!last) return proposed;
  const key = last.locationId ? `id:${last.locationId}` : 'previous';
  if (proposed.some((o) => o.key === key)) return proposed;
  return [...proposed, { key, locationId: last.locationId, address: last.address, previous: true }];
}
