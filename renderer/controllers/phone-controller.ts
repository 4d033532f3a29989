import type { CdrFacts } from '../../shared/history/cdr-facts';
import type { CallRecord } from '../../shared/history/call-record';
import { consentOf, type RecordingState } from '../../shared/history/recording-policy';
import type { SipAccountView } from '../../shared/settings/account';
import type { CallAudio, PhoneEvents, PhonePort } from '../../shared/telephony/phone-port';
import type { HostApi } from '../platform';
import { useAppStore } from '../store/app-store';
import type { CallView } from '../store/calls-slice';
import { createBackgroundClock } from '../telephony/background-clock';
import { startRinging, stopRinging } from '../telephony/audio/ringer';
import { SipJsPhone } from '../telephony/sipjs/sipjs-phone';
import { answer } from './call-actions';
import { resolveCallContext } from './context-controller';
import { startDeviceController } from './device-controller';
import { notifyIncoming } from './incoming-notification';
import { onTransferAnnounced } from './handoff-controller';
import { monitorCallEnded } from './monitor-controller';
import { configureQualityController, finishCallQuality, watchCallQuality } from './quality-controller';
import { emergencyCallEnded } from './emergency-controller';
import { configureProviderHealth, noteCallEvent } from './provider-health';
import { beginCdr, configureCdrController, finishCallRecording, followRoleForCdr, refreshCdrs, startCallRecording } from './cdr-controller';

/**
 * Side effects of the softphone: adapter events into the store, finished calls
 * into the host's history, the phone restarted when its account changes.
 * Components call the action modules and read the store; they never touch the adapter.
 */
let host: HostApi | null = null;
let phone: PhonePort | null = null;
let phoneAccountKey = '';
/** Phones on the other accounts, opened only when an emergency call needs another provider. */
const standbyPhones = new Map<string, PhonePort>();
/** Original call → the party its consult call reached: where an attended transfer sent the caller. */
const consultTargets = new Map<string, string>();
const clock = createBackgroundClock();
const store = () => useAppStore.getState();

/** A call-waiting ring is quieter than the first ring, so it does not drown the caller. */
const CALL_WAITING_VOLUME_FACTOR = 0.25;

export function currentPhone(): PhonePort | null {
  return phone;
}

export function currentHost(): HostApi | null {
  return host;
}

export function log(level: 'debug' | 'info' | 'warn' | 'error', scope: string, message: string): void {
  void host?.call('log.write', { level, scope, message: message.slice(0, 4000) });
}

export async function startPhoneController(h: HostApi): Promise<void> {
  host = h;
  configureQualityController({ phone: () => phone, clock, log: (level, message) => log(level, 'quality', message) });
  configureProviderHealth(clock);
  configureCdrController({ host: h, clock, callAudio, log: (level, message) => log(level, 'cdr', message) });
  // Every call is reported to the CDR store as it is added, whoever added it (dialer, emergency, monitor, REFER).
  useAppStore.subscribe((s, prev) => {
    if (s.calls === prev.calls) return;
    for (const [id, call] of Object.entries(s.calls)) if (!(id in prev.calls)) callStarted(call);
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
  window.addEventListener('online', () => phone?.networkChanged('the network came back'));
  const connection = (navigator as Navigator & { connection?: EventTarget }).connection;
  connection?.addEventListener('change', () => phone?.networkChanged('the network changed'));
}

export async function refreshHistory(): Promise<void> {
  const r = await host?.call('history.list', { limit: 200 });
  if (r?.ok) store().setHistory(r.value);
}

/** (Re)start the phone when the primary account's connection details change. */
export async function syncPhoneToSettings(force = false): Promise<void> {
  const account = store().settings?.accounts[0] ?? null;
  const key = account
    ? JSON.stringify([account.server, account.uri, account.authorizationUsername, account.iceServers, account.hasPassword, account.dtmfMode, account.opusDtx])
    : '';
  if (!force && key === phoneAccountKey) return;
  phoneAccountKey = key;
  const old = phone;
  phone = null;
  if (old) await old.stop();
  for (const [id, p] of standbyPhones) {
    standbyPhones.delete(id);
    await p.stop();
  }
  if (!account) {
    store().registrationChanged({ type: 'reset' });
    return;
  }
  let password = '';
  if (account.hasPassword) {
    const cred = await host?.call('accounts.credentials', { id: account.id });
    if (cred?.ok) password = cred.value.password;
    else log('error', 'phone', `password for ${account.id} unavailable: ${cred?.error.message ?? 'no host'}`);
  }
  phone = createPhone(account, password);
  phone.start();
}

/**
 * A phone on another account, for an emergency call the primary provider
 * could not carry: its registration is logged, not shown (the status bar is
 * the primary's); its calls are tracked like any other. Resolves once its
 * signalling connection is up.
 */
export async function openStandbyPhone(account: SipAccountView): Promise<PhonePort> {
  const existing = standbyPhones.get(account.id);
  if (existing) return existing;
  let password = '';
  if (account.hasPassword) {
    const cred = await host?.call('accounts.credentials', { id: account.id });
    if (cred?.ok) password = cred.value.password;
  }
  return new Promise<PhonePort>((resolve, reject) => {
    const timer = clock.after(5000, () => reject(new Error('could not connect within 5 s')));
    const p = createPhone(account, password, (ev) => {
      log('info', 'phone', `standby ${account.id}: ${ev.type}`);
      if (ev.type === 'transport-up') {
        timer();
        resolve(p);
      }
    });
    standbyPhones.set(account.id, p);
    p.start();
  });
}

function createPhone(account: SipAccountView, password: string, onRegistration?: PhoneEvents['registration']): PhonePort {
  const events: PhoneEvents = {
    registration: onRegistration ?? ((ev) => store().registrationChanged(ev)),
    incoming: (c) => {
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
      store().callAdded({ ...c, accountId: account.id, direction: 'outbound', phase: 'dialing', startedAt: Date.now() });
    },
    callEvent: (id, ev) => {
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
    },
    callDetail: (id, detail) => store().callDetailed(id, detail),
    log: (level, message) => log(level, 'sip', message),
  };
  return new SipJsPhone(account, password, events, clock, store().settings?.preferences.microphoneId ?? null);
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

/** The call's audio on whichever phone carries it (the primary, or a standby one for an emergency call). */
function callAudio(id: string): CallAudio {
  for (const p of [phone, ...standbyPhones.values()]) {
    const audio = p?.callAudio?.(id);
    if (audio && (audio.local || audio.remote)) return audio;
  }
  return { local: null, remote: null };
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
