import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** One call's recording may grow to this; a longer call stops being recorded rather than filling the disk. */
export const MAX_RECORDING_BYTES = 200 * 1024 * 1024;

export type AppendOutcome = { ok: true; bytes: number } | { ok: false; reason: string };

type Open = { nextSeq: number; bytes: number; lastChunkBytes: number };

/**
 * Call recordings as `<dir>/<safe call id>.webm`, built from the renderer's
 * MediaRecorder chunks in sequence order. Chunk 0 starts the file; each next
 * chunk must be the next number (an out-of-order or missing chunk would make
 * a WebM that does not play, so it is refused, not guessed at). A repeat of
 * the last chunk (a retry after a lost answer) is accepted without writing it
 * twice. The final chunk is fsynced before it is acknowledged.
 */
export class RecordingStore {
  private readonly open = new Map<string, Open>();

  constructor(
    readonly dir: string,
    private readonly maxBytes = MAX_RECORDING_BYTES,
  ) {}

  /** A file name from any call id: readable where it can be, and a hash so two ids never share a file. */
  fileFor(callId: string): string {
    const readable = callId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 80);
    const hash = crypto.createHash('sha256').update(callId, 'utf8').digest('hex').slice(0, 16);
    return path.join(this.dir, `${readable}-${hash}.webm`);
  }

  append(callId: string, seq: number, data: Buffer, final: boolean): AppendOutcome {
    const file = this.fileFor(callId);
    let state = this.open.get(callId);
    if (seq === 0 && !(state && state.nextSeq === 1 && state.lastChunkBytes === data.length)) {
      state = { nextSeq: 0, bytes: 0, lastChunkBytes: 0 };
    } else if (!state) {
      return {
        ok: false,
        reason: `recording chunk ${seq} of call ${callId.slice(0, 80)} arrived but no recording is open for it (the host may have restarted); a recording starts at chunk 0`,
      };
    } else if (seq === state.nextSeq - 1 && data.length === state.lastChunkBytes) {
      return { ok: true, bytes: state.bytes };
    } else if (seq !== state.nextSeq) {
      return { ok: false, reason: `recording chunk ${seq} of call ${callId.slice(0, 80)} is out of order: chunk ${state.nextSeq} was expected next; send chunks in order, one at a time` };
    }
    if (state.bytes + data.length > this.maxBytes) {
      this.open.delete(callId);
      return { ok: false, reason: `the recording of call ${callId.slice(0, 80)} reached the ${Math.round(this.maxBytes / (1024 * 1024))} MB limit; what was recorded so far is kept` };
    }
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const fd = fs.openSync(file, seq === 0 ? 'w' : 'a', 0o600);
    try {
      fs.writeSync(fd, data);
      if (final) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    const next = { nextSeq: seq + 1, bytes: state.bytes + data.length, lastChunkBytes: data.length };
    if (final) this.open.delete(callId);
    else this.open.set(callId, next);
    return { ok: true, bytes: next.bytes };
  }

  exists(callId: string): boolean {
    return fs.existsSync(this.fileFor(callId));
  }

  /** Delete one call's recording; whether there was one. */
  delete(callId: string): boolean {
    this.open.delete(callId);
    try {
      fs.rmSync(this.fileFor(callId));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  /**
   * Retention for files no record points at any more (a call whose end was
   * never reported): recordings last written before `cutoff`.
   */
  pruneFilesBefore(cutoff: Date): number {
    let entries: string[];
    try {
      entries = fs.readdirSync(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw e;
    }
    let n = 0;
    for (const name of entries) {
      if (!name.endsWith('.webm')) continue;
      const file = path.join(this.dir, name);
      if (fs.statSync(file).mtimeMs < cutoff.getTime()) {
        fs.rmSync(file, { force: true });
        n++;
      }
    }
    return n;
  }
}
