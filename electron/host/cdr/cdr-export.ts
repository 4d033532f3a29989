import fs from 'node:fs';
import { once } from 'node:events';
import type { CdrFilter } from '../../../shared/contract/cdr';
import { csvHeader } from './cdr-csv';
import type { CdrStore } from './cdr-store';

/**
 * Streamed CDR exports (CSV, RFC 4180, or a JSON array): rows come one at a
 * time from an SQLite iterator (stmt.iterate()) on a read-only snapshot,
 * already formatted (a CSV line or a JSON object each, cdr-export-sql.ts),
 * and go through a fs.WriteStream that is waited on when it asks
 * (backpressure), so memory stays flat for any number of rows. The file is
 * written as `<file>.partial` and renamed when complete: a file under its
 * final name is always whole.
 */

export type ExportFormat = 'csv' | 'json';

/** Roughly how much text is gathered before one write: fewer, larger writes; still a small, fixed buffer. */
const CHUNK_CHARS = 128 * 1024;
/**
 * How much the stream may hold before it asks us to wait: a few chunks, so
 * the next rows are read while the disk writes the last ones (with the
 * default 16 KB every chunk waited for its write). Memory stays bounded by it.
 */
const STREAM_HIGH_WATER = 1024 * 1024;
/** Progress (and a turn of the event loop for the bridge) every this many rows. */
export const PROGRESS_EVERY = 1000;

/**
 * Write `rows` (CSV lines with their CR LF, or JSON objects) to `file` as a
 * CSV file with its header or a JSON array. Calls `onProgress(rows)` every
 * PROGRESS_EVERY rows (not at the end: the caller reports completion with
 * the location). Resolves with the number of rows once the file is complete
 * under its final name; on failure the partial file is removed and it rejects.
 */
export async function writeCdrFile(o: { rows: Iterable<string>; format: ExportFormat; file: string; onProgress?: (rows: number) => void }): Promise<number> {
  const partial = `${o.file}.partial`;
  const out = fs.createWriteStream(partial, { mode: 0o600, highWaterMark: STREAM_HIGH_WATER });
  let failure: Error | null = null;
  out.on('error', (e) => (failure ??= e));
  const csv = o.format === 'csv';
  let buffer = '';
  let n = 0;
  const flush = async (): Promise<void> => {
    if (failure) throw failure;
    if (!buffer) return;
    const ok = out.write(buffer);
    buffer = '';
    // once() rejects if the stream errors while we wait.
    if (!ok) await once(out, 'drain');
  };
  try {
    await once(out, 'open');
    buffer = csv ? csvHeader() : '[';
    for (const row of o.rows) {
      buffer += csv ? row : n === 0 ? `\n${row}` : `,\n${row}`;
      n++;
      if (buffer.length >= CHUNK_CHARS) await flush();
      if (n % PROGRESS_EVERY === 0) {
        o.onProgress?.(n);
        // Let the bridge answer other requests and the progress event leave.
        await new Promise((r) => setImmediate(r));
      }
    }
    if (!csv) buffer += n === 0 ? ']\n' : '\n]\n';
    await flush();
    out.end();
    await once(out, 'finish');
    if (failure) throw failure;
    fs.renameSync(partial, o.file);
    return n;
  } catch (e) {
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw e;
  }
}

/**
 * One export from a store: a read-only snapshot is opened and counted now
 * (so the caller can answer with the total at once); its rows go to the file
 * in the background, and `done` settles when the file is complete.
 */
export function startCdrExport(o: {
  store: CdrStore;
  filter: CdrFilter;
  format: ExportFormat;
  file: string;
  onProgress?: (rows: number, total: number) => void;
}): { total: number; done: Promise<number> } {
  const reader = o.store.openReader();
  let total: number;
  try {
    total = reader.count(o.filter);
  } catch (e) {
    reader.close();
    throw e;
  }
  const done = writeCdrFile({
    rows: o.format === 'csv' ? reader.csvLines(o.filter) : reader.jsonObjects(o.filter),
    format: o.format,
    file: o.file,
    onProgress: (n) => o.onProgress?.(n, total),
  }).finally(() => reader.close());
  return { total, done };
}
