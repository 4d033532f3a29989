import crypto from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { FEED_VERSION, type FeedEvent } from '../../../shared/feed/feed-event';
import type { SessionQuery } from '../../../shared/feed/session-query';
import { foldSession, needsRefold, summarizeSession, toUtc, type SessionSummary } from '../../../shared/feed/session-summary';
import { describeSqliteError, openSqliteOrMoveAside, type SqliteOpenOutcome } from '../sqlite-open';

/**
 * The hub's SQLite database: every accepted event (the cursor is its row id)
 * and one derived row per session, updated in the same transaction, so lists
 * never scan events. WAL with synchronous=FULL: a batch is acknowledged only
 * after its transaction is on disk, so nothing acknowledged is lost to a
 * crash or power cut.
 */
export const FEED_SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
-- AUTOINCREMENT: a cursor is never reused, even after the newest rows are pruned.
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  platform TEXT NOT NULL,
  received_at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_by_session ON events (session_id, seq);
-- A rowid table (not WITHOUT ROWID): rows carry a JSON summary of about 1 KB,
-- and each index then holds an 8-byte rowid rather than the session id.
CREATE TABLE IF NOT EXISTS sessions (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL UNIQUE,
  platform TEXT NOT NULL,
  started_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  outcome TEXT,
  intent TEXT COLLATE NOCASE,
  transferred INTEGER NOT NULL,
  caller_number TEXT,
  summary TEXT NOT NULL
);
-- One index per list filter, each ending in started_at so a filtered page is
-- an index range read newest first (the rowid, in every index, breaks ties).
CREATE INDEX IF NOT EXISTS sessions_by_start ON sessions (started_at);
CREATE INDEX IF NOT EXISTS sessions_by_outcome ON sessions (outcome, started_at);
CREATE INDEX IF NOT EXISTS sessions_by_intent ON sessions (intent, started_at);
CREATE INDEX IF NOT EXISTS sessions_by_transferred ON sessions (transferred, started_at);
CREATE INDEX IF NOT EXISTS sessions_by_number ON sessions (caller_number, started_at);
CREATE INDEX IF NOT EXISTS sessions_by_last ON sessions (last_at);
-- Supervisors' guidance to a session's AI, kept until the platform that owns
-- the session has read it (and after: it is the record of what was asked).
-- An additive table: an older Warmline opening this database ignores it, so
-- the schema version stays. The id is the platform's read position, so it is
-- never reused after pruning (AUTOINCREMENT), like a cursor.
CREATE TABLE IF NOT EXISTS guidance (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  platform TEXT NOT NULL,
  text TEXT NOT NULL,
  sent_by TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS guidance_by_platform ON guidance (platform, id);
-- Emergency alerts POSTed by agents' hosts (warmline.emergency/1), one row per
-- emergency call: a retry with the same emergency id finds its row and is not
-- stored or announced again. Additive like guidance (the schema version
-- stays); not touched by session retention.
CREATE TABLE IF NOT EXISTS alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  emergency_id TEXT NOT NULL UNIQUE,
  platform TEXT NOT NULL,
  received_at TEXT NOT NULL,
  body TEXT NOT NULL
);
`;

/** One stored event: its cursor, the platform that sent it, and the event as stored JSON. */
export type StoredEvent = { cursor: number; platform: string; body: string };

export type Conflict = { index: number; sessionId: string; seq: number; cursor: number };
export type AppendResult =
  | { ok: true; accepted: (StoredEvent & { event: FeedEvent })[]; duplicates: number; conflicts: Conflict[]; cursor: number }
  | { ok: false; index: number; sessionId: string };

export type OpenOutcome = SqliteOpenOutcome<FeedStore>;

class ForeignSession extends Error {
  constructor(
    readonly index: number,
    readonly sessionId: string,
  ) {
    super('session belongs to another platform');
  }
}

type SessionRow = { platform: string; summary: string };

/** One note from a supervisor, as its platform reads it. */
export type StoredGuidance = { id: number; sessionId: string; text: string; at: string };
/** One emergency alert as stored: `body` is the validated alert's JSON. */
export type AlertRow = { id: number; platform: string; receivedAt: string; body: string };
export type AddAlertResult = { id: number; receivedAt: string; duplicate: false } | { id: number; receivedAt: string; duplicate: true; differs: boolean };
export type AddGuidanceResult = { ok: true; id: number; platform: string } | { ok: false; reason: 'not-found' | 'ended' };

export class FeedStore {
  readonly feedId: string;
  private headCursor: number;
  private readonly stmts;
  private readonly listCache = new Map<string, Database.Statement>();
  private readonly appendTx: (platform: string, events: readonly FeedEvent[], receivedAt: string) => AppendResult;

  private constructor(private readonly db: Database.Database) {
    this.stmts = {
      insert: db.prepare('INSERT INTO events (session_id, seq, platform, received_at, body) VALUES (?, ?, ?, ?, ?)'),
      stored: db.prepare<[string, number], { id: number; body: string }>('SELECT id, body FROM events WHERE session_id = ? AND seq = ?'),
      session: db.prepare<[string], SessionRow>('SELECT platform, summary FROM sessions WHERE session_id = ?'),
      sessionBodies: db.prepare<[string], { body: string }>('SELECT body FROM events WHERE session_id = ? ORDER BY seq'),
      sessionEvents: db.prepare<[string], { cursor: number; platform: string; body: string }>(
        'SELECT id AS cursor, platform, body FROM events WHERE session_id = ? ORDER BY seq',
      ),
      upsert: db.prepare(
        `INSERT INTO sessions (session_id, platform, started_at, last_at, outcome, intent, transferred, caller_number, summary)
         VALUES (@sessionId, @platform, @startedAt, @lastAt, @outcome, @intent, @transferred, @number, @summary)
         ON CONFLICT (session_id) DO UPDATE SET started_at = excluded.started_at, last_at = excluded.last_at, outcome = excluded.outcome,
           intent = excluded.intent, transferred = excluded.transferred, caller_number = excluded.caller_number, summary = excluded.summary`,
      ),
      after: db.prepare<[number, number], StoredEvent>('SELECT id AS cursor, platform, body FROM events WHERE id > ? ORDER BY id LIMIT ?'),
      head: db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'events'"),
      pruneEvents: db.prepare('DELETE FROM events WHERE session_id IN (SELECT session_id FROM sessions WHERE last_at < ?)'),
      pruneSessions: db.prepare('DELETE FROM sessions WHERE last_at < ?'),
      pruneGuidance: db.prepare('DELETE FROM guidance WHERE session_id IN (SELECT session_id FROM sessions WHERE last_at < ?)'),
      addGuidance: db.prepare('INSERT INTO guidance (session_id, platform, text, sent_by, at) VALUES (?, ?, ?, ?, ?)'),
      guidanceAfter: db.prepare<[string, number, number], StoredGuidance>(
        'SELECT id, session_id AS sessionId, text, at FROM guidance WHERE platform = ? AND id > ? ORDER BY id LIMIT ?',
      ),
      alertById: db.prepare<[string], AlertRow>('SELECT id, platform, received_at AS receivedAt, body FROM alerts WHERE emergency_id = ?'),
      addAlert: db.prepare('INSERT INTO alerts (emergency_id, platform, received_at, body) VALUES (?, ?, ?, ?)'),
      latestAlerts: db.prepare<[number], AlertRow>('SELECT id, platform, received_at AS receivedAt, body FROM alerts ORDER BY id DESC LIMIT ?'),
    };
    this.headCursor = this.stmts.head.get()?.seq ?? 0;
    this.feedId = this.ensureFeedId();
    this.appendTx = db.transaction((platform: string, events: readonly FeedEvent[], receivedAt: string) => this.appendInTx(platform, events, receivedAt));
  }

  /**
   * Open (or create) the database. One that SQLite cannot read is moved aside
   * with its WAL and a fresh one created; the caller reports it. A database
   * written by a newer Warmline is left alone and the hub runs without one.
   */
  static open(file: string, now = new Date()): OpenOutcome {
    return openSqliteOrMoveAside(file, now, (f) => FeedStore.tryOpen(f));
  }

  private static tryOpen(file: string): { ok: true; store: FeedStore } | { ok: false; reason: string; newer: boolean } {
    let db: Database.Database | null = null;
    try {
      db = new Database(file);
      // Read before anything is written, so a newer Warmline's database stays exactly as it was.
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > FEED_SCHEMA_VERSION) {
        db.close();
        return { ok: false, newer: true, reason: `${file} was written by a newer Warmline (schema ${version}); it is left untouched` };
      }
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 2000');
      db.exec(SCHEMA);
      if (version < FEED_SCHEMA_VERSION) db.pragma(`user_version = ${FEED_SCHEMA_VERSION}`);
      // A cheap read of each table's b-tree: damage SQLite can see at open shows here.
      db.prepare('SELECT max(id) FROM events').get();
      db.prepare('SELECT id FROM sessions ORDER BY started_at DESC LIMIT 1').get();
      return { ok: true, store: new FeedStore(db) };
    } catch (e) {
      try {
        db?.close();
      } catch {
        /* already unusable */
      }
      return { ok: false, newer: false, reason: describeSqliteError(e) };
    }
  }

  /** The cursor of the newest event ever stored (0 for an empty feed). */
  head(): number {
    return this.headCursor;
  }

  /** Store a validated batch in one transaction; returns only after it is committed. */
  append(platform: string, events: readonly FeedEvent[], receivedAt = new Date()): AppendResult {
    try {
      const r = this.appendTx(platform, events, receivedAt.toISOString());
      if (r.ok) this.headCursor = Math.max(this.headCursor, r.cursor);
      return r;
    } catch (e) {
      if (e instanceof ForeignSession) return { ok: false, index: e.index, sessionId: e.sessionId };
      throw e;
    }
  }

  private appendInTx(platform: string, events: readonly FeedEvent[], receivedAt: string): AppendResult {
    type Touched = { summary: SessionSummary | null; refold: boolean; dirty: boolean };
    const touched = new Map<string, Touched>();
    const accepted: (StoredEvent & { event: FeedEvent })[] = [];
    const conflicts: Conflict[] = [];
    let duplicates = 0;
    let cursor = 0;
    events.forEach((raw, index) => {
      // Stored with the version always set, so a replay with or without it compares equal.
      const event = { version: FEED_VERSION, ...raw } as FeedEvent;
      let t = touched.get(event.sessionId);
      if (!t) {
        const row = this.stmts.session.get(event.sessionId);
        if (row && row.platform !== platform) throw new ForeignSession(index, event.sessionId);
        t = { summary: row ? (JSON.parse(row.summary) as SessionSummary) : null, refold: false, dirty: false };
        touched.set(event.sessionId, t);
      }
      const body = JSON.stringify(event);
      // Looked up before inserting (not INSERT OR IGNORE, which spends a cursor on every replay).
      const stored = this.stmts.stored.get(event.sessionId, event.seq);
      if (stored) {
        duplicates++;
        if (stored.body !== body) conflicts.push({ index, sessionId: event.sessionId, seq: event.seq, cursor: stored.id });
        cursor = Math.max(cursor, stored.id);
        return;
      }
      const info = this.stmts.insert.run(event.sessionId, event.seq, platform, receivedAt, body);
      const id = Number(info.lastInsertRowid);
      cursor = Math.max(cursor, id);
      accepted.push({ cursor: id, platform, body, event });
      t.dirty = true;
      if (t.refold || needsRefold(t.summary, event)) t.refold = true;
      else t.summary = foldSession(t.summary, event, platform);
    });
    for (const [sessionId, t] of touched) {
      if (!t.dirty) continue;
      // An event that arrived behind a later one: derive the session again from all its events, in seq order.
      const summary = t.refold
        ? summarizeSession(this.stmts.sessionBodies.all(sessionId).map((r) => JSON.parse(r.body) as FeedEvent), platform)
        : t.summary;
      if (summary) this.writeSession(summary);
    }
    return { ok: true, accepted, duplicates, conflicts, cursor };
  }

  private writeSession(s: SessionSummary): void {
    this.stmts.upsert.run({
      sessionId: s.sessionId,
      platform: s.platform,
      startedAt: s.startedAt,
      lastAt: s.lastEventAt,
      outcome: s.outcome,
      intent: s.intent,
      transferred: s.transferred ? 1 : 0,
      number: s.caller.number,
      summary: JSON.stringify(s),
    });
  }

  /**
   * Write derived session rows directly, in one transaction, without their
   * events: for benchmarks that need months of sessions in seconds, and for
   * repair tools. Ingest never uses it.
   */
  putSessions(summaries: Iterable<SessionSummary>): number {
    return this.db.transaction(() => {
      let n = 0;
      for (const s of summaries) {
        this.writeSession(s);
        n++;
      }
      return n;
    })();
  }

  /** Events with cursor > `cursor`, oldest first. */
  readAfter(cursor: number, limit: number): StoredEvent[] {
    return this.stmts.after.all(cursor, limit);
  }

  listSessions(q: SessionQuery): { sessions: SessionSummary[]; next: string | null } {
    const { sql, params } = listQuery(q);
    let stmt = this.listCache.get(sql);
    if (!stmt) this.listCache.set(sql, (stmt = this.db.prepare(sql)));
    const rows = stmt.all(...params) as { id: number; summary: string }[];
    const page = rows.slice(0, q.limit);
    const sessions = page.map((r) => JSON.parse(r.summary) as SessionSummary);
    const last = sessions[sessions.length - 1];
    return { sessions, next: rows.length > q.limit && last ? encodePageToken(last.startedAt, page[page.length - 1]!.id) : null };
  }

  getSession(sessionId: string): { session: SessionSummary; events: StoredEvent[] } | null {
    const row = this.stmts.session.get(sessionId);
    if (!row) return null;
    return { session: JSON.parse(row.summary) as SessionSummary, events: this.stmts.sessionEvents.all(sessionId) };
  }

  /**
   * Store a supervisor's note for the platform that owns the session. The
   * session's state is read in the same transaction, so a note never lands on
   * a session that ended between the check and the write.
   */
  addGuidance(sessionId: string, text: string, sentBy: string, at: Date): AddGuidanceResult {
    return this.db.transaction((): AddGuidanceResult => {
      const row = this.stmts.session.get(sessionId);
      if (!row) return { ok: false, reason: 'not-found' };
      if ((JSON.parse(row.summary) as SessionSummary).endedAt !== null) return { ok: false, reason: 'ended' };
      const info = this.stmts.addGuidance.run(sessionId, row.platform, text, sentBy, at.toISOString());
      return { ok: true, id: Number(info.lastInsertRowid), platform: row.platform };
    })();
  }

  /** The platform's guidance with id > `after`, oldest first. */
  guidanceAfter(platform: string, after: number, limit: number): StoredGuidance[] {
    return this.stmts.guidanceAfter.all(platform, after, limit);
  }

  /**
   * Store one emergency alert unless its emergency id is stored already;
   * committed (synchronous=FULL) when this returns. A repeat keeps the stored
   * alert and says whether its body differs.
   */
  addAlert(emergencyId: string, platform: string, body: string, at: Date): AddAlertResult {
    return this.db.transaction((): AddAlertResult => {
      const stored = this.stmts.alertById.get(emergencyId);
      if (stored) return { id: stored.id, receivedAt: stored.receivedAt, duplicate: true, differs: stored.body !== body };
      const receivedAt = at.toISOString();
      const info = this.stmts.addAlert.run(emergencyId, platform, receivedAt, body);
      return { id: Number(info.lastInsertRowid), receivedAt, duplicate: false };
    })();
  }

  /** The newest `limit` alerts, newest (last received) first. */
  latestAlerts(limit: number): AlertRow[] {
    return this.stmts.latestAlerts.all(limit);
  }

  /** Retention: drop sessions whose last event is older than `date`, with their events. Cursors are not reused. */
  pruneBefore(date: Date): { sessions: number; events: number } {
    const cutoff = date.toISOString();
    return this.db.transaction(() => {
      this.stmts.pruneGuidance.run(cutoff);
      const events = this.stmts.pruneEvents.run(cutoff).changes;
      const sessions = this.stmts.pruneSessions.run(cutoff).changes;
      return { sessions, events };
    })();
  }

  /**
   * Erasure (privacy.eraseNumber): every session whose caller number, as
   * session.started gave it or as a transfer context names it, `matches`,
   * with all its events and guidance.
   */
  eraseCallerNumber(matches: (number: string) => boolean): ErasedSessions {
    return eraseCallerSessions(this.db, matches);
  }

  /**
   * The same on the database file, over a connection of its own, for a host
   * that holds no FeedStore (the hub owns its connection; SQLite's WAL lets
   * both write, one at a time). Nothing to do when the file does not exist.
   */
  static eraseCallerNumberInFile(file: string, matches: (number: string) => boolean): ErasedSessions {
    if (!fs.existsSync(file)) return { sessions: 0, events: 0 };
    const db = new Database(file, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > FEED_SCHEMA_VERSION) throw new Error(`${file} was written by a newer Warmline (schema ${version})`);
      const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('sessions', 'events')").all();
      if (tables.length < 2) return { sessions: 0, events: 0 };
      return eraseCallerSessions(db, matches);
    } finally {
      db.close();
    }
  }

  /** The query plan of a list query, for tests that keep lists on their indexes. */
  explainList(q: SessionQuery): string[] {
    const { sql, params } = listQuery(q);
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => p.detail);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private ensureFeedId(): string {
    const row = this.db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'feed_id'").get();
    if (row) return row.value;
    const id = crypto.randomUUID();
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('feed_id', ?)").run(id);
    return id;
  }
}

export type ErasedSessions = { sessions: number; events: number };

function eraseCallerSessions(db: Database.Database, matches: (number: string) => boolean): ErasedSessions {
  // Per connection: the erased rows' bytes are overwritten on disk, not just unlinked.
  db.pragma('secure_delete = ON');
  const erased = db.transaction((): ErasedSessions => {
    const ids = new Set<string>();
    for (const r of db.prepare<[], { session_id: string; n: string }>('SELECT session_id, caller_number AS n FROM sessions WHERE caller_number IS NOT NULL').iterate()) {
      if (matches(r.n)) ids.add(r.session_id);
    }
    // A transfer context can name the caller when session.started did not (or named another line).
    const inContexts = db.prepare<[], { session_id: string; n: unknown }>(
      `SELECT session_id, json_extract(body, '$.context.caller.number') AS n FROM events
       WHERE json_extract(body, '$.type') = 'transfer.requested' AND json_extract(body, '$.context.caller.number') IS NOT NULL`,
    );
    for (const r of inContexts.iterate()) if (typeof r.n === 'string' && matches(r.n)) ids.add(r.session_id);
    let events = 0;
    const hasGuidance = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'guidance'").get() !== undefined;
    const delGuidance = hasGuidance ? db.prepare('DELETE FROM guidance WHERE session_id = ?') : null;
    const delEvents = db.prepare('DELETE FROM events WHERE session_id = ?');
    const delSession = db.prepare('DELETE FROM sessions WHERE session_id = ?');
    for (const id of ids) {
      delGuidance?.run(id);
      events += delEvents.run(id).changes;
      delSession.run(id);
    }
    return { sessions: ids.size, events };
  })();
  // Old page images stay in the WAL until a checkpoint; best effort while the hub reads.
  if (erased.sessions) db.pragma('wal_checkpoint(TRUNCATE)');
  return erased;
}


/** One page of sessions, newest first; one row more than the page tells whether there is a next one. */
function listQuery(q: SessionQuery): { sql: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const filter = (clause: string, ...values: (string | number)[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (q.from) filter('started_at >= ?', toUtc(q.from));
  if (q.to) filter('started_at < ?', toUtc(q.to));
  if (q.outcome === 'open') filter('outcome IS NULL');
  else if (q.outcome) filter('outcome = ?', q.outcome);
  if (q.intent) filter('intent = ?', q.intent);
  if (q.transferred !== undefined) filter('transferred = ?', q.transferred ? 1 : 0);
  if (q.number) filter('caller_number = ?', q.number);
  if (q.before) {
    const [startedAt, id] = decodePageToken(q.before);
    filter('(started_at, id) < (?, ?)', startedAt, id);
  }
  const sql = `SELECT id, summary FROM sessions ${where.length ? `WHERE ${where.join(' AND ')} ` : ''}ORDER BY started_at DESC, id DESC LIMIT ?`;
  return { sql, params: [...params, q.limit + 1] };
}

function encodePageToken(startedAt: string, id: number): string {
  return Buffer.from(JSON.stringify([startedAt, id]), 'utf8').toString('base64url');
}

/** A token this hub did not make is refused (400 naming `before`), never an error deep in SQL. */
function decodePageToken(token: string): [string, number] {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && Number.isSafeInteger(v[1])) return [v[0], v[1] as number];
  } catch {
    /* fall through */
  }
  throw new BadPageToken();
}

export class BadPageToken extends Error {
  constructor() {
    super('before is not a page token from this hub: pass the "next" value of the previous page.');
  }
}
