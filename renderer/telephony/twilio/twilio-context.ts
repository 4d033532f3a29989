import { CALL_INFO_PURPOSE, TWILIO_CONTEXT_B64_PARAM, TWILIO_CONTEXT_PARAM, type ContextCarriers } from '../../../shared/context/carriers';
import type { CallSignalling } from '../../../shared/telephony/phone-port';
import type { SdkCall } from './twilio-sdk-port';

/**
 * What a Twilio call carries for the screen-pop, in the carrier inputs of
 * shared/context. Twilio has no SIP headers on a Voice SDK call; the TwiML
 * that rings us (`<Dial><Client><Parameter name=… value=…/>`) sets custom
 * parameters, which arrive as `call.customParameters`. The names
 * (docs/twilio.md):
 *
 *   warmline_context       the context JSON, as text            } parsed by shared/context as the
 *   warmline_context_b64   base64url JSON, the X-Warmline-Context value } 'twilio' carrier (highest precedence)
 *   warmline_context_url   a context server URL                 -> Call-Info `<url>;purpose=warmline-context`
 *   warmline_uui           RFC 7433 User-to-User value(s) from a SIP leg, comma-separated -> User-to-User
 *   warmline_display_name  the caller's name to show            -> remoteName
 *
 * and from Twilio's own call parameters:
 *   From                   the caller                           -> remoteUri, and From in signalling
 *   StirStatus             Twilio's STIR/SHAKEN verdict (e.g. TN-Validation-Passed-A), written as
 *                          `;verstat=` on From, where shared/context/stir-shaken reads a carrier's verdict
 */
export const TWILIO_PARAMS = {
  context: TWILIO_CONTEXT_PARAM,
  contextB64: TWILIO_CONTEXT_B64_PARAM,
  contextUrl: 'warmline_context_url',
  userToUser: 'warmline_uui',
  displayName: 'warmline_display_name',
} as const;

/** The two names shared/context reads from `twilioParameters`. */
const CONTEXT_PARAMS: readonly string[] = [TWILIO_PARAMS.context, TWILIO_PARAMS.contextB64];
const DISPLAY_NAME_MAX = 80;

/**
 * CallSignalling plus the Twilio parameters. PhoneEvents.incoming is typed
 * with CallSignalling, which has no field for them yet; the extra property
 * rides along and twilioContextCarriers() reads it back.
 */
export type TwilioCallSignalling = CallSignalling & { twilioParameters: Record<string, string> };

type CallFacts = Pick<SdkCall, 'customParameters' | 'parameters'>;

export function twilioSignalling(call: CallFacts): TwilioCallSignalling {
  const custom = readCustomParameters(call.customParameters);
  const params = paramsOf(call);
  const url = custom[TWILIO_PARAMS.contextUrl]?.trim();
  const uui = custom[TWILIO_PARAMS.userToUser]?.trim();
  return {
    xWarmlineContext: null,
    userToUser: uui ? [uui] : [],
    // Brackets and the purpose make it a Call-Info entry, so the same URL rules and fetch apply.
    callInfo: url ? [`<${url.replace(/[<>]/g, '')}>;purpose=${CALL_INFO_PURPOSE}`] : [],
    from: fromHeader(own(params, 'From'), own(params, 'StirStatus')),
    pAssertedIdentity: [],
    // The SDK is not given the PASSporT; Twilio's verdict (StirStatus) is what we have.
    identity: [],
    twilioParameters: Object.fromEntries(Object.entries(custom).filter(([k]) => CONTEXT_PARAMS.includes(k))),
  };
}

/** What shared/context's resolveInlineContext takes for a call's signalling, Twilio parameters included when present. */
export function twilioContextCarriers(s: CallSignalling): ContextCarriers {
  return { xWarmlineContext: s.xWarmlineContext, userToUser: s.userToUser, callInfo: s.callInfo, twilioParameters: twilioParametersOf(s) };
}

export function twilioParametersOf(s: CallSignalling): Record<string, string> | null {
  const p: unknown = (s as Partial<TwilioCallSignalling>).twilioParameters;
  return isStringRecord(p) ? p : null;
}

export function remoteOf(call: CallFacts): { remoteUri: string; remoteName: string } {
  const params = paramsOf(call);
  const name = readCustomParameters(call.customParameters)[TWILIO_PARAMS.displayName] ?? '';
  return { remoteUri: own(params, 'From')?.trim() ?? '', remoteName: name.trim().slice(0, DISPLAY_NAME_MAX) };
}

/** The SDK gives a Map of strings; anything else (or a non-string value) is dropped, never trusted. */
function readCustomParameters(map: unknown): Record<string, string> {
  if (!(map instanceof Map)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of map) {
    // Object.fromEntries-style own data properties: a "__proto__" key cannot reach the prototype.
    if (typeof k === 'string' && typeof v === 'string') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** `<tel:+14155550100;verstat=TN-Validation-Passed-A>` from Twilio's From and StirStatus. */
function fromHeader(from: string | undefined, stir: string | undefined): string | null {
  const who = from?.trim();
  if (!who) return null;
  const uri = /^\+?[0-9]{3,20}$/.test(who) ? `tel:${who}` : who.replace(/[<>\s]/g, '');
  const verstat = stir && /^[A-Za-z0-9-]{1,40}$/.test(stir.trim()) ? `;verstat=${stir.trim()}` : '';
  return `<${uri}${verstat}>`;
}

function paramsOf(call: CallFacts): Record<string, string> {
  const p: unknown = call.parameters;
  return typeof p === 'object' && p !== null ? (p as Record<string, string>) : {};
}

function own(o: Record<string, string>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(o, key) && typeof o[key] === 'string' ? o[key] : undefined;
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}
