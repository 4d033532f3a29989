import { isAllowedContextUrl } from './context-url';
import { isRecord, parseTransferContext, type ContextIssue, type TransferContext } from './transfer-context';

/**
 * Where a transfer context can ride on an incoming call, and which one wins.
 * AI platforms differ in what their SIP stack lets them set: Twilio passes
 * custom parameters, most SBCs pass an X- header, contact-center gear passes
 * RFC 7433 User-to-User, and anything too big for a header goes to a context
 * server named by Call-Info or by a UUI id. Precedence (docs/context-format.md):
 *   twilio > x-header > uui (JSON) > call-info (fetch) > uui-id (fetch)
 * A carrier that is present but broken is reported and the next one is tried,
 * so a bad header never hides a good one. No I/O here: fetches are described
 * (`fetch`) and the host performs them, then calls parseFetchedContext.
 */

export const CONTEXT_HEADER = 'X-Warmline-Context';
/** SIP headers travel in one UDP datagram more often than not; 8 KB keeps the INVITE under common proxy limits. */
export const CONTEXT_HEADER_MAX_BYTES = 8192;
export const CONTEXT_FETCH_MAX_BYTES = 65536;
/** The call is ringing while we fetch: a context that arrives after the agent answered is half as useful. */
export const CONTEXT_FETCH_TIMEOUT_MS = 1500;
export const UUI_PURPOSES = ['warmline', 'warmline-context'] as const;
export const CALL_INFO_PURPOSE = 'warmline-context';
export const TWILIO_CONTEXT_PARAM = 'warmline_context';
export const TWILIO_CONTEXT_B64_PARAM = 'warmline_context_b64';

export type ContextCarriers = {
  xWarmlineContext: string | null;
  userToUser: string[];
  callInfo: string[];
  twilioParameters?: Record<string, string> | null;
};
export type ContextSource = 'twilio' | 'x-header' | 'uui' | 'call-info' | 'uui-id';
export type ContextFetch = { kind: 'url'; url: string } | { kind: 'id'; id: string };
export type ContextResolution = {
  context: TransferContext | null;
  source: ContextSource | null;
  issues: ContextIssue[];
  fetch: ContextFetch | null;
  ignored: ContextSource[];
};

const PRECEDENCE: readonly ContextSource[] = ['twilio', 'x-header', 'uui', 'call-info', 'uui-id'];
const CONTEXT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** What each source is called in issues: the header or parameter name an integrator greps their config for. */
const FIELD: Record<ContextSource, string> = {
  twilio: TWILIO_CONTEXT_PARAM,
  'x-header': CONTEXT_HEADER,
  uui: 'User-to-User',
  'call-info': 'Call-Info',
  'uui-id': 'User-to-User',
};

type Found = { context: TransferContext; issues: ContextIssue[] };

/** Resolve the context carried inline on the call (no network), or say what to fetch. Never throws. */
export function resolveInlineContext(c: ContextCarriers): ContextResolution {
  const issues: ContextIssue[] = [];
  const present = new Set<ContextSource>();
  const done = (r: Omit<ContextResolution, 'issues' | 'ignored'>): ContextResolution => {
    const rank = r.source ? PRECEDENCE.indexOf(r.source) : PRECEDENCE.length;
    const ignored = PRECEDENCE.filter((s, i) => i > rank && present.has(s));
    return { ...r, issues, ignored };
  };

  // Every carrier is scanned first so `ignored` is complete whichever one wins.
  const twilio = twilioCandidates(c.twilioParameters);
  if (twilio.length > 0) present.add('twilio');
  const header = typeof c.xWarmlineContext === 'string' ? c.xWarmlineContext : null;
  if (header !== null) present.add('x-header');
  const uui = scanUui(Array.isArray(c.userToUser) ? c.userToUser : []);
  if (uui.json.length > 0 || uui.issues.length > 0) present.add('uui'); // broken but ours still counts as present
  if (uui.ids.length > 0) present.add('uui-id');
  const callInfo = scanCallInfo(Array.isArray(c.callInfo) ? c.callInfo : []);
  if (callInfo.length > 0) present.add('call-info');

  for (const t of twilio) {
    const r = t.b64 ? fromBase64Json(t.value, t.name) : fromJsonText(t.value, t.name, CONTEXT_HEADER_MAX_BYTES);
    if ('context' in r) return withContext(done, 'twilio', r, issues);
    issues.push(r.issue);
  }

  if (header !== null) {
    const r = fromBase64Json(header, CONTEXT_HEADER);
    if ('context' in r) return withContext(done, 'x-header', r, issues);
    issues.push(r.issue);
  }

  // Problems with a lower carrier only matter once the higher ones failed.
  issues.push(...uui.issues);
  for (const text of uui.json) {
    const r = fromJsonText(text, FIELD.uui, Infinity);
    if ('context' in r) return withContext(done, 'uui', r, issues);
    issues.push(r.issue);
  }

  for (const entry of callInfo) {
    const allowed = isAllowedContextUrl(entry);
    if (allowed.ok) return done({ context: null, source: 'call-info', fetch: { kind: 'url', url: allowed.url } });
    issues.push({ field: FIELD['call-info'], message: `context URL refused: ${allowed.reason}` });
  }

  const id = uui.ids[0];
  if (id !== undefined) return done({ context: null, source: 'uui-id', fetch: { kind: 'id', id } });

  // Nothing usable. With no carrier at all this is an ordinary call without
  // context (issues stay empty, so the UI shows nothing); otherwise the issues
  // say what was wrong with each carrier.
  return done({ context: null, source: null, fetch: null });
}

function withContext(
  done: (r: Omit<ContextResolution, 'issues' | 'ignored'>) => ContextResolution,
  source: ContextSource,
  found: Found,
  issues: ContextIssue[],
): ContextResolution {
  issues.push(...found.issues);
  return done({ context: found.context, source, fetch: null });
}

/** The JSON text a host fetched from the context server named by Call-Info or a UUI id. Never throws. */
export function parseFetchedContext(body: string, source: ContextSource): ContextResolution {
  const field = FIELD[source] ?? 'context';
  const r = typeof body === 'string'
    ? fromJsonText(body, field, CONTEXT_FETCH_MAX_BYTES, 'fetched context')
    : { issue: { field, message: 'fetched context is not text' } };
  if ('context' in r) return { context: r.context, source, issues: r.issues, fetch: null, ignored: [] };
  return { context: null, source: null, issues: [r.issue], fetch: null, ignored: [] };
}

/** base64url(UTF-8(JSON)), unpadded: what an AI platform puts in X-Warmline-Context. '' if the object cannot be serialised. */
export function encodeContextHeader(context: object): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(context);
  } catch {
    return ''; // cycles or BigInt: an empty header is reported as such on the receiving side
  }
  return typeof json === 'string' ? encodeBase64Url(encodeUtf8(json)) : '';
}

/** RFC 7433 User-to-User value carrying `payload` (JSON or a context id) as hex of its UTF-8 bytes. */
export function encodeUui(payload: string, purpose: string = UUI_PURPOSES[0]): string {
  return `${encodeHex(encodeUtf8(payload))};encoding=hex;purpose=${purpose}`;
}

// ---------------------------------------------------------------------------
// Carrier readers

type Outcome = Found | { issue: ContextIssue };

function twilioCandidates(p: Record<string, string> | null | undefined): { name: string; value: string; b64: boolean }[] {
  if (!isRecord(p)) return [];
  const out: { name: string; value: string; b64: boolean }[] = [];
  const json = Object.prototype.hasOwnProperty.call(p, TWILIO_CONTEXT_PARAM) ? p[TWILIO_CONTEXT_PARAM] : undefined;
  const b64 = Object.prototype.hasOwnProperty.call(p, TWILIO_CONTEXT_B64_PARAM) ? p[TWILIO_CONTEXT_B64_PARAM] : undefined;
  if (typeof json === 'string') out.push({ name: TWILIO_CONTEXT_PARAM, value: json, b64: false });
  if (typeof b64 === 'string') out.push({ name: TWILIO_CONTEXT_B64_PARAM, value: b64, b64: true });
  return out;
}

function fromBase64Json(value: string, field: string): Outcome {
  const size = utf8Length(value);
  if (size > CONTEXT_HEADER_MAX_BYTES) return { issue: { field, message: `larger than ${CONTEXT_HEADER_MAX_BYTES / 1024} KB (${size} bytes)` } };
  if (value.trim() === '') return { issue: { field, message: 'is empty' } };
  const bytes = decodeBase64(value);
  if (!bytes) return { issue: { field, message: 'not valid base64url' } };
  const text = decodeUtf8(bytes);
  if (text === null) return { issue: { field, message: 'not valid UTF-8' } };
  return fromJsonText(text, field, Infinity);
}

function fromJsonText(text: string, field: string, maxBytes: number, what = ''): Outcome {
  const prefix = what ? `${what} ` : '';
  const size = maxBytes === Infinity ? 0 : utf8Length(text);
  if (size > maxBytes) return { issue: { field, message: `${prefix}larger than ${maxBytes / 1024} KB (${size} bytes)` } };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a BOM is not JSON, but editors add it
  if (body.trim() === '') return { issue: { field, message: `${prefix}is empty` } };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    return { issue: { field, message: `${prefix}not valid JSON: ${e instanceof Error ? e.message : 'parse error'}` } };
  }
  if (!isRecord(json)) {
    return { issue: { field, message: `${prefix}must be a JSON object (got ${Array.isArray(json) ? 'a list' : json === null ? 'null' : `a ${typeof json}`})` } };
  }
  const r = parseTransferContext(json);
  if (!r.context) return { issue: r.issues[0] ?? { field, message: `${prefix}could not be read` } };
  return { context: r.context, issues: r.issues };
}

/**
 * RFC 7433: `User-to-User: <data>;encoding=hex;purpose=<package>`, possibly
 * several values per header. Values for other purposes (ISDN interworking, a
 * PBX's own UUI) are normal on a contact-center trunk and skipped without a word.
 */
function scanUui(values: string[]): { json: string[]; ids: string[]; issues: ContextIssue[] } {
  const out = { json: [] as string[], ids: [] as string[], issues: [] as ContextIssue[] };
  const field = FIELD.uui;
  for (const value of values) {
    if (typeof value !== 'string') continue;
    for (const entry of splitOutside(value, ',')) {
      const [data = '', ...rawParams] = entry.split(';');
      const params = readParams(rawParams);
      // RFC 7433: no purpose means the ISDN package, which is not ours.
      const purpose = params.get('purpose')?.toLowerCase();
      if (!purpose || !(UUI_PURPOSES as readonly string[]).includes(purpose)) continue;
      const encoding = params.get('encoding')?.toLowerCase() ?? 'hex'; // hex is the RFC 7433 default
      if (encoding !== 'hex') {
        out.issues.push({ field, message: `encoding "${encoding}" is not supported; use encoding=hex` });
        continue;
      }
      const hex = data.replace(/\s+/g, '');
      if (utf8Length(hex) > CONTEXT_HEADER_MAX_BYTES) {
        out.issues.push({ field, message: `larger than ${CONTEXT_HEADER_MAX_BYTES / 1024} KB (${utf8Length(hex)} bytes)` });
        continue;
      }
      const bytes = decodeHex(hex);
      if (!bytes) {
        out.issues.push({ field, message: 'not valid hex' });
        continue;
      }
      const text = decodeUtf8(bytes);
      if (text === null) {
        out.issues.push({ field, message: 'not valid UTF-8' });
        continue;
      }
      const trimmed = text.trim();
      if (trimmed.startsWith('{')) out.json.push(trimmed);
      else if (CONTEXT_ID.test(trimmed)) out.ids.push(trimmed);
      else out.issues.push({ field, message: 'is neither a JSON object nor a context id (letters, digits and . _ : -, at most 128)' });
    }
  }
  return out;
}

/** Call-Info: `<https://ctx.example.com/c/123>;purpose=warmline-context`, among other entries (icons, cards). */
function scanCallInfo(values: string[]): string[] {
  const urls: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    for (const entry of splitOutside(value, ',')) {
      const m = /^\s*<([^>]*)>\s*(.*)$/s.exec(entry);
      if (!m) continue;
      const params = readParams((m[2] ?? '').split(';').slice(1));
      if (params.get('purpose')?.toLowerCase() === CALL_INFO_PURPOSE) urls.push((m[1] ?? '').trim());
    }
  }
  return urls;
}

function readParams(raw: string[]): Map<string, string> {
  const params = new Map<string, string>();
  for (const p of raw) {
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : p.slice(eq + 1).trim().replace(/^"(.*)"$/s, '$1');
    if (name && !params.has(name)) params.set(name, value);
  }
  return params;
}

/** Split a header value on `sep`, except inside <...> and "..." (URLs and quoted strings may contain commas). */
export function splitOutside(value: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '<') depth++;
    else if (ch === '>' && depth > 0) depth--;
    else if (ch === sep && depth === 0) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

// ---------------------------------------------------------------------------
// Codecs. shared/ has no Buffer, atob or TextDecoder, so these are written out;
// each rejects malformed input instead of guessing.

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_VALUE: Record<string, number> = {};
for (let i = 0; i < 64; i++) B64_VALUE[B64.charAt(i)] = i;
B64_VALUE['+'] = 62; // standard base64 is accepted too: some SBCs re-encode
B64_VALUE['/'] = 63;

/** base64url or base64, padded or not, with folding whitespace anywhere; null if malformed. */
export function decodeBase64(input: string): Uint8Array | null {
  let s = input.replace(/[ \t\r\n]+/g, '');
  const pad = /=*$/.exec(s)?.[0].length ?? 0;
  if (pad > 2 || (pad > 0 && s.length % 4 !== 0)) return null;
  s = s.slice(0, s.length - pad);
  if (s.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const v = B64_VALUE[s.charAt(i)];
    if (v === undefined) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const n = (b0 << 16) | (b1 << 8) | b2;
    out += B64.charAt((n >> 18) & 63) + B64.charAt((n >> 12) & 63);
    if (i + 1 < bytes.length) out += B64.charAt((n >> 6) & 63);
    if (i + 2 < bytes.length) out += B64.charAt(n & 63);
  }
  return out;
}

export function decodeHex(s: string): Uint8Array | null {
  if (s.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(s)) return null;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function encodeHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/**
 * Strict UTF-8 (RFC 3629): rejects overlong forms, surrogates, code points
 * past U+10FFFF and truncated sequences, so "not valid UTF-8" is reported
 * rather than rendered as replacement characters in front of an agent.
 */
export function decodeUtf8(bytes: Uint8Array): string | null {
  const units: number[] = [];
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b0 = bytes[i] ?? 0;
    let cp: number;
    let need: number;
    let min: number;
    if (b0 < 0x80) [cp, need, min] = [b0, 0, 0];
    else if (b0 >= 0xc2 && b0 <= 0xdf) [cp, need, min] = [b0 & 0x1f, 1, 0x80];
    else if (b0 >= 0xe0 && b0 <= 0xef) [cp, need, min] = [b0 & 0x0f, 2, 0x800];
    else if (b0 >= 0xf0 && b0 <= 0xf4) [cp, need, min] = [b0 & 0x07, 3, 0x10000];
    else return null;
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k];
      if (b === undefined || (b & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    if (cp >= 0x10000) {
      const c = cp - 0x10000;
      units.push(0xd800 + (c >> 10), 0xdc00 + (c & 0x3ff));
    } else units.push(cp);
    i += need + 1;
    if (units.length >= 4096) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode(...units);
}

/** UTF-8 bytes of a JS string; a lone surrogate becomes U+FFFD, as every encoder does. */
export function encodeUtf8(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else cp = 0xfffd;
    } else if (cp >= 0xdc00 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(out);
}

/** Byte length of a string's UTF-8 form, without allocating it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
