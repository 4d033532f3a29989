import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger, useTempDirs } from '../../test-support/temp-dir';
import { FileNetworkReader, OsNetworkReader, defaultGateway, macFor } from './network-reader';
import { HOME_NET, HQ, makeHarness, OFFICE_NET } from './test-fixtures';

const tempDir = useTempDirs();

const ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0
eth0\t00000000\t01140A0A\t0003\t0\t0\t100\t00000000\t0\t0\t0
eth0\t00140A0A\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
`;
const ARP = `IP address       HW type     Flags       HW address            Mask     Device
10.10.20.1       0x1         0x2         00:1A:2B:3C:4D:5E     *        eth0
192.168.1.1      0x1         0x0         00:00:00:00:00:00     *        wlan0
`;

describe('OsNetworkReader', () => {
  it('reads non-internal interfaces and, on Linux, the default gateway MAC from /proc/net; no BSSID', async () => {
    const proc = tempDir();
    fs.writeFileSync(path.join(proc, 'route'), ROUTE);
    fs.writeFileSync(path.join(proc, 'arp'), ARP);
    const reader = new OsNetworkReader({
      platform: 'linux',
      procNetDir: proc,
      interfaces: () => ({
        lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
        eth0: [
          { address: '10.10.20.17', netmask: '255.255.255.0', family: 'IPv4', mac: '00:11:22:33:44:55', internal: false, cidr: '10.10.20.17/24' },
          { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:11:22:33:44:55', internal: false, cidr: 'fe80::1/64', scopeid: 2 },
        ],
      }),
    });
    expect(await reader.read()).toEqual({ interfaces: [{ name: 'eth0', cidrs: ['10.10.20.17/24', 'fe80::1/64'] }], gatewayMac: '00:1a:2b:3c:4d:5e', bssid: null });
  });

  it('picks the default route with the lowest metric, and only a complete ARP entry', () => {
    expect(defaultGateway(ROUTE)).toBe('10.10.20.1');
    expect(macFor(ARP, '192.168.1.1')).toBeNull();
    expect(defaultGateway('Iface\tDestination\n')).toBeNull();
  });

  it('reports interfaces only elsewhere, or when /proc is missing', async () => {
    const interfaces = () => ({ en0: [{ address: '10.0.0.2', netmask: '255.255.255.0', family: 'IPv4' as const, mac: 'x', internal: false, cidr: '10.0.0.2/24' }] });
    expect(await new OsNetworkReader({ platform: 'darwin', interfaces }).read()).toMatchObject({ gatewayMac: null, bssid: null });
    expect(await new OsNetworkReader({ platform: 'linux', procNetDir: path.join(tempDir(), 'none'), interfaces }).read()).toMatchObject({ gatewayMac: null });
  });
});

describe('FileNetworkReader', () => {
  it('keeps the previous snapshot when the file goes missing or invalid, warning once per problem', async () => {
    const file = path.join(tempDir(), 'net.json');
    const { logger, lines } = memoryLogger();
    const reader = new FileNetworkReader(file, logger.child('e911'));
    await expect(reader.read()).rejects.toThrow(/does not exist/);
    fs.writeFileSync(file, JSON.stringify(OFFICE_NET));
    expect(await reader.read()).toEqual(OFFICE_NET);
    fs.writeFileSync(file, '{"interfaces": 3}');
    expect(await reader.read()).toEqual(OFFICE_NET);
    expect(await reader.read()).toEqual(OFFICE_NET);
    fs.rmSync(file);
    expect(await reader.read()).toEqual(OFFICE_NET);
    expect(lines.filter((l) => l.level === 'warn').map((l) => (l.fields as { problem: string }).problem)).toEqual([
      'the file does not exist',
      expect.stringContaining('interfaces'),
      'the file does not exist',
    ]);
  });
});

describe('NetworkWatcher with a FileNetworkReader', () => {
  it('a network change unconfirms the location: audit, state file and e911.changed; a bad file is not a change', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'net.json');
    fs.writeFileSync(file, JSON.stringify(OFFICE_NET));
    const { logger } = memoryLogger();
    const h = makeHarness(tempDir, { networkReader: new FileNetworkReader(file, logger.child('net')), pollMs: 60_000 });
    const watcher = h.service.watcher;
    if (!watcher) throw new Error('no watcher');
    await watcher.poll();
    expect(h.service.confirm({ address: HQ })).toMatchObject({ confirmed: true, status: { state: 'confirmed' } });

    fs.writeFileSync(file, 'garbage');
    await watcher.poll();
    expect(h.service.status().state).toBe('confirmed');

    fs.writeFileSync(file, JSON.stringify(HOME_NET));
    h.changed.length = 0;
    await watcher.poll();
    const status = h.service.status();
    expect(status.state).toBe('unconfirmed');
    expect(status.location?.address).toEqual(HQ);
    expect(status.reason).toBe(
      'Your network changed. Confirm you are still at HQ 4th floor, or enter where you are now. Until then a 911 call sends that address marked unconfirmed.',
    );
    expect(status.network.summary).toBe('wlan0 192.168.1.23/24 · gateway aa:bb:cc:00:11:22');
    expect(status.network.changedAt).not.toBeNull();
    expect(h.changed.map((s) => s.state)).toEqual(['unconfirmed']);
    expect(h.service.auditList(10).map((e) => e.kind)).toEqual(['location.unconfirmed', 'network.changed', 'location.confirmed']);
    expect(h.service.auditList(10)[1]?.details).toMatchObject({ from: 'eth0 10.20.4.17/24 · gateway 00:1a:2b:3c:4d:5e', network: status.network.summary });
    const saved = JSON.parse(fs.readFileSync(path.join(h.dataDir, 'e911-state.json'), 'utf8'));
    expect(saved.lastSnapshot).toEqual(HOME_NET);
    h.service.close();
  });

  it('starts reading at start() and every pollMs until stopped', async () => {
    const file = path.join(tempDir(), 'net.json');
    fs.writeFileSync(file, JSON.stringify(OFFICE_NET));
    const { logger } = memoryLogger();
    const h = makeHarness(tempDir, { networkReader: new FileNetworkReader(file, logger.child('net')), pollMs: 20 });
    h.service.start();
    await waitFor(() => h.service.status().network.summary.startsWith('eth0'));
    fs.writeFileSync(file, JSON.stringify(HOME_NET));
    await waitFor(() => h.service.status().network.summary.startsWith('wlan0'));
    h.service.close();
    fs.writeFileSync(file, JSON.stringify(OFFICE_NET));
    await new Promise((r) => setTimeout(r, 80));
    expect(h.service.status().network.summary.startsWith('wlan0')).toBe(true);
  });
});

async function waitFor(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
