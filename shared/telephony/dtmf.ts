/**
 * DTMF tones as the agent types them and as SIP INFO carries them (handbook section 6).
 *
 * RFC 4733 telephone-event (RTCRtpSender.dtmf.insertDTMF) is the preferred path; SIP INFO with
 * application/dtmf-relay is the fallback for peers without telephone-event and for IVRs that
 * insist on it. Neither INFO body is standardised (RFC 6086 leaves packages to others), so the
 * parser is lenient about spelling and strict about what it returns.
 */

/** The sixteen DTMF tones, in the RFC 4733 event-code order of digits then * # then A-D. */
export const DTMF_TONES = '0123456789*#ABCD';

export type DtmfInfoBody = { contentType: 'application/dtmf-relay'; body: string };
export type ReceivedDtmf = { tone: string; durationMs: number | null };

/** insertDTMF treats ',' as a 2 s pause; it is not a tone, so it cannot travel in one INFO. */
const PAUSE = ',';
/** A bound on one dial-string burst: long enough for a conference PIN plus account number. */
const MAX_DTMF_SYMBOLS = 64;
/** insertDTMF's legal duration range (W3C webrtc-pc); using the same range for INFO keeps both paths alike. */
const MIN_DURATION_MS = 40;
const MAX_DURATION_MS = 6000;
/** What most PBXs send when they have no better idea; used when the caller's value is not a number. */
const DEFAULT_DURATION_MS = 160;
/** A real dtmf-relay body is about 25 bytes; anything past 1 KB is not DTMF and is not worth scanning. */
const MAX_INFO_BODY = 1024;
/** Common practice (and RFC 4733 event codes) sends * and # as 10 and 11 in Signal=. */
const EVENT_CODE_TONES: Readonly<Record<string, string>> = { '10': '*', '11': '#' };

/** Agents paste "1-800 555 1234" or type "a": normalise to what insertDTMF accepts, or null. */
export function normalizeDtmf(input: string): string | null {
  if (typeof input !== 'string' || input.length > MAX_DTMF_SYMBOLS * 4) return null;
  // Spaces and dashes are how people group digits; they carry no meaning for the far end.
  const compact = input.replace(/[\s-]/g, '').toUpperCase();
  if (compact === '' || compact.length > MAX_DTMF_SYMBOLS) return null;
  for (const symbol of compact) if (symbol !== PAUSE && !isDtmfTone(symbol)) return null;
  // Only pauses would send nothing while looking like success.
  if (![...compact].some(isDtmfTone)) return null;
  return compact;
}

/** True for exactly one of the sixteen tones (upper case). */
export function isDtmfTone(symbol: string): boolean {
  return typeof symbol === 'string' && symbol.length === 1 && DTMF_TONES.includes(symbol);
}

/**
 * Body for one SIP INFO carrying one tone, or null when `tone` is not a single tone
 * (a pause or a string of tones has to be sent as several INFOs, paced by the caller).
 */
export function formatDtmfInfo(tone: string, durationMs: number): DtmfInfoBody | null {
  const signal = typeof tone === 'string' ? tone.trim().toUpperCase() : '';
  if (!isDtmfTone(signal)) return null;
  return { contentType: 'application/dtmf-relay', body: `Signal=${signal}\r\nDuration=${clampDuration(durationMs)}\r\n` };
}

/** Reads an incoming INFO body; null for other packages and for anything that is not one clean tone. */
export function parseDtmfInfo(contentType: string | undefined, body: string): ReceivedDtmf | null {
  if (typeof body !== 'string' || body.length > MAX_INFO_BODY) return null;
  switch (mediaType(contentType)) {
    case 'application/dtmf-relay':
      return parseDtmfRelay(body);
    case 'application/dtmf': {
      const tone = toneFromSignal(body);
      return tone === null ? null : { tone, durationMs: null };
    }
    default:
      return null;
  }
}

function parseDtmfRelay(body: string): ReceivedDtmf | null {
  let tone: string | null = null;
  let durationMs: number | null = null;
  for (const line of body.split(/\r\n|\r|\n/)) {
    const eq = line.indexOf('=');
    if (eq < 0) {
      if (line.trim() === '') continue;
      return null; // a line that is neither blank nor key=value means this is not a dtmf-relay body
    }
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1);
    if (key === 'signal') {
      const parsed = toneFromSignal(value);
      // Two different Signals in one INFO is ambiguous; refusing is safer than guessing which was meant.
      if (parsed === null || (tone !== null && tone !== parsed)) return null;
      tone = parsed;
    } else if (key === 'duration') {
      durationMs = parseDuration(value);
    }
    // Other keys (vendor extras) are ignored: the tone is what matters.
  }
  return tone === null ? null : { tone, durationMs };
}

function toneFromSignal(raw: string): string | null {
  const value = raw.trim().toUpperCase();
  const tone = EVENT_CODE_TONES[value] ?? value;
  return isDtmfTone(tone) ? tone : null;
}

/** A duration is informative only, so a bad one is dropped (null) rather than failing the tone. */
function parseDuration(raw: string): number | null {
  const value = raw.trim();
  if (!/^\d{1,7}$/.test(value)) return null;
  const ms = Number(value);
  return ms > 0 ? ms : null;
}

function clampDuration(durationMs: number): number {
  if (typeof durationMs !== 'number' || Number.isNaN(durationMs)) return DEFAULT_DURATION_MS;
  return Math.min(MAX_DURATION_MS, Math.max(MIN_DURATION_MS, Math.round(durationMs)));
}

/** "Application/DTMF-Relay; charset=x" -> "application/dtmf-relay". */
function mediaType(contentType: string | undefined): string | null {
  if (typeof contentType !== 'string' || contentType.length > 256) return null;
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}
