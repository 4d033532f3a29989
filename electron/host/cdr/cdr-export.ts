import fs from 'node:fs';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import type { CdrFilter } from '../../../shared/contract/cdr';
import { csvHeader, csvRow, type Cell } from './cdr-csv';
import { CSV_JOINED_SQL, CSV_VALUES_SQL, isPlainCsvLine } from './cdr-export-sql';
import { whereOf, type CdrStore } from './cdr-store';
import { digitsOf, numberKey } from './number-key';

/**
 * Streamed CDR exports (CSV, RFC 4180, or a JSON array): rows come from a
 * read-only snapshot already formatted (a CSV line or a JSON object each,
 * cdr-export-sql.ts), JSON one at a time from an SQLite iterator
 * (stmt.iterate()), CSV a page of CSV_PAGE_ROWS at a time (CsvSnapshot), and
 * go through a fs.WriteStream that is waited on when it asks (backpressure),
 * so memory stays flat for any number of rows. The file is written as
 * `<file>.partial` and renamed when complete: a file under its final name is
 * always whole.
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

/** Rows read per query of a CSV export: a few hundred KB of lines at a time. */
export const CSV_PAGE_ROWS = 1000;

/**
 * The CSV export's read-only snapshot, like CdrReader (CdrStore.openReader)
 * but reading each row as its values joined by commas (CSV_JOINED_SQL):
 * nearly always that is the row's CSV line already (isPlainCsvLine), so
 * there is no JSON to parse and no cell to look at in JavaScript. The other
 * rows (a comma or quote in a note, a "=HYPERLINK(...)", 0.1 + 0.2) are read
 * again by id as CSV_VALUES_SQL and made by csvRow, exactly as
 * CdrReader.csvLines makes every row. The rows come a page at a time (keyset
 * on started_at, id, in the one read transaction), so that between pages the
 * connection is free for those second reads; memory stays bounded by a page.
 */
export class CsvSnapshot {
  private readonly db: Database.Database;

  constructor(
    file: string,
    private readonly pageRows = CSV_PAGE_ROWS,
  ) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      this.db.pragma('busy_timeout = 2000');
      // The store's functions, which its filters (whereOf) use.
      this.db.function('number_key', { deterministic: true }, (v: unknown) => numberKey(typeof v === 'string' ? v : null));
      this.db.function('digits_of', { deterministic: true }, (v: unknown) => digitsOf(typeof v === 'string' ? v : null));
      // One read transaction: the count and every page come from the same snapshot.
      this.db.exec('BEGIN');
    } catch (e) {
      this.db.close();
      throw e;
    }
  }

  count(filter: CdrFilter): number {
    const { sql, params } = whereOf(filter);
    return (this.db.prepare(`SELECT count(*) AS n FROM cdrs ${sql}`).get(...params) as { n: number }).n;
  }

  /** CSV lines (cdr-csv.ts columns) with their CR LF, oldest first. */
  *csvLines(filter: CdrFilter): Generator<string> {
    const { sql, params } = whereOf(filter);
    const select = `SELECT id, started_at, ${CSV_JOINED_SQL} FROM cdrs`;
    const order = `ORDER BY started_at, id LIMIT ${this.pageRows}`;
    const first = this.db.prepare(`${select} ${sql} ${order}`).raw();
    // After the last row read: a later start, or the same one and a larger id (the index ranges on started_at).
    const next = this.db.prepare(`${select} ${sql ? `${sql} AND` : 'WHERE'} started_at >= ? AND (started_at > ? OR id > ?) ${order}`).raw();
    const values = this.db.prepare(`SELECT id, ${CSV_VALUES_SQL} FROM cdrs WHERE id IN (SELECT value FROM json_each(?))`).raw();
    let page = first.all(...params) as [id: number, startedAt: string, joined: string][];
    for (;;) {
      const others = page.filter((r) => !isPlainCsvLine(r[2])).map((r) => r[0]);
      const remade = new Map<number, string>();
      if (others.length) {
        for (const [id, json] of values.all(JSON.stringify(others)) as [number, string][]) remade.set(id, csvRow(JSON.parse(json) as Cell[]));
        if (remade.size !== others.length) throw new Error('CDR export: rows were missing when read again from the same snapshot');
      }
      for (const [id, , joined] of page) yield remade.get(id) ?? joined;
      if (page.length < this.pageRows) return;
      const [lastId, lastStart] = page[page.length - 1]!;
      page = next.all(...params, lastStart, lastStart, lastId) as typeof page;
    }
  }

  close(): void {
    if (!this.db.open) return;
    try {
      if (this.db.inTransaction) this.db.exec('COMMIT');
    } finally {
      this.db.close();
    }
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
  const reader = o.format === 'csv' ? new CsvSnapshot(o.store.file) : o.store.openReader();
  let total: number;
  try {
    total = reader.count(o.filter);
  } catch (e) {
    reader.close();
    throw e;
  }
  const done = writeCdrFile({
    rows: reader instanceof CsvSnapshot ? reader.csvLines(o.filter) : reader.jsonObjects(o.filter),
    format: o.format,
    file: o.file,
    onProgress: (n) => o.onProgress?.(n, total),
  }).finally(() => reader.close());
  return { total, done };
}
