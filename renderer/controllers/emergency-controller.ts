import type { EmergencyCallPlan } from '../../shared/contract/e911';
import { DEFAULT_EMERGENCY_NUMBERS, emergencyDial, emergencyRouteUri, type EmergencyDial } from '../../shared/e911/emergency-numbers';
import { accountLabel, type AccountView } from '../../shared/settings/account';
import { domainOf } from '../../shared/telephony/dial-target';
import type { PhonePort } from '../../shared/telephony/phone-port';
import { useAppStore } from '../store/app-store';
import { activeAccount, currentHost, log, openStandbyPhone } from './phone-controller';

/**
 * Emergency calls (issue #8, docs/e911.md). Never blocked: not by
 * availability, an unconfirmed location, a provider's open circuit, or a host
 * that does not answer. The host builds the PIDF-LO and tells the security
 * desk; this module tries every provider in order until one takes the call.
 */
const store = () => useAppStore.getState();

/** The emergency number the agent typed, for the country they are in (their location's, else their dialing country). */
export function asEmergencyNumber(input: string): EmergencyDial | null {
  const s = store();
  const status = s.e911Status;
  const country = status?.location?.address.country ?? s.settings?.preferences.defaultCountry ?? 'US';
  const numbers = status?.numbers.length ? status.numbers : DEFAULT_EMERGENCY_NUMBERS;
  return emergencyDial(input, numbers, country) ?? emergencyDial(input, DEFAULT_EMERGENCY_NUMBERS, country);
}

export async function dialEmergency(dialled: EmergencyDial): Promise<void> {
  const accounts = store().settings?.accounts ?? [];
  const plan = await planCall(dialled, accounts);
  store().emergencyStarted(plan);
  const host = currentHost();
  const update = (event: 'attempt' | 'answered' | 'failed' | 'ended', detail: string, accountId?: string) =>
    void host?.call('e911.emergencyCallUpdate', { emergencyId: plan.emergencyId, event, detail: detail.slice(0, 500), ...(accountId ? { accountId } : {}) });

  const failures: string[] = [];
  for (const route of plan.routes) {
    const account = accounts.find((a) => a.id === route.accountId);
    if (!account) continue;
    // The phone this account already has (the active provider's, or one kept for its calls), else a new connection.
    const phone = await openStandbyPhone(account).catch((e: unknown) => {
      failures.push(`${label(account)}: ${(e as Error).message}`);
      return null;
    });
    if (!phone) continue;
    update('attempt', route.uri, account.id);
    const outcome = await attempt(phone, account, route.uri, plan);
    if (outcome.ok) {
      update('answered', `${outcome.progress} via ${label(account)}`, account.id);
      return;
    }
    failures.push(`${label(account)}: ${outcome.reason}`);
    update('failed', outcome.reason, account.id);
  }
  const why = failures.length ? failures.join('; ') : 'no phone account is configured';
  store().emergencyProgress('failed', `The emergency call could not be placed (${why}). Use another phone now.`);
  log('error', 'e911', `emergency call failed on every provider: ${why}`);
}

/** The host's plan, or, if the host cannot give one, a plan without location: the call still goes out. */
async function planCall(dialled: EmergencyDial, accounts: AccountView[]): Promise<EmergencyCallPlan> {
  // The active provider first (the host puts the requested account first in the routes).
  const first = activeAccount() ?? accounts[0];
  const r = first ? await currentHost()?.call('e911.emergencyCall', { number: dialled.number, accountId: first.id }) : undefined;
  if (r?.ok) return r.value;
  log('error', 'e911', `host gave no emergency plan (${r ? r.error.message : 'no account or host'}); dialing without location`);
  return {
    emergencyId: crypto.randomUUID(),
    pidf: '',
    contentId: '',
    routes: accounts.flatMap((a) => {
      // Twilio takes the number itself and routes it by the caller ID's registered address (docs/twilio.md §7).
      const uri = a.kind === 'sip' ? emergencyRouteUri('', dialled.number, domainOf(a.uri)) : dialled.number;
      return uri ? [{ accountId: a.id, uri }] : [];
    }),
    callbackNumber: null,
    address: null,
    unconfirmed: true,
    locationText: 'The Warmline host did not answer, so no location was sent: tell the dispatcher where you are.',
    test: dialled.test,
  };
}

type Attempt = { ok: true; progress: string } | { ok: false; reason: string };

/** Dial one route and wait until the far end answers (or rings), or the attempt fails. */
function attempt(phone: PhonePort, account: AccountView, uri: string, plan: EmergencyCallPlan): Promise<Attempt> {
  const headers = plan.callbackNumber && account.kind === 'sip' ? [`P-Asserted-Identity: <sip:${plan.callbackNumber}@${domainOf(account.uri)}>`] : [];
  const started = phone.dial(uri, `Emergency ${plan.test ? '(test) ' : ''}${numberOf(uri)}`, {
    extraHeaders: ['Priority: emergency', ...headers],
    ...(plan.pidf ? { location: { pidf: plan.pidf, contentId: plan.contentId } } : {}),
  });
  if (!started.ok) return Promise.resolve({ ok: false, reason: started.reason });
  const id = started.id;
  const s = store();
  if (!s.calls[id]) {
    s.callAdded({ id, accountId: account.id, direction: 'outbound', remoteUri: uri, remoteName: `Emergency ${numberOf(uri)}`, phase: 'dialing', startedAt: Date.now() });
  }
  s.emergencyProgress('dialing', `Calling ${numberOf(uri)} through ${label(account)}…`, id);
  return new Promise((resolve) => {
    let unsubscribe: (() => void) | null = null;
    let done = false;
    // Settles once; store writes happen after unsubscribing, since they notify subscribers synchronously.
    const settle = (r: Attempt, after?: () => void) => {
      done = true;
      unsubscribe?.();
      after?.();
      resolve(r);
    };
    const check = () => {
      if (done) return;
      const call = store().calls[id];
      if (call?.state.phase === 'connected') {
        settle({ ok: true, progress: 'answered' }, () => store().emergencyProgress('connected', `Connected to ${numberOf(uri)} through ${label(account)}`, id));
      } else if (!call || call.state.phase === 'ended') {
        settle({ ok: false, reason: call?.reason || 'the call ended before it was answered' });
      }
    };
    check();
    if (!done) unsubscribe = useAppStore.subscribe(check);
  });
}

/** The agent's banner follows the call to its end. */
export function emergencyCallEnded(callId: string, reason: string): void {
  const e = store().emergency;
  if (!e || e.callId !== callId) return;
  if (e.phase === 'connected') {
    store().emergencyProgress('ended', `Call ended: ${reason}`, callId);
    void currentHost()?.call('e911.emergencyCallUpdate', { emergencyId: e.plan.emergencyId, event: 'ended', detail: reason.slice(0, 500) });
  }
}

const label = accountLabel;
const numberOf = (uri: string) => /^sips?:([^@]+)@/i.exec(uri)?.[1] ?? uri;
