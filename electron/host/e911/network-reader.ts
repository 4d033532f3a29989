import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NetworkSnapshot } from '../../../shared/e911/network-mapping';
import type { ScopedLogger } from '../logger';
import { NetworkSnapshotSchema } from './network-snapshot';

/** Where the host learns which network it is on (docs/e911.md "How the network is read"). */
export type NetworkReader = { read(): Promise<NetworkSnapshot> };

export type OsNetworkReaderOptions = {
  platform?: NodeJS.Platform;
  /** Linux only: the folder holding `route` and `arp` (tests point it at fixtures). */
  procNetDir?: string;
  interfaces?: () => NodeJS.Dict<os.NetworkInterfaceInfo[]>;
};

/**
 * The operating system's view: every non-internal interface address with its
 * prefix; on Linux also the default gateway's MAC, from /proc/net/route and
 * the neighbour table in /proc/net/arp, no tools needed. The Wi-Fi BSSID is
 * not read: on Linux that needs `iw` or NetworkManager, which a contact
 * centre desktop may not have, so bssid is null and BSSID mappings match
 * only through --network-file. Other systems report interfaces only.
 */
export class OsNetworkReader implements NetworkReader {
  private readonly platform: NodeJS.Platform;
  private readonly procNetDir: string;
  private readonly interfaces: () => NodeJS.Dict<os.NetworkInterfaceInfo[]>;

  constructor(opts: OsNetworkReaderOptions = {}) {
    this.platform = opts.platform ?? process.platform;
    this.procNetDir = opts.procNetDir ?? '/proc/net';
    this.interfaces = opts.interfaces ?? os.networkInterfaces;
  }

  async read(): Promise<NetworkSnapshot> {
    const interfaces: NetworkSnapshot['interfaces'] = [];
    for (const [name, infos] of Object.entries(this.interfaces())) {
      const cidrs = (infos ?? []).filter((i) => !i.internal && i.cidr !== null).map((i) => i.cidr as string);
      if (cidrs.length > 0) interfaces.push({ name, cidrs });
    }
    const gatewayMac = this.platform === 'linux' ? await this.linuxGatewayMac() : null;
    return { interfaces, gatewayMac, bssid: null };
  }

  private async linuxGatewayMac(): Promise<string | null> {
    try {
      const gateway = defaultGateway(await fs.readFile(path.join(this.procNetDir, 'route'), 'utf8'));
      if (gateway === null) return null;
      return macFor(await fs.readFile(path.join(this.procNetDir, 'arp'), 'utf8'), gateway);
    } catch {
      return null; // no /proc (a container without it): interfaces still identify the network
    }
  }
}

const RTF_UP = 0x1;
const RTF_GATEWAY = 0x2;

/** The IPv4 default route's gateway with the lowest metric, from /proc/net/route (hex, host byte order: little-endian on every Linux we ship for). */
export function defaultGateway(routeTable: string): string | null {
  let best: { ip: string; metric: number } | null = null;
  for (const line of routeTable.split('\n').slice(1)) {
    const [, dest, gw, flags, , , metric, mask] = line.trim().split(/\s+/);
    if (dest !== '00000000' || mask !== '00000000' || gw === undefined || !/^[0-9A-Fa-f]{8}$/.test(gw)) continue;
    const f = parseInt(flags ?? '0', 16);
    if ((f & RTF_UP) === 0 || (f & RTF_GATEWAY) === 0) continue;
    const ip = (gw.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)).join('.');
    const m = Number(metric ?? 0);
    if (best === null || m < best.metric) best = { ip, metric: m };
  }
  return best?.ip ?? null;
}

/** The hardware address of `ip` in /proc/net/arp, if the entry is complete (flag 0x2). */
export function macFor(arpTable: string, ip: string): string | null {
  for (const line of arpTable.split('\n').slice(1)) {
    const [addr, , flags, mac] = line.trim().split(/\s+/);
    if (addr === ip && mac !== undefined && (parseInt(flags ?? '0', 16) & 0x2) !== 0) return mac.toLowerCase();
  }
  return null;
}

/**
 * A snapshot from a JSON file (docs/e911.md): how e2e tests and kiosks with a
 * known network say where the machine is, and move it by rewriting the file.
 * A missing or invalid file is not a network change: the previous reading
 * stands and a warning is logged (once per distinct problem).
 */
export class FileNetworkReader implements NetworkReader {
  private last: NetworkSnapshot | null = null;
  private lastProblem: string | null = null;

  constructor(
    readonly file: string,
    private readonly log: ScopedLogger,
  ) {}

  async read(): Promise<NetworkSnapshot> {
    let problem: string;
    try {
      const parsed = NetworkSnapshotSchema.safeParse(JSON.parse(await fs.readFile(this.file, 'utf8')));
      if (parsed.success) {
        this.last = parsed.data;
        this.lastProblem = null;
        return parsed.data;
      }
      const issue = parsed.error.issues[0];
      problem = `${issue?.path.join('.') || 'the snapshot'} ${issue?.message ?? 'is invalid'}`;
    } catch (e) {
      problem = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : `it cannot be read as JSON (${(e as Error).message})`;
    }
    if (problem !== this.lastProblem) {
      this.log.warn('network file unusable; keeping the previous reading', { file: this.file, problem });
      this.lastProblem = problem;
    }
    if (this.last !== null) return this.last;
    throw new Error(`network file ${this.file}: ${problem}`);
  }
}
