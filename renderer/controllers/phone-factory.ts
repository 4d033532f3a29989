import type { Account, TwilioAccount } from '../../shared/settings/account';
import { domainOf, type DialTarget } from '../../shared/telephony/dial-target';
import type { PhoneEvents, PhonePort } from '../../shared/telephony/phone-port';
import type { Clock } from '../telephony/background-clock';
import { SipJsPhone } from '../telephony/sipjs/sipjs-phone';
import { TwilioDevice } from '../telephony/twilio/twilio-device';
import { TwilioPhone, type TwilioPhoneOptions } from '../telephony/twilio/twilio-phone';
import type { TokenFetch } from '../telephony/twilio/token-source';

/**
 * The one place that knows which adapter carries which kind of account. The
 * controllers hold a PhonePort and never ask which one it is; what a port
 * cannot do, it says itself (docs/twilio.md §7).
 */
export function createPhonePort(account: Account, password: string, events: PhoneEvents, clock: Clock, microphoneId: string | null): PhonePort {
  switch (account.kind) {
    case 'sip':
      return new SipJsPhone(account, password, events, clock, microphoneId);
    case 'twilio':
      return new TwilioPhone(twilioPhoneOptions(account, password, microphoneId, { Device: TwilioDevice, fetch: (url, init) => fetch(url, init) }), events, clock);
    default:
      return missingKind(account);
  }
}

/**
 * The request header that carries a Twilio account's seat token (the secret
 * the vault keeps for it) to the token URL. Not Authorization: browsers never
 * let a preflight's `Access-Control-Allow-Headers: *` cover Authorization, and
 * that wildcard is what Twilio Functions answer preflights with.
 */
export const SEAT_TOKEN_HEADER = 'X-Warmline-Seat-Token';

/** Settings and the vault's secret as the Twilio adapter takes them. Exported for tests. */
export function twilioPhoneOptions(
  account: TwilioAccount,
  seatToken: string,
  microphoneId: string | null,
  sdk: Pick<TwilioPhoneOptions, 'Device'> & { fetch: TokenFetch },
): TwilioPhoneOptions {
  return {
    Device: sdk.Device,
    fetch: sdk.fetch,
    tokenUrl: account.tokenUrl,
    ...(seatToken ? { tokenHeaders: { [SEAT_TOKEN_HEADER]: seatToken } } : {}),
    ...(account.edge.length > 0 ? { edge: account.edge } : {}),
    tokenRefreshLeadMs: account.tokenRefreshLeadSec * 1000,
    microphoneId,
  };
}

/**
 * What dial strings resolve against. A Twilio account has no SIP domain, so
 * user names and extensions resolve against a reserved one (RFC 2606) that
 * dialStringFor takes off again: the TwiML App then gets the bare name, as in
 * Twilio's own samples (`<Client>` for a name, `<Number>` for digits).
 */
const TWILIO_DIAL_DOMAIN = 'twilio.invalid';
const OWN_USER = new RegExp(`^sips?:([^@]+)@${TWILIO_DIAL_DOMAIN.replaceAll('.', '\\.')}(?:[;?].*)?$`, 'i');

export function dialDomainOf(account: Account): string {
  return account.kind === 'sip' ? domainOf(account.uri) : TWILIO_DIAL_DOMAIN;
}

/** What the account's port dials for a parsed target: the SIP URI, or for Twilio the `To` its TwiML App receives. */
export function dialStringFor(account: Account, target: DialTarget): string {
  if (account.kind === 'sip') return target.uri;
  if (target.kind === 'number') return target.e164;
  const own = OWN_USER.exec(target.uri);
  return own?.[1] ?? target.uri;
}

function missingKind(account: never): never {
  throw new Error(`no phone adapter for account kind ${String((account as { kind?: unknown }).kind)}`);
}
