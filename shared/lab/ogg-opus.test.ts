import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { opusPacketMs, readOggOpus } from './ogg-opus';

/** One Ogg page holding `packets` (each < 255 bytes), CRC not checked by the reader. */
function page(packets: Uint8Array[]): Uint8Array {
  const table = packets.map((p) => p.length);
  const header = new Uint8Array(27 + table.length);
  header.set([0x4f, 0x67, 0x67, 0x53]);
  header[26] = table.length;
  header.set(table, 27);
  const body = new Uint8Array(packets.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of packets) {
    body.set(p, o);
    o += p.length;
  }
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}
const text = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const head = () => new Uint8Array([...text('OpusHead'), 1, 1, 0x38, 0x01, 0x80, 0xbb, 0, 0, 0, 0, 0]);

describe('opusPacketMs', () => {
  it.each([
    [0x08 << 0, 20], // config 1: SILK NB 20 ms, one frame
    [(11 << 3) | 0, 60],
    [(15 << 3) | 0, 20],
    [(19 << 3) | 0, 20], // CELT 20 ms
    [(16 << 3) | 1, 5], // CELT 2.5 ms, two frames
  ])('TOC %i lasts %i ms', (toc, ms) => {
    expect(opusPacketMs(new Uint8Array([toc, 0]))).toBe(ms);
  });
  it('code 3 reads the frame count; empty or zero-frame packets are invalid', () => {
    expect(opusPacketMs(new Uint8Array([(19 << 3) | 3, 3]))).toBe(60);
    expect(opusPacketMs(new Uint8Array([(19 << 3) | 3, 0]))).toBeNull();
    expect(opusPacketMs(new Uint8Array([]))).toBeNull();
  });
});

describe('readOggOpus', () => {
  it('returns the audio packets after OpusHead and OpusTags', () => {
    const audio = [new Uint8Array([19 << 3, 1, 2]), new Uint8Array([19 << 3, 3])];
    const r = readOggOpus(new Uint8Array([...page([head()]), ...page([text('OpusTags....')]), ...page(audio)]));
    expect(r).toEqual({ ok: true, packets: audio.map((data) => ({ data, durationMs: 20 })), totalMs: 40 });
  });
  it('refuses files that are not Ogg Opus, with the reason', () => {
    expect(readOggOpus(text('RIFF....WAVE'))).toEqual({ ok: false, reason: 'no Ogg page at byte 0' });
    expect(readOggOpus(page([text('OpusTags')]))).toMatchObject({ ok: false, reason: expect.stringContaining('OpusHead') });
  });
  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (b) => typeof readOggOpus(b).ok === 'boolean'));
  });
});
