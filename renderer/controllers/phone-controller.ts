import type { CallRecord } from '../../shared/history/call-record';
import type { SipAccountView } from '../../shared/settings/account';
import type { PhoneEvents, PhonePort } from '../../shared/telephony/phone-port';
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
  h.onConnectionChange((c) => store().setHostConnected(c));
  h.on('settings.changed', (s) => {
    store().setSettings(s);
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
      if (call && ev.type === 'accepted') watchCallQuality(id);
      if (call && ev.type === 'ended') {
        monitorCallEnded(id);
        emergencyCallEnded(id, ev.reason);
        void finishCall(call);
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

async function finishCall(call: CallView): Promise<void> {
  store().callRemoved(call.id);
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
    quality: finishCallQuality(call.id),
  };
  const r = await host?.call('history.record', record);
  if (!r?.ok) {
    // Keep it visible for this session rather than lose it.
    store().setHistory([record, ...store().history]);
    log('error', 'history', `call record not stored: ${r?.error.message ?? 'host unavailable'}`);
    return;
  }
  await refreshHistory();
}
