import type os from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { interfacesFingerprint, NetworkChangeFeed } from './network-change-feed';
import { FakePower } from './test-support/electron-fakes';

type Ifaces = NodeJS.Dict<os.NetworkInterfaceInfo[]>;
const addr = (address: string, cidr: string, internal = false): os.NetworkInterfaceInfo =>
  ({ address, netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal, cidr }) as os.NetworkInterfaceInfo;

function setup(initial: Ifaces) {
  let ifaces = initial;
  const timers: { fn: () => void; cancelled: boolean }[] = [];
  const power = new FakePower();
  const recheck = vi.fn();
  const feed = new NetworkChangeFeed({
    power,
    interfaces: () => ifaces,
    recheck,
    setTimer: (fn) => {
      const t = { fn, cancelled: false };
      timers.push(t);
      return { cancel: () => (t.cancelled = true) };
    },
    setRepeat: () => ({ cancel: () => undefined }),
  });
  const settle = () => {
    for (const t of timers.splice(0)) if (!t.cancelled) t.fn();
  };
  return { feed, power, recheck, settle, set: (i: Ifaces) => (ifaces = i) };
}

describe('network change feed (E911 re-reads the network at once)', () => {
  const office = { eth0: [addr('10.1.0.5', '10.1.0.5/24')], lo: [addr('127.0.0.1', '127.0.0.1/8', true)] };

  it('an address that changes asks the host to read the network, once the burst settles', () => {
    const { feed, recheck, settle, set } = setup(office);
    feed.check();
    settle();
    expect(recheck).not.toHaveBeenCalled();
    set({ eth0: [] });
    feed.check();
    set({ wlan0: [addr('192.168.7.20', '192.168.7.20/24')] });
    feed.check();
    settle();
    expect(recheck).toHaveBeenCalledTimes(1);
  });

  it('waking from sleep and unlocking the screen ask too', () => {
    const { power, recheck, settle } = setup(office);
    power.emit('resume');
    power.emit('unlock-screen');
    settle();
    expect(recheck).toHaveBeenCalledTimes(1);
  });

  it('stops listening when closed', () => {
    const { feed, power, recheck, settle } = setup(office);
    feed.close();
    power.emit('resume');
    settle();
    expect(recheck).not.toHaveBeenCalled();
    expect(power.listeners.get('resume')).toEqual([]);
  });

  it('the fingerprint ignores order and loopback', () => {
    const a = { eth0: [addr('10.0.0.2', '10.0.0.2/24')], wlan0: [addr('10.9.0.2', '10.9.0.2/16')], lo: [addr('127.0.0.1', '127.0.0.1/8', true)] };
    const b = { wlan0: a.wlan0, eth0: a.eth0 };
    expect(interfacesFingerprint(a)).toBe(interfacesFingerprint(b));
    expect(interfacesFingerprint(a)).not.toContain('127.0.0.1');
  });
});
