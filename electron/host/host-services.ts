import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { z } from 'zod';
import {
  BRIDGE_METHODS,
  type EventPayload,
  type HostInfo,
  type MethodResponse,
  type SettingsView,
} from '../../shared/contract/bridge';
import { isBridgeMethod, type BridgeEventName, type BridgeMethodName } from '../../shared/contract/names';
import type { FeedExportCsvRequest, FeedSessionsRequest } from '../../shared/contract/feed-bridge';
import type { LabStatusView } from '../../shared/contract/lab';
import { err, ok, type Result } from '../../shared/result';
import type { Role, Settings } from '../../shared/settings/schema';
import { CdrService } from './cdr/cdr-service';
import { writtenRates } from './cdr/billing-settings';
import { ContextFetcher } from './context-fetcher';
import { E911Service } from './e911/e911-service';
import type { NetworkReader } from './e911/network-reader';
import type { Logger } from './logger';
import { loadHubTokens } from './hub/hub-tokens';
import { NoticeBoard } from './notices';
import { decideProfileRole, decideSignIn, refusal, type RoleCredentials } from './roles';
import { SettingsStore } from './settings-store';
import { diagnosticsFileName, writeDiagnosticsBundle } from './diagnostics/diagnostics-bundle';
import { sealIceCredentials, showIceServers, withIceCredentials } from './ice-credentials';
import { SecretVault, type SecretCipher } from './vault';

/** The Lab, when this host offers it (electron/host/lab/lab-service.ts). */
export type LabPort = { start(): Promise<LabStatusView>; status(): LabStatusView };

/** The session feed as the supervisor console reads it (electron/host/hub/feed-access.ts). */
export type FeedPort = {
  sessions(req: FeedSessionsRequest): MethodResponse<'feed.sessions'>;
  /** Throws HostFailure NOT_FOUND for an unknown id. */
  session(id: string): MethodResponse<'feed.session'>;
  replay(after: number, limit: number): MethodResponse<'feed.replay'>;
  exportCsv(req: FeedExportCsvRequest): MethodResponse<'feed.exportCsv'>;
  /** Throws HostFailure NOT_FOUND (unknown session) or INVALID_REQUEST (ended, or empty text). */
  guidance(sessionId: string, text: string, sentBy: string): MethodResponse<'feed.guidance'>;
};

export type HostServicesOptions = {
  kind: HostInfo['kind'];
  version: string;
  dataDir: string;
  cipher: SecretCipher;
  logger: Logger;
  /** Injected in tests; the platform fetch otherwise. */
  fetch?: typeof fetch;
  /** E911 (docs/e911.md): where the network is read from; without a reader it counts as one network that never changes. */
  networkReader?: NetworkReader | null;
  /** How often the network is read, in ms (default 5000). */
  networkPollMs?: number;
  /** Security desk alerts: per-attempt timeout and the waits between attempts (tests shorten them). */
  alertTimeoutMs?: number;
  alertRetryDelaysMs?: readonly number[];
  /** The logger's folder, bundled by diagnostics.export; default `<dataDir>/logs` (where both hosts log). */
  logDir?: string;
  /** Call detail record exports (docs/cdr.md) are written here; default `<dataDir>/exports`. */
  exportDir?: string;
  /**
   * Where a finished export can be fetched, as cdr.export and cdr.exportProgress
   * report it: the web host gives its download route (`/exports/<id>`); without
   * it the location is the file's path (Electron).
   */
  exportUrl?: (exportId: string) => string;
  /** The session feed hub's database, for erasure by number; default `<dataDir>/hub/feed.sqlite` (feed-composition.ts). */
  hubDbFile?: string;
  /** The clock for CDRs and retention (tests move it). */
  now?: () => Date;
  /** How often retention runs, in ms (default 6 h). */
  pruneEveryMs?: number;
};

const NO_LAB: LabStatusView = { state: 'off', detail: 'This Warmline host does not offer the Lab.', sessions: [] };

type Handlers = {
  [M in BridgeMethodName]: (req: z.output<(typeof BRIDGE_METHODS)[M]['request']>) => MethodResponse<M> | Promise<MethodResponse<M>>;
};

const passwordKey = (accountId: string) => `account:${accountId}:password`;
const CONTEXT_TOKEN_KEY = 'context-server:bearer-token';
const PRIVACY_HASH_KEY = 'privacy:number-hash-key';
/** Grants the admin role at sign-in; written only by the provisioning file. */
export const ADMIN_TOKEN_KEY = 'roles:admin-token';

/**
 * The host's services behind the bridge, shared by both hosts (Electron IPC and
 * the web host's WebSocket). Plain Node: never imports electron.
 */
export class HostServices {
  readonly notices = new NoticeBoard();
  readonly settings: SettingsStore;
  readonly vault: SecretVault;
  /** Call detail records, history, retention, erasure, recordings (docs/cdr.md). */
  readonly cdr: CdrService;
  /** The history view's store (list / record / updateNotes): the CDR database, or call-history.jsonl when it cannot open. */
  readonly history: Pick<CdrService, 'list' | 'record' | 'updateNotes'>;
  readonly contextFetcher: ContextFetcher;
  readonly e911: E911Service;
  private readonly events = new EventEmitter();
  private readonly handlers: Handlers;
  /** Set by the composition root once the Lab exists (it needs these services to seat the agent). */
  lab: LabPort | null = null;
  /** The desktop shell (tray, notifications, shortcuts), set by the Electron host; the web host has none. */
  shell: { update(state: unknown): void } | null = null;
  /** Set by the composition root once the hub exists. */
  feed: FeedPort | null = null;
  /**
   * The role taken with session.signIn (or lowered in the profile) for as long
   * as this host runs; null: the provisioned one (settings profile.role). Kept
   * out of settings.json, so a raised role ends with the process and a revoked
   * token cannot outlive it.
   */
  private signedIn: Role | null = null;

  constructor(private readonly opts: HostServicesOptions) {
    const log = opts.logger;
    const rolesLog = log.child('roles');
    this.settings = new SettingsStore(opts.dataDir, this.notices, log.child('settings'));
    this.vault = new SecretVault(opts.dataDir, opts.cipher);
    // A settings file from before TURN credentials moved to the vault (or edited by hand): seal it now.
    if (this.settings.get().accounts.some((a) => a.kind === 'sip' && a.iceServers.some((x) => x.credential !== undefined))) {
      try {
        this.settings.update((s) => sealIceCredentials(this.vault, s));
      } catch (e) {
        log.log('error', 'settings', 'TURN credentials could not be moved to the vault', { error: (e as Error).message });
      }
    }
    this.notices.subscribe((n) => this.emit('host.notice', n));
    this.cdr = new CdrService({
      dataDir: opts.dataDir,
      exportDir: opts.exportDir ?? path.join(opts.dataDir, 'exports'),
      hubDbFile: opts.hubDbFile ?? path.join(opts.dataDir, 'hub', 'feed.sqlite'),
      settings: () => this.settings.get(),
      actor: () => this.actor(),
      hashSecret: () => {
        // Made once per installation and kept in the vault, never written anywhere else.
        const existing = this.vault.get(PRIVACY_HASH_KEY);
        if (existing) return existing;
        const made = randomBytes(32).toString('base64url');
        this.vault.set(PRIVACY_HASH_KEY, made);
        return made;
      },
      notices: this.notices,
      log: log.child('cdr'),
      now: opts.now ?? (() => new Date()),
      emitProgress: (p) => this.emit('cdr.exportProgress', p),
      ...(opts.exportUrl ? { exportUrl: opts.exportUrl } : {}),
      ...(opts.pruneEveryMs !== undefined ? { pruneEveryMs: opts.pruneEveryMs } : {}),
    });
    this.history = this.cdr;
    const cdr = this.cdr;
    this.contextFetcher = new ContextFetcher({
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      token: () => this.vault.get(CONTEXT_TOKEN_KEY),
      urlTemplate: () => this.settings.get().contextServer.urlTemplate,
      log: log.child('context'),
    });
    this.e911 = new E911Service({
      dataDir: opts.dataDir,
      notices: this.notices,
      vault: this.vault,
      log: log.child('e911'),
      profile: () => ({ name: this.settings.get().profile.name, role: this.role() }),
      accounts: () => this.settings.get().accounts,
      emitChanged: (status) => this.emit('e911.changed', status),
      announce: (alert) => this.announceEmergency(alert),
      networkReader: opts.networkReader ?? null,
      ...(opts.networkPollMs !== undefined ? { pollMs: opts.networkPollMs } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.alertTimeoutMs !== undefined ? { alertTimeoutMs: opts.alertTimeoutMs } : {}),
      ...(opts.alertRetryDelaysMs ? { alertRetryDelaysMs: opts.alertRetryDelaysMs } : {}),
    });
    const e911 = this.e911;

    this.handlers = {
      'host.info': () => ({ kind: opts.kind, version: opts.version, platform: process.platform }),
      'settings.get': () => this.view(),
      'settings.updateProfile': ({ role, ...profile }) => {
        if (role !== undefined && role !== this.role()) {
          const d = decideProfileRole(role, this.role());
          if (!d.ok) throw new HostFailure('FORBIDDEN', d.message);
          this.signedIn = d.role;
          rolesLog.info('role lowered in the profile', { role: d.role });
        }
        return this.change((s) => ({ ...s, profile: { ...s.profile, ...profile } }));
      },
      'settings.updatePreferences': (p) => this.change((s) => ({ ...s, preferences: { ...s.preferences, ...p } })),
      'accounts.save': ({ account, password }) => {
        if (password !== undefined) this.vault.set(passwordKey(account.id), password);
        return this.change((s) => {
          const others = s.accounts.filter((a) => a.id !== account.id);
          const at = s.accounts.findIndex((a) => a.id === account.id);
          others.splice(at < 0 ? others.length : at, 0, account);
          return { ...s, accounts: others };
        });
      },
      'accounts.remove': ({ id }) => {
        const view = this.change((s) => ({ ...s, accounts: s.accounts.filter((a) => a.id !== id) }));
        this.vault.delete(passwordKey(id));
        return view;
      },
      'accounts.credentials': ({ id }) => {
        const password = this.vault.get(passwordKey(id));
        const account = this.settings.get().accounts.find((a) => a.id === id);
        const iceServers = account?.kind === 'sip' ? withIceCredentials(this.vault, id, account.iceServers) : [];
        const needsTurnSecret = iceServers.some((x) => x.credential !== undefined);
        if (password === null && !needsTurnSecret) throw new HostFailure('NOT_FOUND', `No password is stored for account ${id}`);
        return { password: password ?? '', iceServers };
      },
      'history.list': ({ limit }) => this.history.list(limit),
      'history.record': (entry) => {
        try {
          this.history.record(entry);
        } catch (e) {
          throw new HostFailure('HISTORY_WRITE_FAILED', `Call history could not be written: ${(e as Error).message}`);
        }
        return { stored: true as const };
      },
      'notices.list': () => this.notices.list(),
      'context.fetch': async (req) => {
        const r = await this.contextFetcher.fetch(req);
        if (!r.ok) throw new HostFailure('CONTEXT_FETCH_FAILED', r.reason);
        return { body: r.body, url: r.url };
      },
      'settings.updateContextServer': ({ urlTemplate, bearerToken }) => {
        if (bearerToken === null) this.vault.delete(CONTEXT_TOKEN_KEY);
        else if (bearerToken !== undefined) this.vault.set(CONTEXT_TOKEN_KEY, bearerToken);
        return this.change((s) => ({ ...s, contextServer: { urlTemplate } }));
      },
      'history.updateNotes': ({ id, notes }) => {
        if (!this.history.updateNotes(id, notes)) throw new HostFailure('NOT_FOUND', `No call ${id} in history`);
        return { stored: true as const };
      },
      'lab.start': () => (this.lab ? this.lab.start() : NO_LAB),
      'lab.status': () => (this.lab ? this.lab.status() : NO_LAB),
      'shell.update': (state) => {
        this.shell?.update(state);
        return {};
      },
      'diagnostics.export': () => {
        const now = new Date();
        const file = path.join(opts.dataDir, 'diagnostics', diagnosticsFileName(now));
        const bundle = writeDiagnosticsBundle(
          {
            app: { version: opts.version, host: opts.kind, platform: process.platform, arch: process.arch, versions: { node: process.versions.node } },
            settings: this.settings.get(),
            history: this.history.list(50),
            notices: this.notices.list(),
            logDir: opts.logDir ?? path.join(opts.dataDir, 'logs'),
            now,
          },
          file,
        );
        log.log('info', 'diagnostics', 'diagnostics exported', { file, files: bundle.files.length });
        return { fileName: bundle.fileName, path: file, bytes: bundle.zip.length };
      },
      'log.write': ({ level, scope, message }) => {
        opts.logger.log(level, `renderer:${scope}`, message);
        return {};
      },
      'session.signIn': (req) => {
        const d = decideSignIn(req, this.settings.get().profile.role, () => this.credentials());
        // Never the token: only whether it was given.
        if (!d.ok) {
          rolesLog.warn('sign-in refused', { role: req.role, proof: req.token ? 'not accepted' : 'none' });
          throw new HostFailure('FORBIDDEN', d.message);
        }
        this.signedIn = d.role;
        rolesLog.info('signed in', { role: d.role });
        const v = this.view();
        this.emit('settings.changed', v);
        return v;
      },
      'feed.sessions': (req) => this.requireFeed().sessions(req),
      'feed.session': ({ id }) => this.requireFeed().session(id),
      'feed.replay': ({ after, limit }) => this.requireFeed().replay(after, limit),
      'feed.exportCsv': (req) => this.requireFeed().exportCsv(req),
      // Signed with who sent it as this host knows them: the profile name and the role it enforces.
      'feed.guidance': ({ sessionId, text }) => this.requireFeed().guidance(sessionId, text, this.actor()),
      'e911.status': () => e911.status(),
      'e911.confirm': (req) => e911Write('Your location was not saved', () => e911.confirm(req)),
      // Never refused for a missing location, account or audit file: the plan always comes back (Kari's Law).
      'e911.emergencyCall': (req) => e911.emergencyCall(req),
      'e911.emergencyCallUpdate': (req) => {
        try {
          e911.emergencyCallUpdate(req);
        } catch (e) {
          throw new HostFailure('HISTORY_WRITE_FAILED', `The emergency audit log could not be written: ${(e as Error).message}`);
        }
        return { stored: true as const };
      },
      'e911.config': () => e911.configView(),
      'e911.saveLocation': (req) => e911Write('The location was not saved', () => e911.saveLocation(req)),
      'e911.removeLocation': (req) => e911Write('The location was not removed', () => e911.removeLocation(req)),
      'e911.importLocations': (req) => e911Write('The locations were not imported', () => e911.importLocations(req)),
      'e911.saveConfig': (req) => e911Write('The emergency setup was not saved', () => e911.saveConfig(req)),
      'e911.audit': ({ limit }) => e911.auditList(limit),
      'e911.exportAudit': ({ format }) => e911.exportAudit(format),
      'cdr.begin': (req) => {
        try {
          cdr.begin(req);
        } catch (e) {
          if (e instanceof HostFailure) throw e;
          throw new HostFailure('HISTORY_WRITE_FAILED', `The call record could not be written: ${(e as Error).message}`);
        }
        return { stored: true as const };
      },
      'cdr.query': ({ filter, limit, offset }) => cdr.query(filter, limit, offset),
      'cdr.export': ({ format, filter }) => cdr.startExport(format, filter),
      'cdr.reconcile': ({ from, to }) => cdr.reconcile(from, to),
      'billing.get': () => this.billingView(),
      'billing.save': ({ rates, retentionDays, recordCalls }) => {
        try {
          this.settings.update((s) => ({
            ...s,
            billing: {
              rates: rates === undefined ? s.billing.rates : writtenRates(rates),
              retentionDays: retentionDays ?? s.billing.retentionDays,
              recordCalls: recordCalls ?? s.billing.recordCalls,
            },
          }));
        } catch (e) {
          throw new HostFailure('SETTINGS_WRITE_FAILED', `Billing settings were not saved: ${(e as Error).message}`);
        }
        log.child('cdr').info('billing settings saved', { providers: Object.keys(this.settings.get().billing.rates).length, retentionDays, recordCalls });
        return this.billingView();
      },
      'privacy.eraseNumber': ({ number }) => {
        try {
          return cdr.eraseNumber(number);
        } catch (e) {
          if (e instanceof HostFailure) throw e;
          throw new HostFailure('HISTORY_WRITE_FAILED', `The number was not fully erased: ${(e as Error).message}. Erase it again.`);
        }
      },
      'recording.append': (req) => cdr.appendRecording(req),
    };
    this.e911.start();
  }

  /** Stop what runs in the background (the E911 network watcher); the composition root calls it at shutdown. */
  close(): void {
    this.e911.close();
    this.cdr.close();
  }

  /** A finished CDR export by id (the web host's GET /exports/<id>); null when there is none. */
  exportDownload(exportId: string): ReturnType<CdrService['exportDownload']> {
    return this.cdr.exportDownload(exportId);
  }

  /** Validate, run, and wrap in a Result: the one entry point both hosts use. */
  async dispatch(method: string, payload: unknown): Promise<Result<unknown>> {
    if (!isBridgeMethod(method)) return err('UNKNOWN_METHOD', `Unknown host method "${method.slice(0, 64)}"`);
    // Before validation: a refused caller learns nothing about the method's payload.
    const role = this.role();
    const refused = refusal(method, role);
    if (refused) {
      this.opts.logger.log('info', 'bridge', 'refused for role', { method, role });
      return err('FORBIDDEN', refused);
    }
    const parsed = BRIDGE_METHODS[method].request.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || 'payload';
      this.opts.logger.log('warn', 'bridge', 'rejected invalid request', { method, where, issue: issue?.message });
      return err('INVALID_REQUEST', `${method}: ${where} ${issue?.message ?? 'is invalid'}`);
    }
    try {
      const handler = this.handlers[method] as (req: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (e) {
      if (e instanceof HostFailure) return err(e.code, e.message);
      this.opts.logger.log('error', 'bridge', 'host method failed', { method, error: (e as Error).message });
      return err('INTERNAL', `${method} failed: ${(e as Error).message}`);
    }
  }

  /** The host's current role: what it enforces, and what the renderer's views follow (SettingsView.profile.role). */
  role(): Role {
    return this.signedIn ?? this.settings.get().profile.role;
  }

  /** The provisioning file's adminToken: a string stores it, null removes it. */
  setAdminToken(token: string | null): void {
    if (token === null) this.vault.delete(ADMIN_TOKEN_KEY);
    else this.vault.set(ADMIN_TOKEN_KEY, token);
  }

  /**
   * An emergency call placed anywhere that reached this host (its own agent,
   * or an alert POSTed to its hub): to this host's supervisor renderers.
   */
  /** The desktop shell's tray, notification buttons, shortcuts or links asked something of the renderer. */
  emitShellAction(action: EventPayload<'shell.action'>): void {
    this.emit('shell.action', action);
  }

  announceEmergency(alert: EventPayload<'e911.emergency'>): void {
    this.emit('e911.emergency', alert);
  }

  on<E extends BridgeEventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  /** Apply the admin's provisioning (already validated) over current settings. */
  applyProvisioning(
    accounts: { account: Settings['accounts'][number]; password?: string }[],
    contextToken: string | undefined,
    patch: (s: Settings) => Settings,
  ): void {
    for (const { account, password } of accounts) {
      if (password !== undefined) this.vault.set(passwordKey(account.id), password);
    }
    if (contextToken !== undefined) this.vault.set(CONTEXT_TOKEN_KEY, contextToken);
    this.change(patch);
  }

  view(): SettingsView {
    const s = this.settings.get();
    return {
      profile: { ...s.profile, role: this.signedIn ?? s.profile.role },
      preferences: s.preferences,
      accounts: s.accounts.map((a) => ({
        ...(a.kind === 'sip' ? { ...a, iceServers: showIceServers(this.vault, a.id, a.iceServers) } : a),
        hasPassword: this.vault.has(passwordKey(a.id)),
      })),
      contextServer: { urlTemplate: s.contextServer.urlTemplate, hasToken: this.vault.has(CONTEXT_TOKEN_KEY) },
      monitor: s.monitor,
    };
  }

  /** Who acts, as logs and audits name them: the profile name and the role this host enforces. */
  private actor(): string {
    return `${this.settings.get().profile.name || 'Unnamed'} (${this.role()})`;
  }

  /**
   * settings.billing as it crosses the bridge: rate cards as written
   * ("0.0085", "60/60"), which the renderer parses with the contract's
   * BillingSettingsSchema. That schema transforms them into micro-units, so
   * its output type (what the handler type says) is not what goes on the
   * wire: the input form does, hence the cast.
   */
  private billingView(): MethodResponse<'billing.get'> {
    return this.settings.get().billing as unknown as MethodResponse<'billing.get'>;
  }

  private requireFeed(): FeedPort {
    if (!this.feed) throw new HostFailure('NOT_FOUND', 'This host runs no session feed.');
    return this.feed;
  }

  /** Read at each sign-in that needs a token: the hub's subscriber tokens and the admin token, from the vault. */
  private credentials(): RoleCredentials {
    const log = this.opts.logger.child('roles');
    let adminToken: string | null;
    try {
      adminToken = this.vault.get(ADMIN_TOKEN_KEY);
    } catch (e) {
      log.error('admin token cannot be read from the vault', { error: (e as Error).message });
      throw new HostFailure('VAULT_UNAVAILABLE', 'The admin token could not be read from the vault, so sign-in cannot be checked.');
    }
    return { subscriberTokens: loadHubTokens(this.vault, log, this.notices).subscriberTokens, adminToken };
  }

  private change(fn: (s: Settings) => Settings): SettingsView {
    try {
      // TURN credentials never reach settings.json: into the vault on every write.
      this.settings.update((s) => sealIceCredentials(this.vault, fn(s)));
    } catch (e) {
      throw new HostFailure('SETTINGS_WRITE_FAILED', `Settings were not saved: ${(e as Error).message}`);
    }
    const v = this.view();
    this.emit('settings.changed', v);
    return v;
  }

  private emit<E extends BridgeEventName>(event: E, payload: EventPayload<E>): void {
    this.events.emit(event, payload);
  }
}

/** A failed E911 file or vault write, as the settings code it is closest to. */
function e911Write<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof HostFailure) throw e;
    throw new HostFailure('SETTINGS_WRITE_FAILED', `${what}: ${(e as Error).message}`);
  }
}

export class HostFailure extends Error {
  constructor(
    readonly code: Parameters<typeof err>[0],
    message: string,
  ) {
    super(message);
  }
}
