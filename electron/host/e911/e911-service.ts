import crypto from 'node:crypto';
import type { z } from 'zod';
import type {
  AuditEntry,
  E911_METHODS,
  E911ConfigView,
  E911Status,
  EmergencyAlert,
  EmergencyCallPlan,
  FieldIssue,
  LocationImportReport,
} from '../../../shared/contract/e911';
import { validateCivicAddress, type CivicAddress } from '../../../shared/e911/civic-address';
import { parseLocationCsv } from '../../../shared/e911/location-csv';
import { networkChanged, networkFingerprint, type NetworkSnapshot } from '../../../shared/e911/network-mapping';
import type { Role } from '../../../shared/settings/schema';
import type { Account } from '../../../shared/settings/account';
import type { ScopedLogger } from '../logger';
import type { NoticeBoard } from '../notices';
import type { SecretVault } from '../vault';
import { checkConfigChange, type SaveConfigRequest } from './admin-config';
import { AlertSender } from './alert-sender';
import { exportAudit, type AuditExport } from './audit-export';
import { AuditLog, type AuditDetails, type AuditKind } from './audit-log';
import { alertTokenKey, E911ConfigStore, type AlertTarget, type E911Config } from './config-store';
import { buildEmergencyPlan } from './emergency-plan';
import { formatAddressLine, networkSummary } from './format';
import { deriveStatus, locationState, NO_READING } from './location-status';
import type { NetworkReader } from './network-reader';
import { NetworkWatcher } from './network-watcher';
import { AgentLocationStore, type AgentLocationState } from './state-store';

type Req<M extends keyof typeof E911_METHODS> = z.output<(typeof E911_METHODS)[M]['request']>;
type ConfigResult = { saved: true; config: E911ConfigView } | { saved: false; issues: FieldIssue[] };

export type E911ServiceOptions = {
  dataDir: string;
  notices: NoticeBoard;
  vault: SecretVault;
  log: ScopedLogger;
  /** Who is acting, as this host knows them: the profile name and the role it enforces. */
  profile: () => { name: string; role: Role };
  accounts: () => Account[];
  /** `e911.changed` to this host's renderers. */
  emitChanged: (status: E911Status) => void;
  /** `e911.emergency` to this host's supervisors (HostServices.announceEmergency). */
  announce: (alert: EmergencyAlert) => void;
  /** No reader: the network is never read and counts as one unchanging network. */
  networkReader?: NetworkReader | null;
  pollMs?: number;
  fetch?: typeof fetch;
  alertTimeoutMs?: number;
  alertRetryDelaysMs?: readonly number[];
  now?: () => Date;
};

/** Events the host records without a person behind them. */
const SYSTEM = 'system';

/**
 * The host side of E911 (docs/e911.md): the admin's locations and mappings,
 * this machine's confirmed location against the network it is on, the plan
 * for an emergency INVITE, the security desk alert and the audit trail.
 * Writes throw (HostServices turns them into error codes), except on an
 * emergency call, where nothing may stop the call going out.
 */
export class E911Service {
  readonly config: E911ConfigStore;
  readonly state: AgentLocationStore;
  readonly audit: AuditLog;
  readonly watcher: NetworkWatcher | null;
  private readonly alerts: AlertSender;
  private readonly pending = new Set<Promise<void>>();
  private readonly now: () => Date;
  private current: NetworkSnapshot | null;
  private lastSummary: string;
  private auditBroken = false;

  constructor(private readonly opts: E911ServiceOptions) {
    this.now = opts.now ?? (() => new Date());
    this.config = new E911ConfigStore(opts.dataDir, opts.notices, opts.log);
    this.state = new AgentLocationStore(opts.dataDir, opts.notices, opts.log);
    this.audit = new AuditLog(opts.dataDir, opts.log, this.now);
    this.alerts = new AlertSender({ fetch: opts.fetch, timeoutMs: opts.alertTimeoutMs, retryDelaysMs: opts.alertRetryDelaysMs, log: opts.log });
    this.current = this.state.get().lastSnapshot;
    this.lastSummary = networkSummary(this.current);
    this.watcher = opts.networkReader
      ? new NetworkWatcher({ reader: opts.networkReader, pollMs: opts.pollMs, onReading: (s) => this.observeNetwork(s), log: opts.log })
      : null;
  }

  start(): void {
    this.watcher?.start();
  }

  close(): void {
    this.watcher?.stop();
  }

  /** Resolves when every alert started so far has been delivered or given up on. */
  async alertsSettled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  status(): E911Status {
    return deriveStatus(this.state.get(), this.current, this.config.get());
  }

  /** One network reading: a different network unconfirms the location (standards.md 3.3 checklist item 2). */
  observeNetwork(snapshot: NetworkSnapshot): void {
    const prev = this.current;
    this.current = snapshot;
    const summary = networkSummary(snapshot);
    if (!networkChanged(prev, snapshot)) {
      // Same network, new address in it (a DHCP renewal): the banner's text follows, nothing else does.
      if (summary !== this.lastSummary) this.changed();
      return;
    }
    const s = this.state.get();
    const before = locationState(s, prev);
    const next: AgentLocationState = { ...s, lastSnapshot: snapshot, changedAt: this.now().toISOString() };
    try {
      this.state.save(next);
    } catch (e) {
      this.opts.log.error('e911 state not written after a network change', { error: (e as Error).message });
    }
    const after = locationState(next, snapshot);
    if (prev !== null) {
      this.record('network.changed', SYSTEM, { from: networkSummary(prev), network: summary, fingerprint: networkFingerprint(snapshot), state: after });
    }
    if (before === 'confirmed' && after !== 'confirmed') {
      this.record('location.unconfirmed', SYSTEM, { reason: 'the network changed', ...locationFacts(next), network: summary });
    }
    this.changed();
  }

  confirm(req: Req<'e911.confirm'>): { confirmed: true; status: E911Status } | { confirmed: false; issues: FieldIssue[] } {
    let address: CivicAddress;
    let locationId: string | null = null;
    if ('locationId' in req) {
      const loc = this.config.get().locations.find((l) => l.id === req.locationId);
      if (!loc) return { confirmed: false, issues: [{ field: 'locationId', message: `choose a location from the list again: "${req.locationId}" is no longer registered` }] };
      address = loc.address;
      locationId = loc.id;
    } else {
      const v = validateCivicAddress(req.address);
      if (!v.ok) return { confirmed: false, issues: v.issues.map((i) => ({ field: i.field, message: i.message })) };
      address = v.address;
    }
    const s = this.state.get();
    const next = this.state.save({
      ...s,
      location: { address, locationId, source: locationId === null ? 'manual' : 'mapped', confirmedAt: this.now().toISOString() },
      confirmedFingerprint: networkFingerprint(this.current ?? NO_READING),
      lastSnapshot: this.current ?? s.lastSnapshot,
      adminChange: null,
    });
    this.record('location.confirmed', this.actor(), { ...locationFacts(next), source: next.location?.source ?? null, network: networkSummary(this.current) });
    return { confirmed: true, status: this.changed() };
  }

  emergencyCall(req: Req<'e911.emergencyCall'>): EmergencyCallPlan {
    const emergencyId = crypto.randomUUID();
    const s = this.state.get();
    const config = this.config.get();
    const state = locationState(s, this.current);
    const { plan, alert, skipped } = buildEmergencyPlan({
      emergencyId,
      number: req.number,
      accountId: req.accountId,
      status: { state, location: s.location },
      config,
      accounts: this.opts.accounts(),
      agentName: this.opts.profile().name,
      now: this.now(),
    });
    for (const k of skipped) this.opts.log.warn('emergency route skipped: the route template gives no SIP URI for this account', { accountId: k.accountId, domain: k.domain });
    if (plan.routes.length === 0) this.opts.log.error('emergency call has no route: no account gives a SIP URI', { accounts: this.opts.accounts().length });
    this.record('emergency.started', this.actor(), {
      emergencyId,
      number: req.number,
      test: plan.test,
      accountId: req.accountId,
      routes: plan.routes.map((r) => r.uri).join(' '),
      state,
      ...locationFacts(s),
      unconfirmed: plan.unconfirmed,
      callbackNumber: plan.callbackNumber,
      network: networkSummary(this.current),
      alertTargets: plan.test ? 0 : config.alertTargets.length,
    });
    // A test number (933) is audited but alerts nobody (shared/contract/e911.ts EmergencyNumberSchema).
    if (!plan.test) {
      this.track(this.alertAll(config.alertTargets, alert));
      this.opts.announce(alert);
    }
    return plan;
  }

  /** Throws when the entry could not be stored: recording it is the method's only job. */
  emergencyCallUpdate(req: Req<'e911.emergencyCallUpdate'>): void {
    this.audit.append(`emergency.${req.event}`, this.actor(), { emergencyId: req.emergencyId, accountId: req.accountId ?? null, detail: req.detail });
  }

  configView(config: E911Config = this.config.get()): E911ConfigView {
    return {
      locations: config.locations,
      mappings: config.mappings,
      numbers: config.numbers,
      routeTemplate: config.routeTemplate,
      defaultCallbackNumber: config.defaultCallbackNumber,
      alertTargets: config.alertTargets.map((t) => ({ ...t, hasToken: this.opts.vault.has(alertTokenKey(t.id)) })),
    };
  }

  saveLocation(req: Req<'e911.saveLocation'>): ConfigResult {
    const v = validateCivicAddress(req.address);
    if (!v.ok) return { saved: false, issues: v.issues.map((i) => ({ field: i.field, message: i.message })) };
    const config = this.config.get();
    const at = config.locations.findIndex((l) => l.id === req.id);
    const location = { id: req.id, address: v.address };
    if (at < 0) config.locations.push(location);
    else config.locations[at] = location;
    const saved = this.config.save(config);
    this.record('admin.location.saved', this.actor(), { locationId: req.id, address: formatAddressLine(v.address), label: v.address.label ?? null, replaced: at >= 0 });
    this.adminChanged(new Map([[req.id, v.address]]));
    return { saved: true, config: this.configView(saved) };
  }

  removeLocation(req: Req<'e911.removeLocation'>): ConfigResult {
    const config = this.config.get();
    const loc = config.locations.find((l) => l.id === req.id);
    if (!loc) return { saved: false, issues: [{ field: 'id', message: `refresh the list: there is no location "${req.id}" to remove` }] };
    const m = config.mappings;
    const users = [...m.subnets, ...m.gatewayMacs, ...m.bssids].filter((x) => x.locationId === req.id).length;
    if (users > 0) {
      return {
        saved: false,
        issues: [{ field: 'id', message: `remove or re-point the ${users} network mapping${users === 1 ? '' : 's'} that use "${req.id}" first, then remove the location` }],
      };
    }
    config.locations = config.locations.filter((l) => l.id !== req.id);
    const saved = this.config.save(config);
    this.record('admin.location.removed', this.actor(), { locationId: req.id, address: formatAddressLine(loc.address) });
    this.adminChanged(new Map([[req.id, null]]));
    return { saved: true, config: this.configView(saved) };
  }

  importLocations(req: Req<'e911.importLocations'>): { report: LocationImportReport; config: E911ConfigView } {
    const parsed = parseLocationCsv(req.csv);
    const config = this.config.get();
    let replaced = 0;
    for (const loc of parsed.accepted) {
      const at = config.locations.findIndex((l) => l.id === loc.id);
      if (at < 0) config.locations.push(loc);
      else {
        config.locations[at] = loc;
        replaced += 1;
      }
    }
    const saved = parsed.accepted.length > 0 ? this.config.save(config) : config;
    this.record('admin.locations.imported', this.actor(), {
      accepted: parsed.accepted.length,
      replaced,
      rejected: parsed.rejected.length,
      rejectedRows: parsed.rejected.map((r) => r.row).join(' ').slice(0, 500),
      ignoredColumns: parsed.ignoredColumns.join(' '),
    });
    this.adminChanged(new Map(parsed.accepted.map((l) => [l.id, l.address])));
    return {
      report: { accepted: parsed.accepted.length, replaced, rejected: parsed.rejected, ignoredColumns: parsed.ignoredColumns },
      config: this.configView(saved),
    };
  }

  saveConfig(req: SaveConfigRequest): ConfigResult {
    const change = checkConfigChange(this.config.get(), req);
    if (!change.ok) return { saved: false, issues: change.issues };
    const saved = this.config.save(change.next);
    for (const t of change.tokens) {
      if (t.token === null) this.opts.vault.delete(alertTokenKey(t.id));
      else this.opts.vault.set(alertTokenKey(t.id), t.token);
    }
    const m = saved.mappings;
    // Counts and names only: tokens never reach the audit (AuditEntrySchema.details).
    this.record('admin.config.saved', this.actor(), {
      changed: change.changed.join(' '),
      subnets: m.subnets.length,
      gatewayMacs: m.gatewayMacs.length,
      bssids: m.bssids.length,
      numbers: saved.numbers.map((n) => `${n.number}/${n.country}${n.test ? ' (test)' : ''}`).join(', '),
      routeTemplate: saved.routeTemplate,
      defaultCallbackNumber: saved.defaultCallbackNumber,
      alertTargets: saved.alertTargets.map((t) => t.name).join(', '),
      tokensSet: change.tokens.filter((t) => t.token !== null).length,
      tokensRemoved: change.tokens.filter((t) => t.token === null).length,
    });
    this.changed();
    return { saved: true, config: this.configView(saved) };
  }

  auditList(limit: number): AuditEntry[] {
    return this.audit.list(limit);
  }

  exportAudit(format: 'csv' | 'json'): AuditExport {
    return exportAudit(this.audit.entries(), format, this.now());
  }

  /**
   * An admin edited (address) or removed (null) registered locations. The
   * agent who confirmed one of them by id keeps the address they confirmed,
   * in force and sent, but is asked to confirm again.
   */
  private adminChanged(touched: Map<string, CivicAddress | null>): void {
    const s = this.state.get();
    const id = s.location?.locationId;
    if (s.location !== null && id != null && touched.has(id)) {
      const now = touched.get(id) ?? null;
      if (now === null || !sameAddress(now, s.location.address)) {
        const before = locationState(s, this.current);
        const next = this.state.save({ ...s, adminChange: now === null ? 'removed' : 'changed' });
        if (before === 'confirmed') {
          this.record('location.unconfirmed', this.actor(), {
            reason: now === null ? 'an admin removed the confirmed location' : 'an admin changed the confirmed location',
            ...locationFacts(next),
          });
        }
      }
    }
    this.changed();
  }

  private async alertAll(targets: AlertTarget[], alert: EmergencyAlert): Promise<void> {
    await Promise.all(
      targets.map(async (target) => {
        let token: string | null = null;
        try {
          token = this.opts.vault.get(alertTokenKey(target.id));
        } catch (e) {
          this.opts.log.error('alert token cannot be read from the vault; sending without it', { target: target.name, error: (e as Error).message });
        }
        const r = await this.alerts.deliver(target, token, alert);
        const facts = { emergencyId: alert.emergencyId, number: alert.number, target: target.name, targetId: target.id, attempts: r.attempts, status: r.status };
        if (r.ok) {
          this.record('alert.delivered', SYSTEM, facts);
          return;
        }
        this.record('alert.failed', SYSTEM, { ...facts, reason: r.reason });
        this.opts.log.error('security desk alert failed', { target: target.name, reason: r.reason });
        this.opts.notices.post(
          'error',
          `The security desk (${target.name}) was not told about the 911 call: ${r.reason}. Call them.`,
          'Phone them now with the caller\'s location and callback number; then ask your admin to check this alert target under Emergency (911).',
        );
      }),
    );
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch((e: unknown) => this.opts.log.error('alert delivery crashed', { error: (e as Error).message })).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private actor(): string {
    const { name, role } = this.opts.profile();
    return `${name || 'Unnamed'} (${role})`;
  }

  /**
   * Append to the audit log; a failure is logged and told once, never thrown:
   * an unwritable audit file must not stop a confirmation or an emergency call.
   */
  private record(kind: AuditKind, actor: string, details: AuditDetails): void {
    try {
      this.audit.append(kind, actor, details);
      this.auditBroken = false;
    } catch (e) {
      this.opts.log.error('e911 audit entry not written', { kind, error: (e as Error).message });
      if (!this.auditBroken) {
        this.opts.notices.post(
          'error',
          `The emergency audit log ${this.audit.file} could not be written: ${(e as Error).message}. Emergency calls still work, but they are not being recorded.`,
          'Check that the data folder is writable and the disk is not full, and tell your admin.',
        );
      }
      this.auditBroken = true;
    }
  }

  private changed(): E911Status {
    const status = this.status();
    this.lastSummary = status.network.summary;
    this.opts.emitChanged(status);
    return status;
  }
}

function locationFacts(s: AgentLocationState): AuditDetails {
  const loc = s.location;
  return {
    locationId: loc?.locationId ?? null,
    address: loc ? formatAddressLine(loc.address) : '',
    label: loc?.address.label ?? null,
  };
}

function sameAddress(a: CivicAddress, b: CivicAddress): boolean {
  const canon = (x: CivicAddress) => JSON.stringify(Object.entries(x).filter(([, v]) => v !== undefined).sort(([k1], [k2]) => k1.localeCompare(k2)));
  return canon(a) === canon(b);
}
