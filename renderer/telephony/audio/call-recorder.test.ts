import { describe, expect, it } from 'vitest';
import { bytesToBase64, recordCall, type RecorderHandlers, type RecorderMedia, type RecordingChunk, type SendResult } from './call-recorder';

const track = (readyState: 'live' | 'ended' = 'live') => ({ readyState }) as unknown as MediaStreamTrack;

/** A MediaRecorder stand-in: the test emits data; stop() flushes `tail` then fires stop, as the browser does. */
function fakeMedia(o: { supported?: boolean; tail?: string | null } = {}) {
  const state = { mixed: [] as MediaStreamTrack[], closed: 0, on: null as RecorderHandlers | null, recorder: { state: 'inactive' as 'inactive' | 'recording' } };
  const media: RecorderMedia = {
    mix(tracks) {
      state.mixed = tracks;
      return { stream: {} as MediaStream, close: () => state.closed++ };
    },
    supported: () => o.supported ?? true,
    createRecorder(_stream, _mime, on) {
      state.on = on;
      const r = state.recorder;
      return {
        get state() {
          return r.state;
        },
        start: () => (r.state = 'recording'),
        stop: () => {
          r.state = 'inactive';
          queueMicrotask(() => {
            if (o.tail !== null) on.data(new Blob([o.tail ?? 'tail']));
            on.stop();
          });
        },
      };
    },
  };
  return { media, state, emit: (text: string) => state.on!.data(new Blob([text])) };
}

function host(answer: (c: RecordingChunk) => SendResult = () => ({ ok: true })) {
  const sent: RecordingChunk[] = [];
  return {
    sent,
    send: async (c: RecordingChunk) => {
      await new Promise((r) => setTimeout(r, Math.random() * 3));
      sent.push(c);
      return answer(c);
    },
  };
}

const decode = (b64: string) => new TextDecoder().decode(Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0)));

describe('CallRecorder', () => {
  it('mixes both sides and sends every chunk in order, the last one final', async () => {
    const m = fakeMedia();
    const h = host();
    const failures: string[] = [];
    const rec = recordCall({ callId: 'c1', audio: { local: track(), remote: track() }, send: h.send, onFailed: (r) => failures.push(r), media: m.media });
    expect(m.state.mixed).toHaveLength(2);
    m.emit('one');
    m.emit('two');
    m.emit('three');
    expect(await rec.stop()).toBe('recorded');
    expect(h.sent.map((c) => [c.seq, decode(c.data), c.final])).toEqual([
      [0, 'one', false],
      [1, 'two', false],
      [2, 'three', false],
      [3, 'tail', true],
    ]);
    expect(h.sent.every((c) => c.callId === 'c1')).toBe(true);
    expect(failures).toEqual([]);
    expect(m.state.closed).toBe(1);
  });

  it('closes the file with an empty final chunk when no last data comes', async () => {
    const m = fakeMedia({ tail: null });
    const h = host();
    const rec = recordCall({ callId: 'c1', audio: { local: track(), remote: null }, send: h.send, onFailed: () => undefined, media: m.media });
    m.emit('one');
    expect(await rec.stop()).toBe('recorded');
    expect(h.sent.map((c) => [c.seq, c.data, c.final])).toEqual([
      [0, bytesToBase64(new TextEncoder().encode('one')), false],
      [1, '', true],
    ]);
  });

  it('fails once, stops sending and says why when the host refuses a chunk', async () => {
    const m = fakeMedia();
    const h = host((c) => (c.seq === 1 ? { ok: false, reason: 'disk full' } : { ok: true }));
    const failures: string[] = [];
    const rec = recordCall({ callId: 'c1', audio: { local: track(), remote: track() }, send: h.send, onFailed: (r) => failures.push(r), media: m.media });
    m.emit('one');
    m.emit('two');
    m.emit('three');
    expect(await rec.stop()).toBe('failed');
    expect(h.sent.map((c) => c.seq)).toEqual([0, 1]);
    expect(failures).toEqual(['part 1 was not stored: disk full']);
    expect(rec.failed).toBe('part 1 was not stored: disk full');
  });

  it('fails without audio, or without Opus recording, before touching the host', async () => {
    for (const [audio, supported, why] of [
      [{ local: null, remote: track('ended') }, true, 'the call has no audio to record'],
      [{ local: track(), remote: track() }, false, 'this browser cannot record Opus audio'],
    ] as const) {
      const h = host();
      const failures: string[] = [];
      const rec = recordCall({ callId: 'c', audio, send: h.send, onFailed: (r) => failures.push(r), media: fakeMedia({ supported }).media });
      expect(await rec.stop()).toBe('failed');
      expect(failures).toEqual([why]);
      expect(h.sent).toEqual([]);
    }
  });

  it('reports a recorder error as a failure', async () => {
    const m = fakeMedia();
    const failures: string[] = [];
    const rec = recordCall({ callId: 'c', audio: { local: track(), remote: null }, send: host().send, onFailed: (r) => failures.push(r), media: m.media });
    m.state.on!.error('encoder crashed');
    expect(await rec.stop()).toBe('failed');
    expect(failures).toEqual(['the recorder failed (encoder crashed)']);
  });
});

describe('bytesToBase64', () => {
  it('matches the standard encoding, also for chunks larger than one step', () => {
    const big = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    expect(bytesToBase64(big)).toBe(btoa(Array.from(big, (b) => String.fromCharCode(b)).join('')));
    expect(decode(bytesToBase64(new TextEncoder().encode('héllo')))).toBe('héllo');
    expect(bytesToBase64(new Uint8Array([]))).toBe('');
    expect(bytesToBase64(new Uint8Array([0xff, 0xfe]))).toBe('//4=');
  });
});
