import crypto from 'node:crypto';

/**
 * The form in which a caller's number is compared for erasure (privacy.eraseNumber).
 *
 * Numbers reach us written many ways: "+1 (415) 555-0100", "sip:+14155550100@pbx;user=phone",
 * "tel:4155550100", "4155550100". With 10 or more digits the key is the last 10
 * digits, which is what a national and an international writing of the same
 * number share (US +1 415 555 0100 and 415 555 0100; UK +44 20 7183 8750 and
 * 020 7183 8750). Anything shorter or not a phone number (extensions, SIP users
 * such as "alice") is compared exactly, ignoring case, on the SIP user part:
 * erasing "1001" must not erase every number that ends in 1001.
 */
export const MATCH_DIGITS = 10;

const PHONE_CHARS = /^[+\d\s().\-/]*$/;

export function numberKey(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  let s = raw.trim();
  // "Dana" <sip:+14155550100@pbx>
  const angle = /<([^>]*)>/.exec(s);
  if (angle) s = angle[1]!.trim();
  s = s.replace(/^(sips?|tel):/i, '');
  let user = s.split('@')[0]!.split(';')[0]!.trim();
  try {
    user = decodeURIComponent(user);
  } catch {
    /* keep as written */
  }
  if (!user) return null;
  const digits = user.replace(/\D/g, '');
  if (PHONE_CHARS.test(user)) {
    if (digits.length >= MATCH_DIGITS) return `tel:${digits.slice(-MATCH_DIGITS)}`;
    if (digits.length > 0) return `user:${digits}`;
    return null;
  }
  return `user:${user.toLowerCase()}`;
}

/**
 * What the privacy audit keeps instead of the number: an HMAC-SHA256 of its
 * key with a secret of this installation (kept in the vault). A plain hash of
 * a ten-digit number is reversed by trying them all; this one only confirms
 * "was this number erased?" to someone who holds the installation's secret.
 */
export function numberHash(key: string, secret: string): string {
  return crypto.createHmac('sha256', secret).update(key, 'utf8').digest('hex');
}

/** Digits of a value, for the "number contains" filter ("(415) 555" finds +14155550100). */
export function digitsOf(value: string | null | undefined): string {
  return typeof value === 'string' ? value.replace(/\D/g, '') : '';
}
