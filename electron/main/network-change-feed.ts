import type os from 'node:os';

/** What the feed uses of Electron's powerMonitor. */
export type PowerEvents = {
  on(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
  removeListener(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
};

export type NetworkChangeFeedDeps = {
  power: PowerEvents;
  /** os.networkInterfaces (tests give their own). */
  interfaces: () => NodeJS.Dict<os.NetworkInterfaceInfo[]>;
  /** Ask the host to read the network now: for E911, HostServices.e911.watcher.poll(). */
  recheck: () => void;
  /** How often the interface list is compared (default 1000 ms; reading it costs one getifaddrs). */
  checkMs?: number;
  /** Changes come in bursts (link down, address gone, new address): one recheck after it settles. */
  settleMs?: number;
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
  setRepeat?: (fn: () => void, ms: number) => { cancel(): void };
};

/** The interfaces and their addresses, order-free: what changes when the machine changes network. */
export function interfacesFingerprint(ifaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>): string {
  const lines: string[] = [];
  for (const [name, infos] of Object.entries(ifaces)) {
    for (const i of infos ?? []) if (!i.internal) lines.push(`${name} ${i.cidr ?? i.address} ${i.mac}`);
  }
  return lines.sort().join('\n');
}

/**
 * Tells the host at once when the OS network changes, instead of at the E911
 * watcher's next poll: an interface or address appears or goes, or the
 * machine wakes from sleep or is unlocked (a laptop carried to another floor
 * wakes on another network before any timer fires). The host decides whether
 * it is a different network; this only says "read it now".
 */
export class NetworkChangeFeed {
  private last: string;
  private pending: { cancel(): void } | null = null;
  private readonly repeat: { cancel(): void };
  private readonly onPower = () => this.changed();
  private readonly setTimer: NonNullable<NetworkChangeFeedDeps['setTimer']>;

  constructor(private readonly deps: NetworkChangeFeedDeps) {
    this.setTimer = deps.setTimer ?? unrefTimeout;
    this.last = this.read();
    deps.power.on('resume', this.onPower);
    deps.power.on('unlock-screen', this.onPower);
    this.repeat = (deps.setRepeat ?? unrefInterval)(() => this.check(), deps.checkMs ?? 1000);
  }

  /** Compare the interfaces with the last look; a difference is a change. */
  check(): void {
    const now = this.read();
    if (now === this.last) return;
    this.last = now;
    this.changed();
  }

  close(): void {
    this.repeat.cancel();
    this.pending?.cancel();
    this.pending = null;
    this.deps.power.removeListener('resume', this.onPower);
    this.deps.power.removeListener('unlock-screen', this.onPower);
  }

  private changed(): void {
    this.pending?.cancel();
    this.pending = this.setTimer(() => {
      this.pending = null;
      this.last = this.read();
      this.deps.recheck();
    }, this.deps.settleMs ?? 500);
  }

  private read(): string {
    try {
      return interfacesFingerprint(this.deps.interfaces());
    } catch {
      return this.last ?? '';
    }
  }
}

function unrefTimeout(fn: () => void, ms: number): { cancel(): void } {
  const t = setTimeout(fn, ms);
  t.unref();
  return { cancel: () => clearTimeout(t) };
}

function unrefInterval(fn: () => void, ms: number): { cancel(): void } {
  const t = setInterval(fn, ms);
  t.unref();
  return { cancel: () => clearInterval(t) };
}
