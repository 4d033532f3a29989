import type { SipAccount } from '../../../shared/settings/account';
import type { Settings } from '../../../shared/settings/schema';
import type { Logger } from '../logger';
import { startLabSipProxy, type LabSipProxy } from './sip-proxy';
import { MONITOR_PREFIX, startLabSimulator, type LabSessionStatus, type LabSimulator, type LabSimulatorOptions } from './simulator/simulator';
import { MONITOR_MODE_HEADER } from './simulator/ai-session';

/** The Lab's SIP domain: never a real one (RFC 6761 .test). */
export const LAB_DOMAIN = 'lab.warmline.test';
export const LAB_ACCOUNT_ID = 'lab-agent';
/** The hub platform id the Lab's simulated AI agent posts as (reserved: a provisioned one of that name is replaced). */
export const LAB_PLATFORM_ID = 'warmline-lab';
/** The human's seat in the Lab. The Lab proxy has no authentication: loopback only. */
const LAB_AGENT_USER = 'agent';
const LAB_PASSWORD = 'lab';

export type LabStatus = {
  state: 'off' | 'starting' | 'running' | 'failed';
  detail: string;
  sessions: LabSessionStatus[];
};

/** What the Lab needs of the host: its settings (to seat the agent) and the hub's ingest endpoint. */
export type LabHost = {
  settings(): Settings;
  applyProvisioning(accounts: { account: SipAccount; password?: string }[], contextToken: undefined, patch: (s: Settings) => Settings): void;
};

export type LabServiceOptions = {
  host: LabHost;
  /** The hub's ingest URL (the host's own /feed/v1/events) and the Lab platform's token there. */
  ingestUrl: () => string;
  ingestToken: string;
  resourcesDir: string;
  log: Logger;
  simulator?: Partial<Pick<LabSimulatorOptions, 'intervalMs' | 'maxConcurrent' | 'prewarmLeadMs' | 'turnGapMs' | 'order'>>;
};

/**
 * The Lab, the embedded default: a local SIP proxy (electron/host/lab/sip-proxy),
 * simulated AI callers (./simulator) publishing to the hub, and the human agent
 * seated on it, so a fresh install shows a warm transfer without any account.
 * Production always uses a real PBX.
 */
export class LabService {
  private proxy: LabSipProxy | null = null;
  private simulator: LabSimulator | null = null;
  private state: LabStatus['state'] = 'off';
  private detail = 'The Lab is off.';
  private starting: Promise<LabStatus> | null = null;

  constructor(private readonly o: LabServiceOptions) {}

  status(): LabStatus {
    return { state: this.state, detail: this.detail, sessions: this.simulator?.sessions() ?? [] };
  }

  /** Whether the agent's primary account is the Lab's (so the Lab must run for the app to work). */
  isLabSeat(): boolean {
    return this.o.host.settings().accounts[0]?.id === LAB_ACCOUNT_ID;
  }

  /**
   * At host start: `--lab` always opens the Lab; `--lab-if-unconfigured` (what
   * `npm start` passes) opens it only when no account exists yet; and an agent
   * seated on the Lab last time gets it back, or their phone would point at nothing.
   */
  shouldStartAtLaunch(flags: { lab: boolean; labIfUnconfigured: boolean }): boolean {
    return flags.lab || this.isLabSeat() || (flags.labIfUnconfigured && this.o.host.settings().accounts.length === 0);
  }

  start(): Promise<LabStatus> {
    if (this.state === 'running') return Promise.resolve(this.status());
    this.starting ??= this.doStart().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async doStart(): Promise<LabStatus> {
    const log = this.o.log;
    this.state = 'starting';
    this.detail = 'Starting the Lab PBX and the simulated AI callers…';
    try {
      this.proxy = await startLabSipProxy({ domain: LAB_DOMAIN, log: (level, message) => log.log(level === 'error' ? 'error' : level === 'warn' ? 'warn' : 'debug', 'lab-proxy', message) });
      this.seatAgent(this.proxy.wsUrl);
      this.simulator = await startLabSimulator({
        sipWsUrl: this.proxy.wsUrl,
        domain: LAB_DOMAIN,
        ingestUrl: this.o.ingestUrl(),
        ingestToken: this.o.ingestToken,
        agentUri: `sip:${LAB_AGENT_USER}@${LAB_DOMAIN}`,
        resourcesDir: this.o.resourcesDir,
        log: (level, message) => log.log(level, 'lab', message),
        ...this.o.simulator,
      });
      this.state = 'running';
      this.detail = `The Lab is running: PBX at ${this.proxy.wsUrl}; simulated AI calls start now and keep coming (resources/lab/lab.json sets the pace).`;
      log.log('info', 'lab', this.detail);
    } catch (e) {
      this.state = 'failed';
      this.detail = `The Lab could not start: ${(e as Error).message}. See the log; restart Warmline to try again.`;
      log.log('error', 'lab', this.detail);
      await this.stop(false);
    }
    return this.status();
  }

  /** The human agent's account on the Lab proxy; its port changes every start, so it is rewritten each time. */
  private seatAgent(wsUrl: string): void {
    const account: SipAccount = {
      id: LAB_ACCOUNT_ID,
      kind: 'sip',
      server: wsUrl,
      uri: `sip:${LAB_AGENT_USER}@${LAB_DOMAIN}`,
      authorizationUsername: LAB_AGENT_USER,
      displayName: 'Lab agent',
      iceServers: [],
      iceGatheringTimeoutMs: 400,
      registerExpiresSec: 600,
      dtmfMode: 'rfc4733',
      opusDtx: false,
      forceRelay: false,
    };
    this.o.host.applyProvisioning([{ account, password: LAB_PASSWORD }], undefined, (s) => ({
      ...s,
      profile: { ...s.profile, name: s.profile.name || 'Lab agent' },
      accounts: [account, ...s.accounts.filter((a) => a.id !== LAB_ACCOUNT_ID)],
      // Supervisors listen in on a Lab session at its own address; the simulator answers it.
      monitor: { uriTemplate: `sip:${MONITOR_PREFIX}{sessionId}@${LAB_DOMAIN}`, modeHeader: MONITOR_MODE_HEADER },
    }));
  }

  async stop(resetState = true): Promise<void> {
    const sim = this.simulator;
    const proxy = this.proxy;
    this.simulator = null;
    this.proxy = null;
    await sim?.stop().catch((e: unknown) => this.o.log.log('warn', 'lab', `simulator stop: ${(e as Error).message}`));
    await proxy?.close().catch((e: unknown) => this.o.log.log('warn', 'lab', `proxy stop: ${(e as Error).message}`));
    if (resetState) {
      this.state = 'off';
      this.detail = 'The Lab is off.';
    }
  }
}
