import fs from 'node:fs';
import { CallRecordSchema, type CallRecord } from '../../../shared/history/call-record';
import { writeFileAtomic } from '../atomic-file';
import type { ScopedLogger } from '../logger';
import { cdrFromRecord, type CallSurroundings, type StoredCdr } from './cdr-record';
import type { CdrStore } from './cdr-store';

/**
 * The call history of earlier versions, `<dataDir>/call-history.jsonl` (one
 * JSON CallRecord a line, newest version of a call last), read into the CDR
 * database. The file is kept, and no longer written while the database works;
 * the store remembers how far it has read it (meta `legacy_history_offset`),
 * in the same transaction as the rows, so importing is idempotent and lines
 * appended later (by a session that ran without the database) are read next
 * time. Retention and erasure rewrite it too, so it never outlives them.
 */
export const LEGACY_OFFSET_KEY = 'legacy_history_offset';

export function importLegacyHistory(
  store: CdrStore,
  file: string,
  surroundings: (accountId: string) => CallSurroundings,
  log: ScopedLogger,
): { imported: number; invalid: number } {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { imported: 0, invalid: 0 };
    throw e;
  }
  let offset = Number(store.meta(LEGACY_OFFSET_KEY) ?? 0);
  // A file shorter than what was read is another file (replaced by hand): read it all.
  if (!Number.isSafeInteger(offset) || offset > size) offset = 0;
  if (size === offset) return { imported: 0, invalid: 0 };
  // Only what was appended since the last read.
  const buf = Buffer.alloc(size - offset);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, buf, 0, buf.length, offset);
  } finally {
    fs.closeSync(fd);
  }
  // Only whole lines: a torn last line (a crash mid-append) is read when it is complete.
  const end = buf.lastIndexOf(0x0a) + 1;
  if (end === 0) return { imported: 0, invalid: 0 };
  const lines = buf.subarray(0, end).toString('utf8').split('\n');
  let invalid = 0;
  const records: CallRecord[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    // Line numbers count from where this read started (the whole file the first time).
    const where = offset === 0 ? { line: i + 1 } : { line: i + 1, fromByte: offset };
    try {
      const parsed = CallRecordSchema.safeParse(JSON.parse(line));
      if (parsed.success) records.push(parsed.data);
      else {
        invalid++;
        log.warn('call history line invalid; kept in file, not imported', { ...where, issue: parsed.error.issues[0]?.message });
      }
    } catch {
      invalid++;
      log.warn('call history line is not JSON; kept in file, not imported', where);
    }
  });
  let count = 0;
  store.transaction(() => {
    // Later lines are later versions of a call (notes edited afterwards): each overwrites the one before.
    for (const r of records) {
      const prior: StoredCdr | null = store.get(r.id);
      store.put(cdrFromRecord(r, surroundings(r.accountId), prior));
      count++;
    }
    store.setMeta(LEGACY_OFFSET_KEY, String(offset + end));
  });
  if (count || invalid) log.info('call history imported from call-history.jsonl', { imported: count, invalid, file });
  return { imported: count, invalid };
}

/**
 * Rewrite the file without the records `drop` selects (retention, erasure);
 * lines that do not parse are kept, as the file has always promised. Returns
 * how many lines were removed, and moves the read offset to the new end
 * (everything left was imported already).
 */
export function scrubLegacyHistory(store: CdrStore, file: string, drop: (r: CallRecord) => boolean): number {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  let removed = 0;
  const kept = text.split('\n').filter((line) => {
    if (!line.trim()) return false;
    try {
      const parsed = CallRecordSchema.safeParse(JSON.parse(line));
      if (parsed.success && drop(parsed.data)) {
        removed++;
        return false;
      }
    } catch {
      /* kept */
    }
    return true;
  });
  if (removed === 0) return 0;
  const next = kept.length ? `${kept.join('\n')}\n` : '';
  writeFileAtomic(file, next);
  store.setMeta(LEGACY_OFFSET_KEY, String(Buffer.byteLength(next, 'utf8')));
  return removed;
}
