import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, formatCidr, parseCidr, parseIp } from './cidr';
import { checkNetworkMappings, matchLocation, networkChanged, networkFingerprint, normaliseMac, type NetworkMappings, type NetworkSnapshot } from './network-mapping';

const must = <T>(v: T | null): T => {
  if (v === null) throw new Error('expected a value');
  return v;
};
const inside = (cidr: string, ip: string) => cidrContains(must(parseCidr(cidr)), must(parseIp(ip)));

describe('CIDR math', () => {
  it.each([
    ['10.0.0.0/8', '10.255.1.2', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['192.168.4.0/22', '192.168.7.255', true],
    ['192.168.4.0/22', '192.168.8.0', false],
    ['0.0.0.0/0', '203.0.113.9', true],
    ['203.0.113.9/32', '203.0.113.9', true],
    ['203.0.113.9', '203.0.113.10', false],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['2001:db8:4::/64', '2001:DB8:4:0:abcd::9', true],
    ['2001:db8:0:4::/63', '2001:db8:0:5::1', true],
    ['2001:db8:4::/64', '2001:db8:5::1', false],
    ['::/0', '::1', true],
    ['10.0.0.0/8', '::ffff:10.1.2.3', true],
    ['10.0.0.0/8', '2001:db8::1', false],
    ['fe80::/10', 'fe80::1%eth0', true],
  ])('%s contains %s: %s', (cidr, ip, want) => expect(inside(cidr, ip)).toBe(want));

  it.each(['10.0.0.256', '10.0.0', '010.0.0.1', '1.2.3.4/33', '1.2.3.4/-1', '2001:db8::/129', '1::2::3', '1:2:3:4:5:6:7:8:9', '1.2.3.4::', 'g::1', '', '/24', '1.2.3.4/24/1'])(
    'refuses %j',
    (text) => expect(parseCidr(text)).toBeNull(),
  );

  it('clears host bits and formats a canonical key', () => {
    expect(formatCidr(must(parseCidr('10.1.2.3/24')))).toBe('10.1.2.0/24');
    expect(formatCidr(must(parseCidr('2001:db8:0:0:1::5/64')))).toBe('2001:db8:0:0:0:0:0:0/64');
    expect(formatCidr(must(parseCidr('::ffff:10.9.9.9/104')))).toBe('10.0.0.0/8');
  });

  it('agrees with plain integer math for IPv4', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.ipV4(), fc.integer({ min: 0, max: 32 }), (a, b, p) => {
        const toInt = (s: string) => s.split('.').reduce((v, o) => v * 256 + Number(o), 0);
        const same = Math.floor(toInt(a) / 2 ** (32 - p)) === Math.floor(toInt(b) / 2 ** (32 - p));
        expect(inside(`${a}/${p}`, b)).toBe(same);
      }),
    );
  });

  it('every IPv6 address fast-check makes is inside its own /0../128 prefixes', () => {
    fc.assert(fc.property(fc.ipV6(), fc.integer({ min: 0, max: 128 }), (a, p) => {
        expect(inside(`${a}/${p}`, a)).toBe(true);
      }),
    );
  });
});

const mappings: NetworkMappings = {
  bssids: [{ bssid: '3C-84-6A-12-34-56', locationId: 'floor-3-ap' }],
  gatewayMacs: [{ mac: '001a.2b3c.4d5e', locationId: 'site-gw' }],
  subnets: [
    { cidr: '10.20.0.0/16', locationId: 'campus' },
    { cidr: '10.20.4.0/24', locationId: 'building-b-4' },
    { cidr: '2001:db8:4::/64', locationId: 'building-b-4' },
    { cidr: 'not a cidr', locationId: 'never' },
  ],
};
const net = (over: Partial<NetworkSnapshot> = {}): NetworkSnapshot => ({
  interfaces: [{ name: 'lo', cidrs: ['127.0.0.1/8', '::1/128'] }, { name: 'en0', cidrs: ['10.20.4.17/24', 'fe80::1/64'] }],
  ...over,
});

describe('matchLocation', () => {
  it('BSSID beats gateway MAC beats subnet, comparing MACs in any notation', () => {
    expect(matchLocation(net({ bssid: '3c:84:6a:12:34:56', gatewayMac: '00:1A:2B:3C:4D:5E' }), mappings)).toEqual({ kind: 'matched', locationId: 'floor-3-ap', by: 'bssid', rule: '3c:84:6a:12:34:56' });
    expect(matchLocation(net({ bssid: '3c:84:6a:00:00:01', gatewayMac: '00-1a-2b-3c-4d-5e' }), mappings)).toEqual({ kind: 'matched', locationId: 'site-gw', by: 'gateway-mac', rule: '00:1a:2b:3c:4d:5e' });
    expect(matchLocation(net({ gatewayMac: '00:00:00:00:00:00' }), mappings)).toEqual({ kind: 'matched', locationId: 'building-b-4', by: 'subnet', rule: '10.20.4.0/24' });
  });

  it('takes the longest prefix, not the first mapping', () => {
    expect(matchLocation(net({ interfaces: [{ cidrs: ['10.20.9.1/24'] }] }), mappings)).toMatchObject({ locationId: 'campus' });
    expect(matchLocation(net({ interfaces: [{ cidrs: ['10.20.4.1/24'] }] }), { subnets: [...(mappings.subnets ?? [])].reverse() })).toMatchObject({ locationId: 'building-b-4' });
  });

  it('agrees across IPv4 and IPv6 or says it is ambiguous', () => {
    expect(matchLocation(net({ interfaces: [{ cidrs: ['10.20.4.17/24', '2001:db8:4::9/64'] }] }), mappings)).toEqual({ kind: 'matched', locationId: 'building-b-4', by: 'subnet', rule: '10.20.4.0/24 2001:db8:4:0:0:0:0:0/64' });
    expect(matchLocation(net({ interfaces: [{ cidrs: ['10.20.9.17/24', '2001:db8:4::9/64'] }] }), mappings)).toEqual({ kind: 'ambiguous', by: 'subnet', locationIds: ['building-b-4', 'campus'] });
  });

  it('reports conflicting admin mappings as ambiguous instead of guessing', () => {
    const twice: NetworkMappings = { bssids: [{ bssid: 'aa:bb:cc:dd:ee:ff', locationId: 'a' }, { bssid: 'AABBCCDDEEFF', locationId: 'b' }] };
    expect(matchLocation(net({ bssid: 'aa:bb:cc:dd:ee:ff' }), twice)).toEqual({ kind: 'ambiguous', by: 'bssid', locationIds: ['a', 'b'] });
  });

  it('ignores loopback and link-local addresses and finds nothing off the map', () => {
    expect(matchLocation(net({ interfaces: [{ cidrs: ['127.0.0.1/8', '169.254.3.3/16', 'fe80::1/64'] }] }), { subnets: [{ cidr: '0.0.0.0/0', locationId: 'x' }, { cidr: '::/0', locationId: 'x' }] })).toEqual({ kind: 'none' });
    expect(matchLocation(net({ interfaces: [{ cidrs: ['192.0.2.1/24', 'junk'] }] }), mappings)).toEqual({ kind: 'none' });
  });

  it('lists mapping entries that can never match', () => {
    expect(checkNetworkMappings(mappings)).toEqual([{ field: 'subnets[3].cidr', message: 'enter the subnet in CIDR form such as 10.20.4.0/24 or 2001:db8:4::/64' }]);
  });
});

describe('networkChanged', () => {
  it('is true on first run and when subnet, gateway, BSSID or a VPN interface changes', () => {
    const a = net({ gatewayMac: '00:1a:2b:3c:4d:5e', bssid: null });
    expect(networkChanged(null, a)).toBe(true);
    expect(networkChanged(a, { ...a, gatewayMac: '00:1a:2b:3c:4d:5f' })).toBe(true);
    expect(networkChanged(a, { ...a, bssid: '3c:84:6a:12:34:56' })).toBe(true);
    expect(networkChanged(a, { ...a, interfaces: [{ cidrs: ['10.20.5.17/24'] }] })).toBe(true);
    expect(networkChanged(a, { ...a, interfaces: [...a.interfaces, { name: 'utun3', cidrs: ['100.64.0.2/32'] }] })).toBe(true);
  });

  it('is false for a new lease in the same subnet, a rotated IPv6 address, reordering, or MAC notation', () => {
    const a = net({ gatewayMac: '00:1a:2b:3c:4d:5e', interfaces: [{ cidrs: ['10.20.4.17/24', '2001:db8:4::aaaa/64'] }] });
    const b = net({ gatewayMac: '00-1A-2B-3C-4D-5E', interfaces: [{ name: 'lo', cidrs: ['127.0.0.1/8'] }, { cidrs: ['2001:db8:4::bbbb/64', '10.20.4.99/24', 'fe80::9/64'] }] });
    expect(networkFingerprint(a)).toBe(networkFingerprint(b));
    expect(networkChanged(a, b)).toBe(false);
  });

  it('normalises MACs and refuses placeholders', () => {
    expect(normaliseMac('001A.2B3C.4D5E')).toBe('00:1a:2b:3c:4d:5e');
    expect(normaliseMac('ff:ff:ff:ff:ff:ff')).toBeNull();
    expect(normaliseMac('00:1a:2b')).toBeNull();
    expect(normaliseMac(undefined)).toBeNull();
  });
});
