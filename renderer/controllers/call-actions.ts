import { accountLabel, type Account } from '../../shared/settings/account';
import { parseDialInput, type DialParse } from '../../shared/telephony/dial-target';
import { isTalking } from '../../shared/telephony/call-state';
import { selectActiveCall, useAppStore } from '../store/app-store';
import { unlockAudio } from '../telephony/audio/ringer';
import { activeAccount, currentHost, currentPhone, syncPhoneToSettings } from './phone-controller';
import { dialDomainOf, dialStringFor } from './phone-factory';
import { asEmergencyNumber, dialEmergency } from './emergency-controller';
import { admitCall, watchOutgoingCall } from './provider-health';
import { deferDial } from './dial-queue';
import { selectMayGoAvailable } from '../store/e911-slice';

/**
 * What the agent asks of calls: every button in the call views lands here.
 * Rules that span calls (answering a second call holds the first) live here,
 * not in components and not in the adapter.
 */
const store = () => useAppStore.getState();

function parse(input: string): DialParse {
  const s = store();
  // The provider calls go out on now: accounts[0], or the standby after a failover.
  const account = activeAccount() ?? s.settings?.accounts[0];
  if (!account) return { ok: false, reason: 'Add a SIP account in Settings before dialing' };
  return parseDialInput(input, { defaultCountry: s.settings?.preferences.defaultCountry ?? 'US', domain: dialDomainOf(account) });
}

/** Returns true when a call was started; otherwise the reason is in the store's dialError. */
export function dial(input: string, consultOf: string | null = null): boolean {
  const s = store();
  // Emergency numbers first, as typed: no prefix, no E.164 rewriting, nothing in the way.
  const emergency = consultOf === null ? asEmergencyNumber(input) : null;
  if (emergency) {
    holdOthers(null);
    if (s.dialError) s.setDialError(null);
    void dialEmergency(emergency);
    return true;
  }
  const phone = currentPhone();
  const account = activeAccount() ?? s.settings?.accounts[0];
  const parsed = parse(input);
  if (!parsed.ok || !phone || !account) {
    s.setDialError(parsed.ok ? 'Add a SIP account in Settings before dialing' : parsed.reason);
    return false;
  }
  const paused = admitCall(account.id, accountLabel(account));
  if (paused) {
    s.setDialError(paused);
    return false;
  }
  // Seed R12: at most N calls per second per provider; a click-to-dial burst waits its turn in order.
  const rate = deferDial(account.id, accountLabel(account), parsed.target.display, () => dial(input, consultOf));
  if (rate !== 'now') return rate === 'queued';
  holdOthers(null);
  const started = phone.dial(dialStringFor(account, parsed.target), parsed.target.display);
  if (!started.ok) {
    s.setDialError(started.reason);
    return false;
  }
  watchOutgoingCall(started.id, account.id);
  s.callAdded({
    id: started.id,
    accountId: account.id,
    direction: 'outbound',
    remoteUri: parsed.target.uri,
    remoteName: parsed.target.display,
    phase: 'dialing',
    startedAt: Date.now(),
    consultOf,
  });
  return true;
}

export function clearDialError(): void {
  if (store().dialError) store().setDialError(null);
}

/** Answering while on a call puts that call on hold first (call waiting). */
export function answer(id: string): void {
  holdOthers(id);
  currentPhone()?.answer(id);
  store().focus(id);
}

export function decline(id: string): void {
  currentPhone()?.decline(id);
}

export function hangup(id: string): void {
  currentPhone()?.hangup(id);
}

export function setHold(id: string, on: boolean): void {
  currentPhone()?.hold(id, on);
}

export function setMute(id: string, on: boolean): void {
  currentPhone()?.mute(id, on);
}

export function sendDtmf(id: string, tones: string): void {
  currentPhone()?.sendDtmf(id, tones);
}

/** Make another call the one being worked on: hold the current one, resume that one. */
export function switchTo(id: string): void {
  holdOthers(id);
  const target = store().calls[id];
  if (target?.state.hold === 'held') currentPhone()?.hold(id, false);
  store().focus(id);
}

export function transferBlind(id: string, input: string): boolean {
  const parsed = parse(input);
  if (!parsed.ok) {
    store().callDetailed(id, { type: 'transfer', progress: 'failed', text: parsed.reason });
    return false;
  }
  currentPhone()?.transferBlind(id, parsed.target.uri);
  return true;
}

/** Attended transfer, step 1: hold the caller and call the colleague. */
export function startConsult(id: string, input: string): boolean {
  const parsed = parse(input);
  if (!parsed.ok) {
    store().callDetailed(id, { type: 'transfer', progress: 'failed', text: parsed.reason });
    return false;
  }
  return dial(input, id);
}

/** Attended transfer, step 2: connect the caller to the colleague (REFER with Replaces). */
export function completeTransfer(consultId: string): void {
  const consult = store().calls[consultId];
  if (!consult?.consultOf) return;
  currentPhone()?.completeAttendedTransfer(consult.consultOf, consultId);
}

function holdOthers(exceptId: string | null): void {
  for (const c of Object.values(store().calls)) {
    if (c.id !== exceptId && isTalking(c.state)) currentPhone()?.hold(c.id, true);
  }
}

/** The agent's click that unlocks audio (autoplay policy) and marks them available. */
export async function goAvailable(): Promise<void> {
  // E911: no calls are offered to an agent whose dispatchable location is not confirmed (the banner says why).
  if (!selectMayGoAvailable(store()).ok) return;
  const unlocked = await unlockAudio();
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission();
  store().setAvailable(true, unlocked);
}

export function goAway(): void {
  store().setAvailable(false, store().audioUnlocked);
}

export async function saveAccount(
  account: Account,
  password: string | undefined,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const host = currentHost();
  if (!host) return { ok: false, reason: 'Host not connected' };
  const r = await host.call('accounts.save', password ? { account, password } : { account });
  if (!r.ok) return { ok: false, reason: r.error.message };
  store().setSettings(r.value);
  await syncPhoneToSettings(true);
  return { ok: true };
}

/** The call the keyboard shortcuts act on. */
export function activeCallId(): string | null {
  return selectActiveCall(store())?.id ?? null;
}
