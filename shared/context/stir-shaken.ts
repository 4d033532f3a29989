import { decodeBase64, decodeUtf8, splitOutside } from './carriers';
import { isRecord } from './transfer-context';

/**
 * STIR/SHAKEN for display only (handbook §4). Verification is the carrier's
 * job: its verification service checks the PASSporT signature, the
 * certificate chain and freshness, then writes its verdict as `verstat` on
 * From / P-Asserted-Identity. Warmline reads that verdict and, for detail,
 * the claims inside the Identity header, and never verifies a signature. An
 * `attest` read from the PASSporT is therefore a claim, and is shown as one
 * unless the carrier's verstat says it passed. Only trust verstat your own
 * provider inserted: the SBC must strip it from untrusted sources.
 */

export type Verstat = 'TN-Validation-Passed' | 'TN-Validation-Failed' | 'No-TN-Validation';
export type CallerAttestation = { verstat: Verstat | null; attestation: 'A' | 'B' | 'C' | null; origTn: string | null; issues: string[] };
type Level = 'A' | 'B' | 'C';

/** Identity headers larger than this are not a single PASSporT (a SHAKEN one is well under 1 KB). */
const IDENTITY_MAX_LENGTH = 8192;
const VERSTATS: readonly Verstat[] = ['TN-Validation-Passed', 'TN-Validation-Failed', 'No-TN-Validation'];

export function readCallerAttestation(h: { from: string | null; pAssertedIdentity: string[]; identity: string[] }): CallerAttestation {
  const issues: string[] = [];
  // The carrier's VS may write verstat on PAI, From or both; PAI is the network-asserted identity, so it wins.
  const sources = [...(Array.isArray(h.pAssertedIdentity) ? h.pAssertedIdentity : []), ...(typeof h.from === 'string' ? [h.from] : [])];
  let verstat: Verstat | null = null;
  let suffixLevel: Level | null = null;
  for (const header of sources) {
    if (typeof header !== 'string') continue;
    const found = findVerstat(header, issues);
    if (found) {
      verstat = found.verstat;
      suffixLevel = found.level;
      break;
    }
  }

  const passport = readShakenPassport(Array.isArray(h.identity) ? h.identity : [], issues);
  let attestation: Level | null = passport.attest ?? suffixLevel;
  if (passport.attest && suffixLevel && passport.attest !== suffixLevel) {
    // Two sources disagree: show the weaker one; a badge must never overstate.
    attestation = passport.attest > suffixLevel ? passport.attest : suffixLevel;
    issues.push(`verstat says attestation ${suffixLevel} but the PASSporT claims ${passport.attest}; showing ${attestation}`);
  }
  return { verstat, attestation, origTn: passport.origTn, issues };
}

/**
 * `;verstat=` as a URI parameter, after the host (`<sip:+1…@host;verstat=…>`)
 * or in the user part (`<sip:+1…;verstat=…@host>`). Telnyx appends -B / -C to
 * TN-Validation-Passed for B and C attestation, hence the prefix match.
 */
function findVerstat(header: string, issues: string[]): { verstat: Verstat; level: Level | null } | null {
  for (const entry of splitOutside(header, ',')) {
    const angle = /<([^>]*)>/.exec(entry);
    const uri = angle ? angle[1] ?? '' : entry;
    const m = /;\s*verstat\s*=\s*([^;>@?,\s]+)/i.exec(uri);
    if (!m || !m[1]) continue;
    const raw = m[1];
    const known = VERSTATS.find((v) => raw.toLowerCase().startsWith(v.toLowerCase()));
    if (!known) {
      issues.push(`unknown verstat value "${raw.slice(0, 40)}"`);
      continue;
    }
    const suffix = /^-([ABC])$/i.exec(raw.slice(known.length));
    const level = known === 'TN-Validation-Passed' && suffix?.[1] ? (suffix[1].toUpperCase() as Level) : null;
    return { verstat: known, level };
  }
  return null;
}

/** RFC 8224 Identity: `<b64url header>.<b64url payload>.<b64url signature>;info=<…>;alg=ES256;ppt=shaken`. */
function readShakenPassport(headers: string[], issues: string[]): { attest: Level | null; origTn: string | null } {
  for (const header of headers) {
    if (typeof header !== 'string' || header.trim() === '') continue;
    if (header.length > IDENTITY_MAX_LENGTH) {
      issues.push(`Identity header longer than ${IDENTITY_MAX_LENGTH} characters; not read`);
      continue;
    }
    const [token = '', ...params] = header.split(';');
    const ppt = params.map((p) => /^\s*ppt\s*=\s*"?([^"\s]*)"?\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
    // Other PASSporT types (div, rcd) ride in their own Identity headers; only shaken carries attest.
    if (ppt !== undefined && ppt.toLowerCase() !== 'shaken') continue;
    const parts = token.replace(/\s+/g, '').split('.');
    if (parts.length !== 3) {
      issues.push('Identity header is not header.payload.signature');
      continue;
    }
    const head = decodeJson(parts[0] ?? '');
    if (head && typeof head.ppt === 'string' && head.ppt.toLowerCase() !== 'shaken') continue;
    if (parts[1] === '') {
      issues.push('Identity header uses the compact form (no claims to show)');
      continue;
    }
    const claims = decodeJson(parts[1] ?? '');
    if (!claims) {
      issues.push('Identity PASSporT payload is not base64url JSON');
      continue;
    }
    const attest = typeof claims.attest === 'string' && /^[ABC]$/.test(claims.attest) ? (claims.attest as Level) : null;
    if (!attest) issues.push('Identity PASSporT has no valid attest (A, B or C)');
    const orig = isRecord(claims.orig) ? claims.orig.tn : undefined;
    const origTn = typeof orig === 'string' && /^\+?[0-9]{1,20}$/.test(orig) ? orig : null;
    if (orig !== undefined && origTn === null) issues.push('Identity PASSporT orig.tn is not a telephone number');
    return { attest, origTn };
  }
  return { attest: null, origTn: null };
}

function decodeJson(b64: string): Record<string, unknown> | null {
  const bytes = decodeBase64(b64);
  const text = bytes ? decodeUtf8(bytes) : null;
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    return isRecord(v) ? v : null;
  } catch {
    return null;
  }
}

const DISCLAIMER = "Warmline displays the carrier's verdict; it does not verify signatures itself.";
const MEANING: Record<Level, string> = {
  A: 'full: the originating carrier knows the caller and that they may use this number',
  B: 'partial: the originating carrier knows the caller but not that they may use this number',
  C: 'gateway: the originating carrier only knows where the call entered its network',
};

/**
 * What the badge says (handbook §4 table): ✓ only for a passed verification
 * with full (or unstated) attestation; a failure warns but does not block;
 * a PASSporT attest without the carrier's verdict is an unverified claim.
 */
export function describeAttestation(a: CallerAttestation): { label: string; tone: 'good' | 'warn' | 'bad' | 'none'; detail: string } {
  const level = a.attestation;
  switch (a.verstat) {
    case 'TN-Validation-Failed':
      return {
        label: 'Caller ID not verified',
        tone: 'bad',
        detail: `The carrier could not verify this number; it may be spoofed. Confirm the caller's identity before discussing the account. ${DISCLAIMER}`,
      };
    case 'TN-Validation-Passed':
      if (level === null || level === 'A') {
        return {
          label: level ? 'Verified caller ID (A)' : 'Verified caller ID',
          tone: 'good',
          detail: `The carrier verified this number${level ? ` (attestation A: ${MEANING.A})` : ''}. ${DISCLAIMER}`,
        };
      }
      return {
        label: level === 'B' ? 'Partially verified caller ID (B)' : 'Gateway caller ID (C)',
        tone: 'none',
        detail: `The carrier checked the signature, but the attestation is ${level} (${MEANING[level]}), so the number itself is not vouched for. ${DISCLAIMER}`,
      };
    case 'No-TN-Validation':
    case null:
      if (level) {
        return {
          label: `Unverified claim (${level})`,
          tone: 'none',
          detail: `The call carries a STIR/SHAKEN attestation ${level} (${MEANING[level]}), but the carrier did not report verifying it, so it is only a claim. ${DISCLAIMER}`,
        };
      }
      return {
        label: 'Caller ID not checked',
        tone: 'none',
        detail: `The carrier did not report a STIR/SHAKEN verification for this call. That is common and not a warning sign by itself. ${DISCLAIMER}`,
      };
    default: {
      // Exhaustive at compile time; at run time (a stored record from another
      // version) an unknown verdict is shown as no verdict, never thrown.
      const unknown: never = a.verstat;
      return { label: 'Caller ID not checked', tone: 'none', detail: `Unrecognised verification result ${JSON.stringify(unknown)}. ${DISCLAIMER}` };
    }
  }
}
