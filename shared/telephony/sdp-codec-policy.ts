/**
 * Opus codec policy for SDP (RFC 7587, handbook section 7).
 *
 * The Opus fmtp parameters (useinbandfec, usedtx, maxaveragebitrate) are
 * RECEIVER preferences: "my decoder can use FEC", "I prefer you use DTX",
 * "do not send me more than N b/s". A browser configures its Opus encoder from
 * the REMOTE description. So the app applies this policy twice:
 *   - to the remote description before setRemoteDescription, so that our own
 *     sender uses FEC/DTX/the bitrate cap even when the PBX did not ask for it;
 *   - to the local description, so that the far end is asked to send that way.
 * (SIP.js runs one sessionDescriptionHandler modifier on both, which suits this.)
 *
 * The munging is line-based and conservative: only m=audio sections change,
 * only the m-line format order and the Opus a=fmtp line are touched, every
 * other codec stays (PCMU/PCMA are the fallback for PSTN gateways and
 * telephone-event carries DTMF), and the original line endings are kept.
 */

export type CodecPolicy = {
  /** Ask for / use Opus in-band forward error correction (repairs single lost packets). */
  opusFec: boolean;
  /** Ask for / use discontinuous transmission (fewer packets in silence). */
  opusDtx: boolean;
  /** Cap on the Opus average bitrate in b/s; RFC 7587 allows 6000..510000. */
  opusMaxAverageBitrate?: number;
};

export type OfferedCodec = {
  payloadType: number;
  name: string;
  clockRate: number;
  fmtp: Record<string, string>;
};

/** One SDP line and the terminator it had, so rewriting never changes line endings. */
type SdpLine = { text: string; eol: string };
type RtpMap = { name: string; clockRate: number };

/** RFC 7587: receivers ignore maxaveragebitrate outside this range, so we never write such a value. */
const OPUS_MIN_AVERAGE_BITRATE = 6000;
const OPUS_MAX_AVERAGE_BITRATE = 510_000;

/** Static payload types (RFC 3551) may appear without an a=rtpmap line; Asterisk often omits them. */
const STATIC_PAYLOAD_TYPES: ReadonlyMap<number, RtpMap> = new Map([
  [0, { name: 'PCMU', clockRate: 8000 }],
  [3, { name: 'GSM', clockRate: 8000 }],
  [4, { name: 'G723', clockRate: 8000 }],
  [8, { name: 'PCMA', clockRate: 8000 }],
  // G.722 is really 16 kHz audio, but RFC 3551 fixes its RTP clock at 8000 for historical reasons.
  [9, { name: 'G722', clockRate: 8000 }],
  [13, { name: 'CN', clockRate: 8000 }],
  [18, { name: 'G729', clockRate: 8000 }],
]);

const MEDIA_LINE = /^m=(\S+) (\S+) (\S+)((?: \S+)*) *$/;
const RTPMAP_LINE = /^a=rtpmap:(\d{1,3}) ([^/\s]+)\/(\d{1,6})(?:\/\S+)?\s*$/i;
const FMTP_LINE = /^a=fmtp:(\d{1,3})(?:[ \t]+(.*))?$/;
const PAYLOAD_TYPE = /^\d{1,3}$/;

export function applyCodecPolicy(sdp: string, policy: CodecPolicy): string {
  if (typeof sdp !== 'string' || !sdp.includes('m=audio')) return sdp;
  const lines = splitLines(sdp);
  const documentEol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const wanted = opusParams(policy);
  let changed = false;
  // Back to front, so inserting an fmtp line does not shift the sections still to be visited.
  for (const [start, end] of mediaSections(lines).reverse()) {
    if (mediaKind(lines[start]) !== 'audio') continue;
    const section = lines.slice(start, end);
    if (!applyToAudioSection(section, wanted, documentEol)) continue;
    lines.splice(start, end - start, ...section);
    changed = true;
  }
  // Returning the very same string when nothing applies keeps callers' equality checks cheap and obvious.
  return changed ? joinLines(lines) : sdp;
}

/** The codecs of the first audio section, in the caller's order of preference (m-line order). */
export function audioCodecsOffered(sdp: string): OfferedCodec[] {
  if (typeof sdp !== 'string') return [];
  const lines = splitLines(sdp);
  const audio = mediaSections(lines).find(([start]) => mediaKind(lines[start]) === 'audio');
  if (!audio) return [];
  const section = lines.slice(audio[0], audio[1]).map((l) => l.text);
  const formats = mediaFormats(section[0] ?? '') ?? [];
  const rtpmaps = rtpmapsOf(section);
  const fmtps = fmtpsOf(section);
  const codecs: OfferedCodec[] = [];
  for (const format of formats) {
    if (!PAYLOAD_TYPE.test(format)) continue;
    const payloadType = Number(format);
    const mapping = rtpmaps.get(payloadType) ?? STATIC_PAYLOAD_TYPES.get(payloadType);
    // A dynamic payload type without a=rtpmap cannot be named; reporting a made-up codec would mislead the UI.
    if (!mapping) continue;
    const fmtpLine = fmtps.get(payloadType);
    const fmtp = fmtpLine === undefined ? new Map<string, string>() : parseFmtpParams(fmtpLine);
    codecs.push({ payloadType, name: mapping.name, clockRate: mapping.clockRate, fmtp: Object.fromEntries(fmtp) });
  }
  return codecs;
}

/** The parameter values the policy dictates; keys are lower case as RFC 7587 writes them. */
function opusParams(policy: CodecPolicy): Map<string, string> {
  // FEC off is written as useinbandfec=0 rather than left alone: Chrome offers useinbandfec=1 by default,
  // so leaving it would silently ignore the policy.
  const params = new Map<string, string>([
    ['useinbandfec', policy.opusFec ? '1' : '0'],
    ['usedtx', policy.opusDtx ? '1' : '0'],
  ]);
  const bitrate = policy.opusMaxAverageBitrate;
  if (typeof bitrate === 'number' && Number.isFinite(bitrate)) {
    const clamped = Math.min(OPUS_MAX_AVERAGE_BITRATE, Math.max(OPUS_MIN_AVERAGE_BITRATE, Math.round(bitrate)));
    params.set('maxaveragebitrate', String(clamped));
  }
  return params;
}

/** Rewrites one m=audio section in place; false when it has no Opus (so it is left byte for byte). */
function applyToAudioSection(section: SdpLine[], wanted: Map<string, string>, documentEol: string): boolean {
  const mLine = section[0];
  const formats = mLine ? mediaFormats(mLine.text) : null;
  if (!mLine || !formats) return false;
  const rtpmaps = rtpmapsOf(section.map((l) => l.text));
  const opus = new Set(formats.filter((f) => PAYLOAD_TYPE.test(f) && isOpus(rtpmaps.get(Number(f)))));
  if (opus.size === 0) return false;

  // Opus first so both ends pick it; the rest keep their order as fallbacks (PCMU/PCMA for gateways).
  const reordered = [...formats.filter((f) => opus.has(f)), ...formats.filter((f) => !opus.has(f))];
  mLine.text = `${mediaPrefix(mLine.text)} ${reordered.join(' ')}`;

  for (const pt of opus) setOpusFmtp(section, Number(pt), wanted, documentEol);
  return true;
}

function setOpusFmtp(section: SdpLine[], payloadType: number, wanted: Map<string, string>, documentEol: string): void {
  const fmtp = section.find((l) => fmtpPayloadType(l.text) === payloadType);
  if (fmtp) {
    fmtp.text = `a=fmtp:${payloadType} ${serializeFmtpParams(mergeParams(parseFmtpParams(fmtp.text), wanted))}`;
    return;
  }
  const rtpmapIndex = section.findIndex((l) => RTPMAP_LINE.exec(l.text)?.[1] === String(payloadType));
  const rtpmap = section[rtpmapIndex];
  if (!rtpmap) return;
  const added: SdpLine = { text: `a=fmtp:${payloadType} ${serializeFmtpParams(wanted)}`, eol: rtpmap.eol };
  // If the rtpmap line was the unterminated last line, it now needs a terminator before our new line.
  rtpmap.eol = rtpmap.eol || documentEol;
  section.splice(rtpmapIndex + 1, 0, added);
}

/**
 * Existing parameters keep their place (a reviewer diffing SDP sees only values change); keys are matched
 * case-insensitively so "UseInbandFec=0" is replaced rather than contradicted by a duplicate.
 */
function mergeParams(existing: Map<string, string>, wanted: Map<string, string>): Map<string, string> {
  const merged = new Map<string, string>();
  for (const [key, value] of existing) {
    const canonical = key.toLowerCase();
    const replacement = wanted.get(canonical);
    if (replacement === undefined) merged.set(key, value);
    else merged.set(canonical, replacement);
  }
  for (const [key, value] of wanted) if (!merged.has(key)) merged.set(key, value);
  return merged;
}

function isOpus(mapping: RtpMap | undefined): boolean {
  return mapping !== undefined && mapping.name.toLowerCase() === 'opus' && mapping.clockRate === 48000;
}

/** Indexed once per section: a hostile SDP with thousands of formats must not cost formats x lines. */
function rtpmapsOf(section: string[]): Map<number, RtpMap> {
  const rtpmaps = new Map<number, RtpMap>();
  for (const line of section) {
    const m = RTPMAP_LINE.exec(line);
    const payloadType = Number(m?.[1]);
    // The first mapping wins, as a receiver reading top to bottom would see it.
    if (m && !rtpmaps.has(payloadType)) rtpmaps.set(payloadType, { name: m[2] ?? '', clockRate: Number(m[3]) });
  }
  return rtpmaps;
}

function fmtpsOf(section: string[]): Map<number, string> {
  const fmtps = new Map<number, string>();
  for (const line of section) {
    const payloadType = fmtpPayloadType(line);
    if (payloadType !== null && !fmtps.has(payloadType)) fmtps.set(payloadType, line);
  }
  return fmtps;
}

function fmtpPayloadType(line: string): number | null {
  const m = FMTP_LINE.exec(line);
  return m ? Number(m[1]) : null;
}

/**
 * "minptime=10;useinbandfec=1" -> Map. Tokens without "=" (telephone-event's "0-16", RED's "111/111")
 * are kept as keys with an empty value so they survive a rewrite. A Map, not an object, so a hostile
 * "__proto__=x" is just a key.
 */
function parseFmtpParams(line: string): Map<string, string> {
  const params = new Map<string, string>();
  const keyByLowerCase = new Map<string, string>();
  const raw = FMTP_LINE.exec(line)?.[2] ?? '';
  for (const token of raw.split(';')) {
    const part = token.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (key === '') continue;
    // A key repeated in the input keeps its first position and its last value: no duplicates on output.
    const existing = keyByLowerCase.get(key.toLowerCase());
    if (existing === undefined) keyByLowerCase.set(key.toLowerCase(), key);
    params.set(existing ?? key, value);
  }
  return params;
}

function serializeFmtpParams(params: Map<string, string>): string {
  // Chrome and RFC 7587 examples write "k=v;k=v" with no spaces; matching that keeps diffs minimal.
  return [...params].map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join(';');
}

/** [start, end) line ranges of each media section; session-level lines belong to none. */
function mediaSections(lines: SdpLine[]): Array<[number, number]> {
  const starts = lines.flatMap((l, i) => (l.text.startsWith('m=') ? [i] : []));
  return starts.map((start, i) => [start, starts[i + 1] ?? lines.length]);
}

function mediaKind(line: SdpLine | undefined): string | null {
  return line ? (MEDIA_LINE.exec(line.text)?.[1] ?? null) : null;
}

function mediaFormats(mLine: string): string[] | null {
  const m = MEDIA_LINE.exec(mLine);
  if (!m) return null;
  return (m[4] ?? '').split(' ').filter((f) => f !== '');
}

/** "m=audio 9 UDP/TLS/RTP/SAVPF" without the format list. */
function mediaPrefix(mLine: string): string {
  const m = MEDIA_LINE.exec(mLine);
  return m ? `m=${m[1]} ${m[2]} ${m[3]}` : mLine;
}

/** Splits keeping each line's own terminator (CRLF, LF, or none for the last line). */
function splitLines(sdp: string): SdpLine[] {
  const lines: SdpLine[] = [];
  let start = 0;
  while (start < sdp.length) {
    const lf = sdp.indexOf('\n', start);
    if (lf < 0) {
      lines.push({ text: sdp.slice(start), eol: '' });
      break;
    }
    const crlf = lf > start && sdp[lf - 1] === '\r';
    lines.push({ text: sdp.slice(start, crlf ? lf - 1 : lf), eol: crlf ? '\r\n' : '\n' });
    start = lf + 1;
  }
  return lines;
}

function joinLines(lines: SdpLine[]): string {
  return lines.map((l) => l.text + l.eol).join('');
}
