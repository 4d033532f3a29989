import type { CallAudio } from '../../../shared/telephony/phone-port';

/**
 * Records one call: our microphone and the far end mixed into one track
 * (WebAudio), encoded by MediaRecorder as Opus in WebM, cut into 1 s chunks
 * that go to the host in order (recording.append), the last one marked final.
 * A recording that fails stops and says why; it never touches the call: the
 * tracks stay the call's and are never stopped here.
 */
export const RECORDING_MIME = 'audio/webm;codecs=opus';
/** One chunk a second: a crash loses at most a second of the recording. */
export const RECORDING_TIMESLICE_MS = 1000;

export type RecordingChunk = { callId: string; seq: number; data: string; final: boolean };
export type SendResult = { ok: true } | { ok: false; reason: string };

/** What MediaRecorder is to us: small, so tests can drive it. */
export type RecorderLike = {
  readonly state: 'inactive' | 'recording' | 'paused';
  start(timesliceMs: number): void;
  stop(): void;
};
export type RecorderHandlers = { data(blob: Blob): void; error(reason: string): void; stop(): void };

/** The browser's media, injected (style rule 6). */
export type RecorderMedia = {
  /** Mix the tracks into one stream; `close` releases the mixer, never the tracks. */
  mix(tracks: MediaStreamTrack[]): { stream: MediaStream; close: () => void };
  supported(mime: string): boolean;
  createRecorder(stream: MediaStream, mime: string, on: RecorderHandlers): RecorderLike;
};

export type RecorderOptions = {
  callId: string;
  audio: CallAudio;
  send: (chunk: RecordingChunk) => Promise<SendResult>;
  /** Called once, when the recording fails (it has stopped by then). */
  onFailed: (reason: string) => void;
  media?: RecorderMedia;
  timesliceMs?: number;
};

export type RecordingResult = 'recorded' | 'failed';

export class CallRecorder {
  private recorder: RecorderLike | null = null;
  private closeMix: (() => void) | null = null;
  private seq = 0;
  private sending: Promise<void> = Promise.resolve();
  private failure: string | null = null;
  private stopRequested = false;
  private finalQueued = false;
  private stopped: Promise<void> = Promise.resolve();

  constructor(private readonly o: RecorderOptions) {}

  /** The reason the recording failed, or null while it is fine. */
  get failed(): string | null {
    return this.failure;
  }

  start(): void {
    try {
      const media = this.o.media ?? browserMedia();
      const tracks = [this.o.audio.local, this.o.audio.remote].filter((t): t is MediaStreamTrack => t !== null && t.readyState === 'live');
      if (tracks.length === 0) return this.fail('the call has no audio to record');
      if (!media.supported(RECORDING_MIME)) return this.fail('this browser cannot record Opus audio');
      const mix = media.mix(tracks);
      this.closeMix = mix.close;
      let markStopped: () => void = () => undefined;
      this.stopped = new Promise<void>((resolve) => {
        markStopped = () => resolve();
      });
      const rec = media.createRecorder(mix.stream, RECORDING_MIME, {
        // MediaRecorder hands over the last data just before it fires stop; stop() asked for it, so it is the final chunk.
        data: (blob) => this.enqueue(blob, this.stopRequested),
        error: (reason) => this.fail(`the recorder failed (${reason})`),
        stop: () => markStopped(),
      });
      this.recorder = rec;
      rec.start(this.o.timesliceMs ?? RECORDING_TIMESLICE_MS);
    } catch (e) {
      this.fail(`could not start (${(e as Error).message})`);
    }
  }

  /** End of the call: flush the last chunk as final and wait until the host has every chunk. */
  async stop(): Promise<RecordingResult> {
    const rec = this.recorder;
    if (rec && !this.failure && rec.state !== 'inactive') {
      this.stopRequested = true;
      rec.stop();
      await this.stopped;
    }
    // No last data came (nothing left to encode): close the file with an empty final chunk.
    if (rec && !this.failure && !this.finalQueued) this.enqueue(new Blob([]), true);
    await this.sending;
    this.release();
    return this.failure ? 'failed' : 'recorded';
  }

  private enqueue(blob: Blob, final: boolean): void {
    if (this.failure || this.finalQueued) return;
    if (blob.size === 0 && !final) return;
    if (final) this.finalQueued = true;
    const seq = this.seq++;
    const { callId } = this.o;
    this.sending = this.sending
      .then(async () => {
        if (this.failure) return;
        const data = bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
        const r = await this.o.send({ callId, seq, data, final });
        if (!r.ok) this.fail(`part ${seq} was not stored: ${r.reason}`);
      })
      .catch((e: unknown) => this.fail(`part ${seq} was not sent: ${(e as Error).message}`));
  }

  private fail(reason: string): void {
    if (this.failure) return;
    this.failure = reason;
    try {
      if (this.recorder && this.recorder.state !== 'inactive') this.recorder.stop();
    } catch {
      /* already stopping */
    }
    this.release();
    this.o.onFailed(reason);
  }

  private release(): void {
    const close = this.closeMix;
    this.closeMix = null;
    try {
      close?.();
    } catch {
      /* the mixer is gone either way */
    }
  }
}

/** Start recording a call; a failure to start is reported through onFailed like any other. */
export function recordCall(o: RecorderOptions): CallRecorder {
  const r = new CallRecorder(o);
  r.start();
  return r;
}

const BASE64_STEP = 0x8000;

/** Standard base64 (RFC 4648 §4), in steps so a large chunk never overflows the argument list. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += BASE64_STEP) binary += String.fromCharCode(...bytes.subarray(i, i + BASE64_STEP));
  return btoa(binary);
}

function browserMedia(): RecorderMedia {
  return {
    mix(tracks) {
      const ctx = new AudioContext();
      const out = ctx.createMediaStreamDestination();
      const sources = tracks.map((t) => {
        const s = ctx.createMediaStreamSource(new MediaStream([t]));
        s.connect(out);
        return s;
      });
      // Answering is a click, so the context may run; if the browser held it suspended, ask again.
      if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
      return {
        stream: out.stream,
        close: () => {
          for (const s of sources) s.disconnect();
          void ctx.close().catch(() => undefined);
        },
      };
    },
    supported: (mime) => typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(mime),
    createRecorder(stream, mime, on) {
      const rec = new MediaRecorder(stream, { mimeType: mime });
      rec.ondataavailable = (e) => on.data(e.data);
      rec.onerror = (e) => on.error((e as Event & { error?: Error }).error?.message ?? 'no detail');
      rec.onstop = () => on.stop();
      return rec;
    },
  };
}
