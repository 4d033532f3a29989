import type { CdrFacts } from '../../shared/history/cdr-facts';
import type { CallRecord } from '../../shared/history/call-record';
import { consentOf, type RecordingState } from '../../shared/history/recording-policy';
import { accountLabel, type AccountView } from '../../shared/settings/account';
import { hasHealthCheck, providerLabels } from '../../shared/telephony/failover';
import type { CallAudio, PhoneEvents, PhonePort } from '../../shared/telephony/phone-port';
import { assertNever, nextRegistration, type RegistrationEvent, type RegistrationState } from '../../shared/telephony/registration-state';
import type { HostApi } from '../platform';
import { useAppStore } from '../store/app-store';
import type { CallView } from '../store/calls-slice';
import { createBackgroundClock } from '../telephony/background-clock';
import { startRinging, stopRinging } from '../telephony/audio/ringer';
import { probeRegistrar } from '../telephony/sipjs/options-watchdog';
import { answer } from './call-actions';
import { createPhonePort } from './phone-factory';
import { PhoneRouter } from './phone-router';
import { resolveCallContext } from './context-controller';
import { startDeviceController } from './device-controller';
import { notifyIncoming } from './incoming-notification';
import { onTransferAnnounced } from './handoff-controller';
import { monitorCallEnded } from './monitor-controller';
import { configureQualityController, finishCallQuality, watchCallQuality } from './quality-controller';
import { emergencyCallEnded } from './emergency-controller';
import { configureProviderHealth, noteCallEvent } from './provider-health';
import {
  activeProvider,
  callsSettled,
  configureFailover,
  DEFAULT_FAILOVER_PREFERENCES,
  failoverRegistration,
  healthCheckOptions,
  providerLabel,
  resetFailover,
  setFailoverPreferences,
} from './failover-controller';
import { beginCdr, configureCdrController, finishCallRecording, followRoleForCdr, refreshCdrs, startCallRecording } from './cdr-controller';

/**
 * Side effects of the softphone: adapter events into the store, finished calls
 * into the host's history, the phones restarted when the accounts change.
 * One phone per provider at most: the active provider's (failover-controller
 * decides which), phones kept for calls still in progress on a provider we
 * moved away from, and standby phones opened for emergency calls. The rest of
 * the app sees one PhonePort (phone-router) that dials on the active phone and
 * routes each call's controls to the phone carrying it.
 * Components call the action modules and read the store; they never touch the adapter.
 */
type PhoneEntry = {
  account: AccountView;
  /** Null while its credentials are being fetched. */
  phone: PhonePort | null;
  registration: RegistrationState;
  /** Calls this phone carries that have not ended. */
  calls: Set<string>;
  /** Not the active provider's any more: stopped when its last call ends. */
  retiring: boolean;
  /** Waiting for the signalling connection (openStandbyPhone). */
  onTransportUp: Array<() => void>;
};

let host: HostApi | null = null;
let phoneAccountKey = '';
let failoverKey = '';
const phones = new Map<string, PhoneEntry>();
/** Call id → the phone carrying it. */
const carriers = new Map<string, PhoneEntry>();
/** Original call → the party its consult call reached: where an attended transfer sent the caller. */
const consultTargets = new Map<string, string>();
const clock = createBackgroundClock();
const store = () => useAppStore.getState();

const router = new PhoneRouter({
  active: () => phones.get(activeProvider() ?? '')?.phone ?? null,
  carrierOf: (id) => carriers.get(id)?.phone ?? null,
  all: () => [...phones.values()].flatMap((e) => (e.phone ? [e.phone] : [])),
  dialed: (id, phone) => {
    const entry = [...phones.values()].find((e) => e.phone === phone);
    if (entry) claim(entry, id);
  },
});

/** A call-waiting ring is quieter than the first ring, so it does not drown the caller. */
const CALL_WAITING_VOLUME_FACTOR = 0.25;

/** The phone new calls go out on and calls are controlled through; null without an account. */
export function currentPhone(): PhonePort | null {
  return activeProvider() ? router : null;
}

/**
 * The account new calls go out on: the active provider's (accounts[0] unless
 * failed over). Dial strings and the circuit check belong to this account.
 */
export function activeAccount(): AccountView | null {
  const id = activeProvider();
  return accountsInOrder().find((a) => a.id === id) ?? null;
}

export function currentHost(): HostApi | null {
  return host;
}

export function log(level: 'debug' | 'info' | 'warn' | 'error', scope: string, message: string): void {
  void host?.call('log.write', { level, scope, message: message.slice(0, 4000) });
}

export async function startPhoneController(h: HostApi): Promise<void> {
  host = h;
  configureQualityController({ phone: () => currentPhone(), clock, log: (level, message) => log(level, 'quality', message) });
  configureProviderHealth(clock);
  configureFailover({
    clock,
    activate: (id) => activatePhone(id),
    retire: (id) => retirePhone(id),
    callsInProgress,
    probe: (id, timeoutMs) => {
      const account = phones.get(id)?.account ?? accountsInOrder().find((a) => a.id === id);
      return account?.kind === 'sip' ? probeRegistrar(account.server, account.uri, timeoutMs, clock) : null;
    },
    log: (level, message) => log(level, 'failover', message),
  });
  configureCdrController({ host: h, clock, callAudio, log: (level, message) => log(level, 'cdr', message) });
  // Every call is reported to the CDR store as it is added, whoever added it (dialer, emergency, monitor, REFER).
  useAppStore.subscribe((s, prev) => {
    if (s.calls === prev.calls) return;
    for (const [id, call] of Object.entries(s.calls)) {
      if (id in prev.calls) continue;
      // The dialer names the primary account; the call went out on whichever provider is active.
      const carrier = carriers.get(id);
      if (carrier && carrier.account.id !== call.accountId) store().callCarriedBy(id, carrier.account.id);
      callStarted(call);
    }
  });
  h.onConnectionChange((c) => store().setHostConnected(c));
  h.on('settings.changed', (s) => {
    store().setSettings(s);
    followRoleForCdr();
    void syncPhoneToSettings();
  });
  h.on('host.notice', (n) => store().addNotices([n]));
  h.on('feed.transferRequested', (t) => onTransferAnnounced(t));
  const [info, settings, notices] = await Promise.all([
    h.call('host.info', {}),
    h.call('settings.get', {}),
    h.call('notices.list', {}),
  ]);
  if (info.ok) store().setHostInfo(info.value);
  if (notices.ok) store().addNotices(notices.value);
  if (settings.ok) store().setSettings(settings.value);
  followRoleForCdr();
  await refreshHistory();
  await syncPhoneToSettings();
  startDeviceController();
  // The OS reports a new network (Wi-Fi to cable, VPN up): calls move to the new path.
  window.addEventListener('online', () => currentPhone()?.networkChanged('the network came back'));
  const connection = (navigator as Navigator & { connection?: EventTarget }).connection;
  connection?.addEventListener('change', () => currentPhone()?.networkChanged('the network changed'));
}

export async function refreshHistory(): Promise<void> {
  const r = await host?.call('history.list', { limit: 200 });
  if (r?.ok) store().setHistory(r.value);
}

function accountsInOrder(): AccountView[] {
  return store().settings?.accounts ?? [];
}

/** What restarts the phones when it changes: every account's connection details, in priority order. */
function connectionKey(accounts: readonly AccountView[]): string {
  return JSON.stringify(
    accounts.map((a) =>
      a.kind === 'sip'
        ? [a.id, a.server, a.uri, a.authorizationUsername, a.iceServers, a.forceRelay, a.hasPassword, a.dtmfMode, a.opusDtx]
        : [a.id, a.tokenUrl, a.edge, a.tokenRefreshLeadSec, a.hasPassword],
    ),
  );
}

/** (Re)start the phones when the accounts' connection details change; registration starts on the primary. */
export async function syncPhoneToSettings(force = false): Promise<void> {
  const accounts = accountsInOrder();
  const failover = store().settings?.preferences.failover ?? DEFAULT_FAILOVER_PREFERENCES;
  if (JSON.stringify(failover) !== failoverKey) {
    failoverKey = JSON.stringify(failover);
    setFailoverPreferences(failover);
    // Reconfiguring restarts a phone's check cycle: only when the cadence really changed.
    for (const e of phones.values()) if (e.phone && hasHealthCheck(e.phone)) e.phone.configureHealthCheck(healthCheckOptions(e.account.id));
  }
  const key = connectionKey(accounts);
  if (!force && key === phoneAccountKey) return;
  phoneAccountKey = key;
  const old = [...phones.values()];
  phones.clear();
  carriers.clear();
  // Unregister before registering again; a hung server must not hold the new phones back for long.
  await Promise.all(old.map((e) => stopWithin(e, STOP_WAIT_MS)));
  const labels = providerLabels(accounts.map((a) => ({ id: a.id, label: accountLabel(a), where: a.kind === 'sip' ? a.server : a.tokenUrl })));
  const first = resetFailover(accounts.map((a) => ({ id: a.id, label: labels.get(a.id) ?? a.id })), failover);
  if (!first) {
    store().registrationChanged({ type: 'reset' });
    return;
  }
  activatePhone(first);
}

/**
 * Make this provider's phone the one the status bar follows, starting it if
 * there is none; a phone that is already registered counts as registered at
 * once (the failover completes without another REGISTER).
 */
function activatePhone(accountId: string): void {
  const entry = phones.get(accountId);
  if (!entry) {
    const account = accountsInOrder().find((a) => a.id === accountId);
    if (!account) return log('error', 'phone', `no account ${accountId} to register on`);
    store().registrationChanged({ type: 'connect', attempt: 0 });
    void openPhone(account);
    return;
  }
  entry.retiring = false;
  for (const ev of replay(entry.registration)) store().registrationChanged(ev);
  if (entry.registration.status === 'registered') failoverRegistration(accountId, { type: 'registered', at: entry.registration.since, expiresSec: entry.registration.expiresSec });
}

/** Events that bring the status bar to a phone's current registration state. */
function replay(s: RegistrationState): RegistrationEvent[] {
  switch (s.status) {
    case 'unconfigured':
    case 'connecting':
      return [{ type: 'connect', attempt: s.status === 'connecting' ? s.attempt : 0 }];
    case 'registering':
      return [{ type: 'connect', attempt: 0 }, { type: 'transport-up' }];
    case 'registered':
      return [{ type: 'registered', at: s.since, expiresSec: s.expiresSec }];
    case 'failed':
      return [{ type: 'failed', failure: s.failure, detail: s.detail, retryAt: s.retryAt }];
    case 'unregistered':
      return [{ type: 'unregistered' }];
    default:
      return assertNever(s);
  }
}

/** The provider is not active any more: its phone goes once it carries no call. */
function retirePhone(accountId: string): void {
  const entry = phones.get(accountId);
  if (!entry || accountId === activeProvider()) return;
  entry.retiring = true;
  if (entry.calls.size === 0) stopPhone(entry);
  else log('info', 'phone', `${providerLabel(accountId)}: kept for ${entry.calls.size} call(s) in progress`);
}

function stopPhone(entry: PhoneEntry): void {
  if (phones.get(entry.account.id) === entry) phones.delete(entry.account.id);
  for (const [id, e] of carriers) if (e === entry) carriers.delete(id);
  void stopWithin(entry, STOP_WAIT_MS);
}

/** Stopping unregisters and closes the socket; over a dead or hung server neither answers, so nobody waits longer than this. */
const STOP_WAIT_MS = 2000;

function stopWithin(entry: PhoneEntry, ms: number): Promise<void> {
  const stopping = entry.phone?.stop().catch((err: unknown) => log('warn', 'phone', `stopping ${entry.account.id}: ${(err as Error).message}`)) ?? Promise.resolve();
  return new Promise<void>((resolve) => {
    const cancel = clock.after(ms, resolve);
    void stopping.then(() => {
      cancel();
      resolve();
    });
  });
}

async function openPhone(account: AccountView): Promise<PhoneEntry> {
  const entry: PhoneEntry = { account, phone: null, registration: { status: 'unconfigured' }, calls: new Set(), retiring: false, onTransportUp: [] };
  phones.set(account.id, entry);
  let password = '';
  let withSecrets: AccountView = account;
  // The password and the TURN credentials come from the vault, only here, only for the phone.
  const hasIceSecret = account.kind === 'sip' && account.iceServers.some((x) => x.hasCredential);
  if (account.hasPassword || hasIceSecret) {
    const cred = await host?.call('accounts.credentials', { id: account.id });
    if (cred?.ok) {
      password = cred.value.password;
      if (account.kind === 'sip') withSecrets = { ...account, iceServers: cred.value.iceServers };
    } else log('error', 'phone', `credentials for ${account.id} unavailable: ${cred?.error.message ?? 'no host'}`);
  }
  if (phones.get(account.id) !== entry) return entry; // the accounts changed meanwhile
  const phone = createPhone(withSecrets, password, entry);
  entry.phone = phone;
  if (hasHealthCheck(phone)) phone.configureHealthCheck(healthCheckOptions(account.id));
  phone.start();
  return entry;
}

/**
 * A phone on another account, for an emergency call the active provider
 * could not carry: its registration is logged, not shown (the status bar
 * follows the active provider); its calls are tracked like any other.
 * Resolves once its signalling connection is up; an account that already has
 * a phone (the active one, or one kept for its calls) gets that phone.
 */
export async function openStandbyPhone(account: AccountView): Promise<PhonePort> {
  const existing = phones.get(account.id);
  if (existing?.phone) return existing.phone;
  return new Promise<PhonePort>((resolve, reject) => {
    const timer = clock.after(5000, () => reject(new Error('could not connect within 5 s')));
    const wait = (e: PhoneEntry) =>
      e.onTransportUp.push(() => {
        timer();
        if (e.phone) resolve(e.phone);
      });
    if (existing) wait(existing);
    else void openPhone(account).then(wait);
  });
}

function onPhoneRegistration(entry: PhoneEntry, ev: RegistrationEvent): void {
  if (phones.get(entry.account.id) !== entry) return; // a phone we let go
  entry.registration = nextRegistration(entry.registration, ev);
  if (ev.type === 'transport-up') for (const fn of entry.onTransportUp.splice(0)) fn();
  if (entry.account.id !== activeProvider()) {
    log('info', 'phone', `${providerLabel(entry.account.id)} (not active): ${ev.type}${ev.type === 'failed' ? ` ${ev.detail}` : ''}`);
    return;
  }
  store().registrationChanged(ev);
  failoverRegistration(entry.account.id, ev);
}

function claim(entry: PhoneEntry, callId: string): void {
  if (carriers.get(callId) === entry) return;
  carriers.set(callId, entry);
  entry.calls.add(callId);
}

/** The call ended: a phone kept only for its calls goes; with no call left anywhere a when-idle fail-back may run. */
function release(entry: PhoneEntry, callId: string): void {
  entry.calls.delete(callId);
  if (carriers.get(callId) === entry) carriers.delete(callId);
  if (phones.get(entry.account.id) !== entry) return; // a phone we let go, hanging up as it stops
  if (entry.retiring && entry.calls.size === 0) stopPhone(entry);
  if (!callsInProgress()) callsSettled();
}

function callsInProgress(): boolean {
  return carriers.size > 0 || Object.values(store().calls).some((c) => c.state.phase !== 'ended');
}

function createPhone(account: AccountView, password: string, entry: PhoneEntry): PhonePort {
  const events: PhoneEvents = {
    registration: (ev) => onPhoneRegistration(entry, ev),
    incoming: (c) => {
      claim(entry, c.id);
      store().callAdded({ id: c.id, remoteUri: c.remoteUri, remoteName: c.remoteName, accountId: account.id, direction: 'inbound', phase: 'ringing-in', startedAt: Date.now() });
      resolveCallContext(c.id, c.signalling);
      const s = store();
      // An INVITE with Replaces (we were transferred) continues a call in progress: no ring, no click.
      if (c.replacesId) return answer(c.id);
      const busy = Object.values(s.calls).some((x) => x.id !== c.id && x.state.phase !== 'ended');
      if (s.settings?.preferences.autoAnswer && !busy) return answer(c.id);
      updateRinging();
      if (document.hidden) notifyIncoming(c.remoteName || c.remoteUri, () => answer(c.id));
    },
    outgoing: (c) => {
      claim(entry, c.id);
      store().callAdded({ ...c, accountId: account.id, direction: 'outbound', phase: 'dialing', startedAt: Date.now() });
    },
    callEvent: (id, ev) => {
      // Calls dialed on this phone directly (emergency, monitor) are claimed on their first event.
      if (ev.type !== 'ended') claim(entry, id);
      noteCallEvent(id, ev);
      const call = store().callChanged(id, ev);
      if (!call && ev.type !== 'remote-hold') log('warn', 'call', `ignored ${ev.type} on call ${id}: not possible in its current state`);
      updateRinging();
      if (call && ev.type === 'accepted') {
        watchCallQuality(id);
        beginCdr(call, cdrFacts(call));
        startCallRecording(id);
      }
      if (call && ev.type === 'ended') {
        monitorCallEnded(id);
        emergencyCallEnded(id, ev.reason);
        void finishCall(call, ev.sipStatus ?? null);
      }
      if (ev.type === 'ended') release(entry, id);
    },
    callDetail: (id, detail) => store().callDetailed(id, detail),
    log: (level, message) => log(level, 'sip', message),
  };
  return createPhonePort(account, password, events, clock, store().settings?.preferences.microphoneId ?? null);
}

function updateRinging(): void {
  const s = store();
  const calls = Object.values(s.calls);
  const ringing = calls.some((c) => c.state.phase === 'ringing-in');
  const onACall = calls.some((c) => c.state.phase === 'connected');
  const volume = s.settings?.preferences.ringVolume ?? 0.8;
  if (ringing) startRinging(onACall ? volume * CALL_WAITING_VOLUME_FACTOR : volume);
  else stopRinging();
}

/** The call's audio on whichever phone carries it (the active one, one kept for its calls, or a standby one). */
function callAudio(id: string): CallAudio {
  return router.callAudio(id);
}

function callStarted(call: CallView): void {
  if (call.consultOf) consultTargets.set(call.consultOf, call.remoteUri);
  // After the current store update: an incoming call's inline context is resolved right after it is added.
  queueMicrotask(() => {
    const now = store().calls[call.id];
    if (now) beginCdr(now, cdrFacts(now));
  });
}

const clip = (s: string | null | undefined, max: number): string | null => (s ? s.slice(0, max) : null);

/** What the CDR needs beyond the history line; `end` once the call is over. */
function cdrFacts(call: CallView, end?: { sipStatus: number | null; recording: RecordingState }): CdrFacts {
  const ctx = call.context.context;
  // Only a transfer that went through sent the caller anywhere; an abandoned consult did not.
  const transferredTo = call.transfer?.progress === 'succeeded' ? (consultTargets.get(call.id) ?? null) : null;
  const transferredFrom = call.direction === 'inbound' && ctx ? call.remoteName || call.remoteUri : null;
  const facts: CdrFacts = {
    codec: clip(call.codec, 100),
    // The context view keeps no UUI / Call-Info id, so contextId stays null (the host has the fetched context).
    transfer: ctx || transferredTo ? { aiSessionId: clip(ctx?.sessionId, 128), contextId: null, transferredFrom: clip(transferredFrom, 300), transferredTo: clip(transferredTo, 300) } : null,
    emergency: store().emergency?.callId === call.id,
    consent: consentOf(ctx),
  };
  if (!end) return facts;
  const status = end.sipStatus;
  return { ...facts, sipStatus: status !== null && Number.isInteger(status) && status >= 100 && status <= 699 ? status : null, recording: end.recording };
}

async function finishCall(call: CallView, sipStatus: number | null): Promise<void> {
  store().callRemoved(call.id);
  const quality = finishCallQuality(call.id);
  const recording = await finishCallRecording(call.id);
  const facts = cdrFacts(call, { sipStatus, recording });
  consultTargets.delete(call.id);
  const record: CallRecord = {
    id: call.id,
    direction: call.direction,
    remote: call.remoteUri,
    remoteName: call.remoteName,
    accountId: call.accountId,
    startedAt: new Date(call.startedAt).toISOString(),
    answeredAt: call.answeredAt ? new Date(call.answeredAt).toISOString() : null,
    endedAt: new Date(call.endedAt ?? Date.now()).toISOString(),
    outcome: call.outcome ?? 'failed',
    reason: call.reason.slice(0, 300),
    context: call.context.context,
    notes: call.notes,
    quality,
    facts,
  };
  const r = await host?.call('history.record', record);
  if (!r?.ok) {
    // Keep it visible for this session rather than lose it.
    store().setHistory([record, ...store().history]);
    log('error', 'history', `call record not stored: ${r?.error.message ?? 'host unavailable'}`);
    return;
  }
  await Promise.all([refreshHistory(), refreshCdrs()]);
}
