import type { E911Status, EmergencyAlert, EmergencyCallPlan, EmergencyNumber } from '../../../shared/contract/e911';
import { emergencyRouteUri } from '../../../shared/e911/emergency-numbers';
import { buildPidfLo } from '../../../shared/e911/pidf-lo';
import type { Account } from '../../../shared/settings/account';
import { domainOf } from '../../../shared/telephony/dial-target';
import type { E911Config } from './config-store';
import { formatAddressLine } from './format';

/**
 * What the renderer needs to place an emergency INVITE, and what the
 * security desk is told. Pure. Nothing here refuses the call: no location,
 * no account or a bad route template still yields a plan (Kari's Law: 911
 * must always go out), with what was missing said in locationText or the
 * skipped routes.
 */

export const NO_LOCATION_TEXT = 'No location has been confirmed on this computer: none was sent';
/** RFC 3261's anonymous URI, for the PIDF entity when no account is configured. */
const ANONYMOUS = 'sip:anonymous@anonymous.invalid';

export type PlanInput = {
  emergencyId: string;
  number: string;
  accountId: string;
  status: Pick<E911Status, 'state' | 'location'>;
  config: E911Config;
  accounts: Account[];
  agentName: string;
  now: Date;
};

export type PlanOutcome = {
  plan: EmergencyCallPlan;
  alert: EmergencyAlert;
  /** Accounts left out because the route template did not give a SIP URI for them. */
  skipped: Array<{ accountId: string; domain: string }>;
};

export function buildEmergencyPlan(input: PlanInput): PlanOutcome {
  const { config, number, status } = input;
  const first = input.accounts.find((a) => a.id === input.accountId) ?? input.accounts[0];
  const ordered = first ? [first, ...input.accounts.filter((a) => a !== first)] : [];
  const routes: EmergencyCallPlan['routes'] = [];
  const skipped: PlanOutcome['skipped'] = [];
  for (const a of ordered) {
    // Twilio takes the number itself and routes it by the caller ID's registered address (docs/twilio.md §7).
    if (a.kind === 'twilio') {
      routes.push({ accountId: a.id, uri: number });
      continue;
    }
    const domain = domainOf(a.uri);
    const uri = emergencyRouteUri(config.routeTemplate, number, domain);
    if (uri === null) skipped.push({ accountId: a.id, domain });
    else routes.push({ accountId: a.id, uri });
  }

  // The agent's SIP address; a Twilio seat has none in settings (its identity is in its access token).
  const aor = ordered.find((a) => a.kind === 'sip')?.uri ?? null;
  const entity = aor ?? ANONYMOUS;
  const domain = domainOf(entity);
  const contentId = `${input.emergencyId}@${domain}`;
  const location = status.location;
  const unconfirmed = location !== null && status.state !== 'confirmed';
  const pidf =
    location === null
      ? ''
      : buildPidfLo({ address: location.address, entity, timestamp: location.confirmedAt, method: 'Manual', unconfirmed, id: input.emergencyId });
  const line = location === null ? NO_LOCATION_TEXT : formatAddressLine(location.address);
  const locationText = unconfirmed ? `${line} (sent marked unconfirmed)` : line;
  const callbackNumber = location?.address.callbackNumber ?? config.defaultCallbackNumber;
  const test = isTestNumber(number, config.numbers);

  const plan: EmergencyCallPlan = {
    emergencyId: input.emergencyId,
    pidf,
    contentId,
    routes,
    callbackNumber,
    address: location?.address ?? null,
    unconfirmed,
    locationText,
    test,
  };
  const alert: EmergencyAlert = {
    type: 'warmline.emergency/1',
    emergencyId: input.emergencyId,
    number,
    test,
    agent: { name: (input.agentName || 'Unnamed agent').slice(0, 80), aor: (aor ?? '').slice(0, 300) },
    locationText: locationText.slice(0, 1000),
    address: location?.address ?? null,
    unconfirmed,
    callbackNumber,
    at: input.now.toISOString(),
  };
  return { plan, alert, skipped };
}

/**
 * A test call only when every entry for that number says so: a number listed
 * as a real emergency number anywhere (911 in the US and CA) is never
 * downgraded to a test that alerts nobody.
 */
export function isTestNumber(number: string, numbers: readonly EmergencyNumber[]): boolean {
  const hits = numbers.filter((n) => n.number === number);
  return hits.length > 0 && hits.every((n) => n.test);
}
