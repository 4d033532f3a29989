import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { moveAside } from './atomic-file';

/**
 * Opening one of the host's SQLite databases (the feed hub's, the CDR
 * store's) the same way: one SQLite cannot read is moved aside with its WAL
 * and a fresh one is created (the caller reports it); one written by a newer
 * Warmline is left untouched and the caller runs without it.
 */
export type TryOpen<S> = (file: string) => { ok: true; store: S } | { ok: false; reason: string; newer: boolean };
export type SqliteOpenOutcome<S> =
  | { ok: true; store: S; movedAside: { from: string; to: string; reason: string } | null }
  | { ok: false; reason: string };

export function openSqliteOrMoveAside<S>(file: string, now: Date, tryOpen: TryOpen<S>): SqliteOpenOutcome<S> {
  try {
    new Database(':memory:').close();
  } catch (e) {
    return { ok: false, reason: `the SQLite module could not be loaded (${(e as Error).message})` };
  }
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } catch (e) {
    return { ok: false, reason: `its folder cannot be created (${(e as Error).message})` };
  }
  // A file that is not SQLite at all is moved aside before SQLite opens it:
  // closing a failed connection deletes the WAL beside it, which support may need.
  let reason = notSqlite(file);
  if (reason === null) {
    const first = tryOpen(file);
    if (first.ok) return { ok: true, store: first.store, movedAside: null };
    if (first.newer || !fs.existsSync(file)) return { ok: false, reason: first.reason };
    reason = first.reason;
  }
  let to: string;
  try {
    to = moveAside(file, 'corrupt', now);
    for (const suffix of ['-wal', '-shm']) {
      // A stale WAL left next to a fresh database would be replayed into it.
      if (fs.existsSync(file + suffix)) moveAside(file + suffix, 'corrupt', now);
    }
  } catch (e) {
    return { ok: false, reason: `${reason}, and it could not be moved aside (${(e as Error).message})` };
  }
  const fresh = tryOpen(file);
  if (!fresh.ok) return { ok: false, reason: `a fresh database could not be created either (${fresh.reason})` };
  return { ok: true, store: fresh.store, movedAside: { from: file, to, reason } };
}

const SQLITE_HEADER = 'SQLite format 3\0';

function notSqlite(file: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return `it cannot be read (${(e as Error).message})`;
  }
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    if (n === 0) return null;
    return head.toString('latin1', 0, n) === SQLITE_HEADER ? null : 'it is not an SQLite database (its header is wrong)';
  } catch (e) {
    return `it cannot be read (${(e as Error).message})`;
  } finally {
    fs.closeSync(fd);
  }
}

export function describeSqliteError(e: unknown): string {
  const code = (e as { code?: string }).code;
  const message = (e as Error).message;
  return code ? `${message} (${code})` : message;
}
