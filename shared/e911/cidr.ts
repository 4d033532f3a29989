/**
 * IPv4 and IPv6 addresses and prefixes as bigints: pure math, no platform
 * parser (shared/ has none). Strict on input: an address that does not parse
 * matches nothing rather than something.
 */
export type IpFamily = 4 | 6;
export type Ip = { family: IpFamily; value: bigint };
/** A prefix with its host bits cleared. */
export type Cidr = { family: IpFamily; network: bigint; prefix: number };

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

export function parseIp(text: string): Ip | null {
  const s = text.trim();
  const v4 = parseIpv4(s);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = parseIpv6(s.replace(/%[^%]*$/, '')); // a zone id (fe80::1%eth0) names an interface, not an address
  if (v6 === null) return null;
  // An IPv4-mapped address (::ffff:a.b.c.d) is that IPv4 host; match it against IPv4 subnets.
  if (v6 >> 32n === 0xffffn) return { family: 4, value: v6 & 0xffffffffn };
  return { family: 6, value: v6 };
}

/** "10.1.2.3/24", "2001:db8::/32", or a bare address (a host prefix). Host bits are cleared. */
export function parseCidr(text: string): Cidr | null {
  const [addr, len, extra] = text.trim().split('/');
  if (addr === undefined || extra !== undefined) return null;
  const ip = parseIp(addr);
  if (ip === null) return null;
  const bits = BITS[ip.family];
  let prefix = bits;
  if (len !== undefined) {
    if (!/^\d{1,3}$/.test(len)) return null;
    prefix = Number(len);
    if (ip.family === 4 && /::ffff:/i.test(addr)) prefix -= 96; // ::ffff:10.0.0.0/104 is 10.0.0.0/8
    if (prefix < 0 || prefix > bits) return null;
  }
  return { family: ip.family, network: ip.value & mask(ip.family, prefix), prefix };
}

export function cidrContains(cidr: Cidr, ip: Ip): boolean {
  return cidr.family === ip.family && (ip.value & mask(ip.family, cidr.prefix)) === cidr.network;
}

export function formatCidr(c: Cidr): string {
  return `${c.family === 4 ? formatIpv4(c.network) : formatIpv6(c.network)}/${c.prefix}`;
}

function mask(family: IpFamily, prefix: number): bigint {
  const bits = BigInt(BITS[family]);
  const all = (1n << bits) - 1n;
  return (all << (bits - BigInt(prefix))) & all;
}

// Decimal octets only: leading zeros are refused because some stacks read them as octal.
const OCTET = /^(?:0|[1-9]\d{0,2})$/;

function parseIpv4(s: string): bigint | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let v = 0n;
  for (const p of parts) {
    if (!OCTET.test(p) || Number(p) > 255) return null;
    v = (v << 8n) | BigInt(p);
  }
  return v;
}

function formatIpv4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
}

/** Eight uncompressed groups: a canonical key, not for display. */
function formatIpv6(v: bigint): string {
  return Array.from({ length: 8 }, (_, i) => ((v >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
}

function parseIpv6(s: string): bigint | null {
  if (s === '' || !/^[0-9A-Fa-f:.]+$/.test(s)) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const compressed = halves.length === 2;
  // A dotted quad may only fill the last 32 bits: the end of the tail, or of the head when nothing is compressed.
  const groups = (h: string | undefined, last: boolean): number[] | null => {
    if (h === undefined || h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as string;
      if (last && i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p); // a trailing dotted quad fills the last 32 bits
        if (v4 === null) return null;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0], !compressed);
  const tail = groups(halves[1], true);
  if (head === null || tail === null) return null;
  const fill = 8 - head.length - tail.length;
  if (compressed ? fill < 1 : fill !== 0) return null;
  const all = [...head, ...Array<number>(compressed ? fill : 0).fill(0), ...tail];
  return all.reduce((v, g) => (v << 16n) | BigInt(g), 0n);
}
