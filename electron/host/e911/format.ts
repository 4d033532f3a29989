import type { CivicAddress } from '../../../shared/e911/civic-address';
import { normaliseMac, type NetworkSnapshot } from '../../../shared/e911/network-mapping';

/**
 * Addresses and networks in the words an agent checks them by. Pure; kept
 * here until shared/ has a home for it (the renderer shows the same line).
 */

/** "Acme Corp, 1633 W 46th Street, Building B, Floor 4, Room 4B20, New York, NY 10036, US". The label is not part of it. */
export function formatAddressLine(a: CivicAddress): string {
  const house = [a.HNO, a.HNS].filter(present).join('');
  const street = [house, a.PRD, a.A6, a.STS, a.POD].filter(present).join(' ');
  const inside = [
    a.BLD && `Building ${a.BLD}`,
    a.FLR && `Floor ${a.FLR}`,
    a.ROOM && `Room ${a.ROOM}`,
    a.LOC,
  ].filter(present);
  const region = [a.A1, a.PC].filter(present).join(' ');
  return [a.NAM, street, ...inside, a.A3, region, a.country].filter(present).join(', ');
}

/** The label when the admin gave one ("HQ 4th floor"), else the one-line address. */
export function addressName(a: CivicAddress): string {
  return a.label ?? formatAddressLine(a);
}

// Loopback and link-local addresses are the same everywhere: noise on a screen that asks "is this where you are?".
const LOCAL_ONLY = /^(127\.|169\.254\.|::1\/|fe80:)/i;

/** "eth0 10.20.4.17/24 · gateway 00:1a:2b:3c:4d:5e · Wi-Fi 3c:84:6a:12:34:56". */
export function networkSummary(net: NetworkSnapshot | null): string {
  if (net === null) return 'The network has not been read yet.';
  const parts: string[] = [];
  for (const i of net.interfaces ?? []) {
    const cidrs = (i.cidrs ?? []).filter((c) => !LOCAL_ONLY.test(c));
    if (cidrs.length > 0) parts.push([i.name, ...cidrs].filter(present).join(' '));
  }
  const gw = normaliseMac(net.gatewayMac);
  if (gw !== null) parts.push(`gateway ${gw}`);
  const bssid = normaliseMac(net.bssid);
  if (bssid !== null) parts.push(`Wi-Fi ${bssid}`);
  const text = parts.length === 0 ? 'No network connection seen' : parts.join(' · ');
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

function present(v: string | undefined | false | null): v is string {
  return typeof v === 'string' && v !== '';
}
