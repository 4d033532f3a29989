import { parsePhoneNumberWithError, ParseError, type CountryCode } from 'libphonenumber-js/max';

/** What the agent typed into "Number to dial", resolved to something a SIP stack can call. */
export type DialTarget =
  | { kind: 'number'; e164: string; uri: string; display: string }
  | { kind: 'extension'; extension: string; uri: string; display: string }
  | { kind: 'sip'; uri: string; display: string };

export type DialParse = { ok: true; target: DialTarget } | { ok: false; reason: string };

export type DialContext = {
  /** Two-letter country used for national numbers. */
  defaultCountry: string;
  /** Domain of the account's AOR, used for extensions and user names. */
  domain: string;
};

/** Internal extensions and short codes (911, 112, 4-6 digit extensions) are dialled as typed. */
const SHORT_CODE = /^\d{2,6}$/;
const SIP_USER = /^[a-z][a-z0-9._~-]{0,63}$/i;
const SIP_URI = /^sips?:([^@\s;?]+)@([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?(;[^\s]*)?$/i;
const PHONE_CHARS = /^[+\d\s().\-/]+$/;

const PARSE_REASONS: Record<string, string> = {
  INVALID_COUNTRY: 'has no country code: start with + and the country code, or set your default country',
  NOT_A_NUMBER: 'is not a phone number',
  TOO_SHORT: 'is too short to be a phone number',
  TOO_LONG: 'is too long to be a phone number',
  INVALID_LENGTH: 'has the wrong number of digits',
};

export function parseDialInput(input: string, ctx: DialContext): DialParse {
  const raw = input.trim();
  if (raw === '') return { ok: false, reason: 'Enter a number, extension or SIP address' };
  if (raw.length > 256) return { ok: false, reason: 'That is too long to be a number or SIP address' };

  if (/^sips?:/i.test(raw) || raw.includes('@')) {
    const uri = /^sips?:/i.test(raw) ? raw : `sip:${raw}`;
    const m = SIP_URI.exec(uri);
    if (!m) return { ok: false, reason: `"${raw}" is not a valid SIP address (expected sip:user@domain)` };
    return { ok: true, target: { kind: 'sip', uri, display: uri.replace(/^sips?:/i, '') } };
  }

  if (SIP_USER.test(raw)) {
    return { ok: true, target: { kind: 'sip', uri: `sip:${raw}@${ctx.domain}`, display: raw } };
  }

  if (!PHONE_CHARS.test(raw)) {
    const bad = [...new Set(raw.replace(/[+\d\s().\-/]/g, ''))].join(' ');
    return { ok: false, reason: `"${raw}" contains characters a phone number cannot have: ${bad}` };
  }
  if ((raw.match(/\+/g) ?? []).length > 1 || (raw.includes('+') && !raw.startsWith('+'))) {
    return { ok: false, reason: 'A "+" may only appear once, at the start of the number' };
  }

  const digits = raw.replace(/[^\d]/g, '');
  if (!raw.startsWith('+') && SHORT_CODE.test(digits)) {
    return {
      ok: true,
      target: { kind: 'extension', extension: digits, uri: `sip:${digits}@${ctx.domain}`, display: digits },
    };
  }

  try {
    const phone = parsePhoneNumberWithError(raw, { defaultCountry: asCountry(ctx.defaultCountry) });
    if (!phone.isValid()) {
      const where = phone.country ?? `+${phone.countryCallingCode}`;
      return { ok: false, reason: `"${raw}" is not a valid number in ${where}` };
    }
    const e164 = phone.number;
    return {
      ok: true,
      target: { kind: 'number', e164, uri: `sip:${e164}@${ctx.domain};user=phone`, display: phone.formatInternational() },
    };
  } catch (e) {
    const code = e instanceof ParseError ? e.message : 'NOT_A_NUMBER';
    return { ok: false, reason: `"${raw}" ${PARSE_REASONS[code] ?? 'is not a phone number'}` };
  }
}

function asCountry(code: string): CountryCode | undefined {
  return /^[A-Z]{2}$/.test(code) ? (code as CountryCode) : undefined;
}

/** The domain part of an AOR, for dialling extensions and user names. */
export function domainOf(aor: string): string {
  const at = aor.lastIndexOf('@');
  return at < 0 ? aor : aor.slice(at + 1).replace(/[;?].*$/, '');
}
