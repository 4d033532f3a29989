import type { E911Status, EmergencyLocation } from '../../../shared/contract/e911';
import { matchLocation, networkFingerprint, type NetworkSnapshot } from '../../../shared/e911/network-mapping';
import type { E911Config } from './config-store';
import { addressName, networkSummary } from './format';
import type { AgentLocationState } from './state-store';

/**
 * The agent's location status from what is stored and what the network
 * reader sees now. Pure: the service calls it after every change and sends
 * the result as `e911.changed`.
 */

/** Until the first reading (or on a host with no reader) the network counts as this empty one, consistently for confirm and status. */
export const NO_READING: NetworkSnapshot = { interfaces: [] };

export const REASON_NONE = 'Confirm where you are before going Available: a 911 call sends this address to responders.';

export function locationState(state: AgentLocationState, current: NetworkSnapshot | null): E911Status['state'] {
  if (state.location === null) return 'none';
  if (state.adminChange !== null || state.confirmedFingerprint === null) return 'unconfirmed';
  return networkFingerprint(current ?? NO_READING) === state.confirmedFingerprint ? 'confirmed' : 'unconfirmed';
}

export function deriveStatus(state: AgentLocationState, current: NetworkSnapshot | null, config: E911Config): E911Status {
  const s = locationState(state, current);
  return {
    state: s,
    location: state.location,
    proposal: proposalFor(current ?? NO_READING, config),
    network: { summary: networkSummary(current), fingerprint: networkFingerprint(current ?? NO_READING), changedAt: state.changedAt },
    numbers: config.numbers,
    reason: reasonFor(s, state),
  };
}

function reasonFor(s: E911Status['state'], state: AgentLocationState): string {
  if (s === 'confirmed') return '';
  if (s === 'none' || state.location === null) return REASON_NONE;
  const where = addressName(state.location.address);
  const until = 'Until then a 911 call sends that address marked unconfirmed.';
  if (state.adminChange === 'removed') {
    return `Your administrator removed the registered location you confirmed. Confirm you are still at ${where}, or enter where you are now. ${until}`;
  }
  if (state.adminChange === 'changed') {
    return `Your administrator changed the registered location you confirmed. Confirm you are still at ${where}, or choose the updated location or enter where you are now. ${until}`;
  }
  return `Your network changed. Confirm you are still at ${where}, or enter where you are now. ${until}`;
}

export function proposalFor(net: NetworkSnapshot, config: E911Config): E911Status['proposal'] {
  const m = matchLocation(net, config.mappings);
  const byId = new Map(config.locations.map((l) => [l.id, l]));
  switch (m.kind) {
    case 'none':
      return { kind: 'none' };
    case 'matched': {
      const loc = byId.get(m.locationId);
      return loc ? { kind: 'matched', locationId: loc.id, address: loc.address, by: m.by } : { kind: 'none' };
    }
    case 'ambiguous': {
      const candidates = m.locationIds.map((id) => byId.get(id)).filter((l): l is EmergencyLocation => l !== undefined);
      const only = candidates[0];
      if (candidates.length === 1 && only) return { kind: 'matched', locationId: only.id, address: only.address, by: m.by };
      return candidates.length === 0 ? { kind: 'none' } : { kind: 'ambiguous', candidates };
    }
    default:
      return missingCase(m);
  }
}

function missingCase(x: never): never {
  throw new Error(`unhandled case ${JSON.stringify(x)}`);
}
