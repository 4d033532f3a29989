/**
 * Opus packets out of an Ogg file (RFC 7845), so the Lab can send pre-encoded
 * speech as RTP without an encoder. Pure: bytes in, packets out; a damaged
 * file gives an error result, never an exception.
 */
export type OpusPacket = { data: Uint8Array; durationMs: number };
export type OggOpusResult = { ok: true; packets: OpusPacket[]; totalMs: number } | { ok: false; reason: string };

/** Frame length in ms from the TOC byte's configuration number (RFC 6716 §3.1). */
function frameMs(config: number): number {
  if (config < 12) return [10, 20, 40, 60][config % 4]!;
  if (config < 16) return [10, 20][config % 2]!;
  return [2.5, 5, 10, 20][config % 4]!;
}

/** Duration of one Opus packet in ms, or null when the packet is malformed. */
export function opusPacketMs(p: Uint8Array): number | null {
  if (p.length < 1) return null;
  const toc = p[0]!;
  const code = toc & 3;
  const frames = code === 0 ? 1 : code === 3 ? (p.length < 2 ? 0 : p[1]! & 0x3f) : 2;
  if (frames === 0) return null;
  const ms = frameMs(toc >> 3) * frames;
  return ms > 120 ? null : ms; // RFC 6716: at most 120 ms per packet
}

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

/** Splits the Ogg pages into packets (laced segments of 255 continue a packet). */
function oggPackets(bytes: Uint8Array): Uint8Array[] | string {
  const packets: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < 27 || ascii(bytes, at, 4) !== 'OggS') return `no Ogg page at byte ${at}`;
    const segments = bytes[at + 26]!;
    const table = at + 27;
    if (table + segments > bytes.length) return `truncated page at byte ${at}`;
    let body = table + segments;
    for (let i = 0; i < segments; i++) {
      const len = bytes[table + i]!;
      if (body + len > bytes.length) return `truncated packet at byte ${body}`;
      pending.push(bytes.subarray(body, body + len));
      body += len;
      if (len < 255) {
        const size = pending.reduce((n, s) => n + s.length, 0);
        const packet = new Uint8Array(size);
        let o = 0;
        for (const s of pending) {
          packet.set(s, o);
          o += s.length;
        }
        packets.push(packet);
        pending = [];
      }
    }
    at = body;
  }
  return packets;
}

export function readOggOpus(bytes: Uint8Array): OggOpusResult {
  const all = oggPackets(bytes);
  if (typeof all === 'string') return { ok: false, reason: all };
  const [head, tags, ...audio] = all;
  if (!head || ascii(head, 0, 8) !== 'OpusHead') return { ok: false, reason: 'not an Ogg Opus file (no OpusHead)' };
  if (!tags || ascii(tags, 0, 8) !== 'OpusTags') return { ok: false, reason: 'no OpusTags packet' };
  const packets: OpusPacket[] = [];
  for (const [i, data] of audio.entries()) {
    const durationMs = opusPacketMs(data);
    if (durationMs === null) return { ok: false, reason: `audio packet ${i + 1} is not a valid Opus packet` };
    packets.push({ data, durationMs });
  }
  return { ok: true, packets, totalMs: packets.reduce((n, p) => n + p.durationMs, 0) };
}
