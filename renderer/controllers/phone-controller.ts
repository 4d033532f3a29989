import type { CallRecord } from '../../shared/history/call-record';
import type { SipAccountView } from '../../shared/settings/account';
import { domainOf, parseDialInput } from '../../shared/telephony/dial-target';
import type { PhoneEvents, PhonePort } from '../../shared/telephony/phone-port';
import type { HostApi } from '../platform';
import { useAppStore, type AppState } from '../store/app-store';
import type { CallView } from '../store/calls-slice';
import { createBackgroundClock } from '../telephony/background-clock';
import { startRinging, stopRinging, unlockAudio } from '../telephony/audio/ringer';
import { SipJsPhone } from '../telephony/sipjs/sipjs-phone';
import { notifyIncoming } from './incoming-notification';

/**
 * Side effects of the softphone: adapter events into the store, UI intents into
 * the adapter, finished calls into the host's history. Components call these
 * functions and read the store; they never touch the adapter.
 */
let host: HostApi | null = null;
let phone: PhonePort | null = null;
let phoneAccountKey = '';
const clock = createBackgroundClock();
const store = () => useAppStore.getState();

export function log(level: 'debug' | 'info' | 'warn' | 'error', scope: string, message: string): void {
  void host?.call('log.write', { level, scope, message: message.slice(0, 4000) });
}

export async function startPhoneController(h: HostApi): Promise<void> {
  host = h;
  h.onConnectionChange((c) => store().setHostConnected(c));
  h.on('settings.changed', (s) => {
    store().setSettings(s);
    void syncPhoneToSettings();
  });
  h.on('host.notice', (n) => store().addNotices([n]));
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
}

export async function refreshHistory(): Promise<void> {
  const r = await host?.call('history.list', { limit: 200 });
  if (r?.ok) store().setHistory(r.value);
}

/** (Re)start the phone when the primary account's connection details change. */
async function syncPhoneToSettings(force = false): Promise<void> {
  const account = store().settings?.accounts[0] ?? null;
  const key = account ? JSON.stringify([account.server, account.uri, account.authorizationUsername, account.iceServers, account.hasPassword]) : '';
  if (!force && key === phoneAccountKey) return;
  phoneAccountKey = key;
  const old = phone;
  phone = null;
  if (old) await old.stop();
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

function createPhone(account: SipAccountView, password: string): PhonePort {
  const events: PhoneEvents = {
    registration: (ev) => store().registrationChanged(ev),
    incoming: (c) => {
      store().callAdded({ ...c, accountId: account.id, direction: 'inbound', phase: 'ringing-in', startedAt: Date.now() });
      updateRinging();
      const s = store();
      if (s.settings?.preferences.autoAnswer && !selectBusy(s, c.id)) answer(c.id);
      else if (document.hidden) notifyIncoming(c.remoteName || c.remoteUri, () => answer(c.id));
    },
    callEvent: (id, ev) => {
      const call = store().callChanged(id, ev);
      updateRinging();
      if (call && ev.type === 'ended') void finishCall(call);
    },
    log: (level, message) => log(level, 'sip', message),
  };
  return new SipJsPhone(account, password, events, clock);
}

function selectBusy(s: AppState, exceptId: string): boolean {
  return Object.values(s.calls).some((c) => c.id !== exceptId && c.phase !== 'ended');
}

function updateRinging(): void {
  const s = store();
  const ringing = Object.values(s.calls).some((c) => c.phase === 'ringing-in');
  if (ringing) startRinging(s.settings?.preferences.ringVolume ?? 0.8);
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

/** Returns true when a call was started; otherwise the reason is in the store's dialError. */
export function dial(input: string): boolean {
  const s = store();
  const account = s.settings?.accounts[0];
  if (!account || !phone) {
    s.setDialError('Add a SIP account in Settings before dialing');
    return false;
  }
  const parsed = parseDialInput(input, {
    defaultCountry: s.settings?.preferences.defaultCountry ?? 'US',
    domain: domainOf(account.uri),
  });
  if (!parsed.ok) {
    s.setDialError(parsed.reason);
    return false;
  }
  const started = phone.dial(parsed.target.uri, parsed.target.display);
  if (!started.ok) {
    s.setDialError(started.reason);
    return false;
  }
  s.callAdded({
    id: started.id,
    accountId: account.id,
    direction: 'outbound',
    remoteUri: parsed.target.uri,
    remoteName: parsed.target.display,
    phase: 'dialing',
    startedAt: Date.now(),
  });
  return true;
}

export function clearDialError(): void {
  if (store().dialError) store().setDialError(null);
}

export function answer(id: string): void {
  phone?.answer(id);
}
export function decline(id: string): void {
  phone?.decline(id);
}
export function hangup(id: string): void {
  phone?.hangup(id);
}

/** The agent's click that unlocks audio (autoplay policy) and marks them available. */
export async function goAvailable(): Promise<void> {
  const unlocked = await unlockAudio();
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission();
  store().setAvailable(true, unlocked);
}

export function goAway(): void {
  store().setAvailable(false, store().audioUnlocked);
}

export async function saveAccount(
  account: Omit<SipAccountView, 'hasPassword'>,
  password: string | undefined,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (!host) return { ok: false, reason: 'Host not connected' };
  const r = await host.call('accounts.save', password ? { account, password } : { account });
  if (!r.ok) return { ok: false, reason: r.error.message };
  store().setSettings(r.value);
  await syncPhoneToSettings(true);
  return { ok: true };
}

export async function reconnectNow(): Promise<void> {
  await syncPhoneToSettings(true);
}
