import { cidrContains, formatCidr, parseCidr, parseIp, type Cidr, type Ip, type IpFamily } from './cidr';

/**
 * Automated dispatchable location for a softphone (standards.md 3.3: a
 * non-fixed device sends an automated location where technically feasible):
 * the machine's network is matched against the admin's mappings. Precedence
 * runs from the most to the least local signal: a Wi-Fi BSSID is one access
 * point on one floor, a gateway MAC one router (one site or floor), a subnet
 * can span a campus or be routed anywhere over a VPN.
 */

/** What the host's network reader reports; any of it may be missing. */
export type NetworkSnapshot = {
  /** Each interface's addresses with their prefix, e.g. "10.20.4.17/24", "2001:db8:4::9/64". */
  interfaces: Array<{ name?: string; cidrs: string[] }>;
  gatewayMac?: string | null;
  bssid?: string | null;
};

export type NetworkMappings = {
  bssids?: Array<{ bssid: string; locationId: string }>;
  gatewayMacs?: Array<{ mac: string; locationId: string }>;
  subnets?: Array<{ cidr: string; locationId: string }>;
};

export type MatchedBy = 'bssid' | 'gateway-mac' | 'subnet';
export type LocationMatch =
  | { kind: 'matched'; locationId: string; by: MatchedBy; rule: string }
  /** The mappings disagree at the strongest signal that matched: ask the user rather than guess where a 911 caller is. */
  | { kind: 'ambiguous'; by: MatchedBy; locationIds: string[] }
  | { kind: 'none' };

export function matchLocation(net: NetworkSnapshot, mappings: NetworkMappings): LocationMatch {
  const bssid = normaliseMac(net.bssid);
  if (bssid !== null) {
    const hits = (mappings.bssids ?? []).filter((m) => normaliseMac(m.bssid) === bssid);
    if (hits.length > 0) return decide('bssid', hits.map((h) => h.locationId), bssid);
  }
  const gw = normaliseMac(net.gatewayMac);
  if (gw !== null) {
    const hits = (mappings.gatewayMacs ?? []).filter((m) => normaliseMac(m.mac) === gw);
    if (hits.length > 0) return decide('gateway-mac', hits.map((h) => h.locationId), gw);
  }
  return matchSubnet(hostAddresses(net), mappings.subnets ?? []);
}

/**
 * Longest prefix wins within a family. IPv4 and IPv6 prefix lengths do not
 * compare (a /64 is one LAN, like a /24), so if each family has a winner and
 * they name different locations the answer is ambiguous.
 */
function matchSubnet(hosts: Ip[], subnets: NonNullable<NetworkMappings['subnets']>): LocationMatch {
  const best = new Map<IpFamily, { prefix: number; ids: Set<string>; rule: string }>();
  for (const m of subnets) {
    const cidr = parseCidr(m.cidr);
    if (cidr === null || !hosts.some((h) => cidrContains(cidr, h))) continue;
    const cur = best.get(cidr.family);
    if (cur === undefined || cidr.prefix > cur.prefix) best.set(cidr.family, { prefix: cidr.prefix, ids: new Set([m.locationId]), rule: formatCidr(cidr) });
    else if (cidr.prefix === cur.prefix) cur.ids.add(m.locationId);
  }
  const winners = [...best.values()];
  if (winners.length === 0) return { kind: 'none' };
  const ids = [...new Set(winners.flatMap((w) => [...w.ids]))];
  const only = ids[0];
  if (ids.length === 1 && only !== undefined) return { kind: 'matched', locationId: only, by: 'subnet', rule: winners.map((w) => w.rule).join(' ') };
  return { kind: 'ambiguous', by: 'subnet', locationIds: ids.sort() };
}

function decide(by: MatchedBy, ids: string[], rule: string): LocationMatch {
  const unique = [...new Set(ids)];
  const only = unique[0];
  if (unique.length === 1 && only !== undefined) return { kind: 'matched', locationId: only, by, rule };
  return { kind: 'ambiguous', by, locationIds: unique.sort() };
}

/**
 * The network's identity: BSSID, gateway MAC and the set of subnets, not the
 * host addresses. A renewed DHCP lease in the same subnet or a rotated IPv6
 * temporary address is not a move; a new subnet, VPN up or down, another
 * router or access point is (standards.md 3.3 checklist item 2).
 */
export function networkFingerprint(net: NetworkSnapshot): string {
  const subnets = new Set<string>();
  for (const i of net.interfaces ?? []) {
    for (const text of i.cidrs ?? []) {
      const c = parseCidr(text);
      if (c !== null && !isLocalOnly({ family: c.family, value: c.network })) subnets.add(formatCidr(c));
    }
  }
  return [`bssid=${normaliseMac(net.bssid) ?? ''}`, `gw=${normaliseMac(net.gatewayMac) ?? ''}`, `nets=${[...subnets].sort().join(',')}`].join('|');
}

/** True when the user must confirm or update the location again; no previous snapshot (first run) counts as a change. */
export function networkChanged(prev: NetworkSnapshot | null | undefined, next: NetworkSnapshot): boolean {
  return prev == null || networkFingerprint(prev) !== networkFingerprint(next);
}

/** aa:bb:cc:dd:ee:ff from colon, dash or Cisco dot notation; null for unknown or all-zero/broadcast placeholders. */
export function normaliseMac(mac: string | null | undefined): string | null {
  if (typeof mac !== 'string') return null;
  const hex = mac.trim().toLowerCase().replace(/[:.-]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex) || /^0{12}$|^f{12}$/.test(hex)) return null;
  return hex.match(/../g)?.join(':') ?? null;
}

/** Mapping entries that can never match, for the admin screen. */
export function checkNetworkMappings(m: NetworkMappings): Array<{ field: string; message: string }> {
  const issues: Array<{ field: string; message: string }> = [];
  (m.bssids ?? []).forEach((e, i) => {
    if (normaliseMac(e.bssid) === null) issues.push({ field: `bssids[${i}].bssid`, message: 'enter the BSSID as six hex pairs such as 3c:84:6a:12:34:56' });
  });
  (m.gatewayMacs ?? []).forEach((e, i) => {
    if (normaliseMac(e.mac) === null) issues.push({ field: `gatewayMacs[${i}].mac`, message: 'enter the gateway MAC as six hex pairs such as 00:1a:2b:3c:4d:5e' });
  });
  (m.subnets ?? []).forEach((e, i) => {
    if (parseCidr(e.cidr) === null) issues.push({ field: `subnets[${i}].cidr`, message: 'enter the subnet in CIDR form such as 10.20.4.0/24 or 2001:db8:4::/64' });
  });
  return issues;
}

function hostAddresses(net: NetworkSnapshot): Ip[] {
  const hosts: Ip[] = [];
  for (const i of net.interfaces ?? []) {
    for (const text of i.cidrs ?? []) {
      const ip = parseIp(text.split('/')[0] ?? '');
      if (ip !== null && !isLocalOnly(ip)) hosts.push(ip);
    }
  }
  return hosts;
}

// Loopback and link-local look the same on every network, so they say nothing about where the machine is.
const LOCAL_ONLY: Cidr[] = ['127.0.0.0/8', '169.254.0.0/16', '::1/128', 'fe80::/10'].flatMap((t) => parseCidr(t) ?? []);

function isLocalOnly(ip: Ip): boolean {
  return LOCAL_ONLY.some((c) => cidrContains(c, ip));
}
