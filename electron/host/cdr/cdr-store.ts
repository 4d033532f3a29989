import Database from 'better-sqlite3';
import type { CdrFilter } from '../../../shared/contract/cdr';
import { describeSqliteError, openSqliteOrMoveAside, type SqliteOpenOutcome } from '../sqlite-open';
import { csvRow, type Cell } from './cdr-csv';
import { CSV_VALUES_SQL, JSON_OBJECT_SQL } from './cdr-export-sql';
import type { StoredCdr } from './cdr-record';
import { digitsOf, numberKey } from './number-key';

/**
 * Call detail records in `<dataDir>/cdr.sqlite`, one row per call. The fields
 * people filter on are columns with indexes; the nested ones (quality,
 * transfer) and the transfer context are JSON. WAL with synchronous=FULL: a
 * record is acknowledged to the renderer only once its transaction is on disk,
 * so a crash or power cut loses nothing acknowledged. secure_delete: pruned and
 * erased rows are overwritten on disk, not merely unlinked from the b-tree.
 */
export const CDR_SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cdrs (
  id INTEGER PRIMARY KEY,
  call_id TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL,
  direction TEXT NOT NULL,
  remote TEXT NOT NULL,
  from_addr TEXT NOT NULL,
  to_addr TEXT NOT NULL,
  remote_name TEXT NOT NULL,
  provider TEXT NOT NULL,
  provider_name TEXT NOT NULL,
  agent TEXT NOT NULL COLLATE NOCASE,
  started_at TEXT NOT NULL,
  answered_at TEXT,
  ended_at TEXT,
  duration_ms INTEGER NOT NULL,
  outcome TEXT,
  hangup_cause TEXT NOT NULL,
  sip_status INTEGER,
  codec TEXT,
  -- NUMERIC: a whole value is stored as an integer, so it reads back as 4, not 4.0 (the CSV prints it).
  avg_mos NUMERIC,
  min_mos NUMERIC,
  max_jitter_ms NUMERIC,
  loss_pct NUMERIC,
  ai_session_id TEXT,
  context_id TEXT,
  transferred_from TEXT,
  transferred_to TEXT,
  notes TEXT NOT NULL,
  emergency INTEGER NOT NULL,
  consent TEXT NOT NULL,
  recording TEXT NOT NULL,
  toll_free INTEGER NOT NULL,
  billed_seconds INTEGER,
  cost TEXT,
  currency TEXT,
  interrupted_at TEXT,
  -- The quality summary and transfer as JSON (the scalar columns above repeat what exports and filters read).
  extra TEXT NOT NULL,
  context TEXT
);
-- Each filter's index ends in started_at, so a filtered page is an index range read newest first.
CREATE INDEX IF NOT EXISTS cdrs_by_start ON cdrs (started_at);
CREATE INDEX IF NOT EXISTS cdrs_by_agent ON cdrs (agent, started_at);
CREATE INDEX IF NOT EXISTS cdrs_by_provider ON cdrs (provider, started_at);
CREATE INDEX IF NOT EXISTS cdrs_by_outcome ON cdrs (outcome, started_at);
CREATE INDEX IF NOT EXISTS cdrs_by_state ON cdrs (state, started_at);
`;

type Row = {
  call_id: string;
  state: StoredCdr['state'];
  direction: StoredCdr['direction'];
  remote: string;
  from_addr: string;
  to_addr: string;
  remote_name: string;
  provider: string;
  provider_name: string;
  agent: string;
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
  duration_ms: number;
  outcome: StoredCdr['outcome'];
  hangup_cause: string;
  sip_status: number | null;
  codec: string | null;
  avg_mos: number | null;
  min_mos: number | null;
  max_jitter_ms: number | null;
  loss_pct: number | null;
  ai_session_id: string | null;
  context_id: string | null;
  transferred_from: string | null;
  transferred_to: string | null;
  notes: string;
  emergency: number;
  consent: StoredCdr['consent'];
  recording: StoredCdr['recording'];
  toll_free: number;
  billed_seconds: number | null;
  cost: string | null;
  currency: string | null;
  interrupted_at: string | null;
  extra: string;
  context?: string | null;
};

const LEAN_COLUMNS = `call_id, state, direction, remote, from_addr, to_addr, remote_name, provider, provider_name, agent, started_at,
  answered_at, ended_at, duration_ms, outcome, hangup_cause, sip_status, codec, avg_mos, min_mos, max_jitter_ms, loss_pct, ai_session_id,
  context_id, transferred_from, transferred_to, notes, emergency, consent, recording, toll_free, billed_seconds, cost, currency,
  interrupted_at, extra`;
const ALL_COLUMNS = `${LEAN_COLUMNS}, context`;

function toParams(c: StoredCdr): Row {
  return {
    call_id: c.id,
    state: c.state,
    direction: c.direction,
    remote: c.remote,
    from_addr: c.from,
    to_addr: c.to,
    remote_name: c.remoteName,
    provider: c.provider,
    provider_name: c.providerName,
    agent: c.agent,
    started_at: c.startedAt,
    answered_at: c.answeredAt,
    ended_at: c.endedAt,
    duration_ms: Math.round(c.durationMs),
    outcome: c.outcome,
    hangup_cause: c.hangupCause,
    sip_status: c.sipStatus,
    codec: c.codec,
    avg_mos: c.quality?.avgMos ?? null,
    min_mos: c.quality?.minMos ?? null,
    max_jitter_ms: c.quality?.maxJitterMs ?? null,
    loss_pct: c.quality?.lossPct ?? null,
    ai_session_id: c.transfer?.aiSessionId ?? null,
    context_id: c.transfer?.contextId ?? null,
    transferred_from: c.transfer?.transferredFrom ?? null,
    transferred_to: c.transfer?.transferredTo ?? null,
    notes: c.notes,
    emergency: c.emergency ? 1 : 0,
    consent: c.consent,
    recording: c.recording,
    toll_free: c.tollFree ? 1 : 0,
    billed_seconds: c.billedSeconds,
    cost: c.cost,
    currency: c.currency,
    interrupted_at: c.interruptedAt,
    extra: JSON.stringify({ quality: c.quality, transfer: c.transfer }),
    context: c.context ? JSON.stringify(c.context) : null,
  };
}

/** A stored row as a record. Rows read without their context (LEAN_COLUMNS) come back with context null. */
export function rowToCdr(r: Row): StoredCdr {
  const extra = JSON.parse(r.extra) as Pick<StoredCdr, 'quality' | 'transfer'>;
  return {
    id: r.call_id,
    state: r.state,
    direction: r.direction,
    remote: r.remote,
    from: r.from_addr,
    to: r.to_addr,
    remoteName: r.remote_name,
    provider: r.provider,
    providerName: r.provider_name,
    agent: r.agent,
    startedAt: r.started_at,
    answeredAt: r.answered_at,
    endedAt: r.ended_at,
    durationSec: Math.round(r.duration_ms / 1000),
    durationMs: r.duration_ms,
    outcome: r.outcome,
    hangupCause: r.hangup_cause,
    sipStatus: r.sip_status,
    codec: r.codec,
    quality: extra.quality ?? null,
    transfer: extra.transfer ?? null,
    context: r.context ? (JSON.parse(r.context) as StoredCdr['context']) : null,
    notes: r.notes,
    emergency: r.emergency === 1,
    consent: r.consent,
    recording: r.recording,
    tollFree: r.toll_free === 1,
    billedSeconds: r.billed_seconds,
    cost: r.cost,
    currency: r.currency,
    interruptedAt: r.interrupted_at,
  };
}

/** SQL functions both connections (the store's and an export's) use. */
function registerFunctions(db: Database.Database): void {
  db.function('number_key', { deterministic: true }, (v: unknown) => numberKey(typeof v === 'string' ? v : null));
  db.function('digits_of', { deterministic: true }, (v: unknown) => digitsOf(typeof v === 'string' ? v : null));
}

const PHONE_LIKE = /^[+\d\s().-]+$/;
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** WHERE clause of a filter (empty string for none) and its parameters. */
export function whereOf(f: CdrFilter): { sql: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const add = (clause: string, ...values: (string | number)[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (f.from) add('started_at >= ?', new Date(f.from).toISOString());
  if (f.to) add('started_at < ?', new Date(f.to).toISOString());
  if (f.agent !== undefined) add('agent = ?', f.agent.trim());
  if (f.provider !== undefined) add('provider = ?', f.provider);
  if (f.outcome === 'interrupted') add("state = 'interrupted'");
  else if (f.outcome !== undefined) add('outcome = ?', f.outcome);
  if (f.mosBelow !== undefined) add('avg_mos < ?', f.mosBelow);
  const n = f.number?.trim();
  if (n) {
    const digits = digitsOf(n);
    // "(415) 555" finds +14155550100: digits against digits; anything else as text.
    if (PHONE_LIKE.test(n) && digits.length > 0) add('(digits_of(from_addr) LIKE ? OR digits_of(to_addr) LIKE ?)', `%${digits}%`, `%${digits}%`);
    else add("(from_addr LIKE ? ESCAPE '\\' OR to_addr LIKE ? ESCAPE '\\')", `%${likeEscape(n)}%`, `%${likeEscape(n)}%`);
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export type CdrOpenOutcome = SqliteOpenOutcome<CdrStore>;

/** One call's billing facts, for reconciliation. */
export type BillableRow = { id: string; state: StoredCdr['state']; provider: string; providerName: string; direction: StoredCdr['direction']; tollFree: boolean; durationMs: number };

export class CdrStore {
  private readonly stmts;
  private readonly putTx: (c: StoredCdr) => void;

  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
  ) {
    const put = db.prepare(
      `INSERT INTO cdrs (${ALL_COLUMNS}) VALUES (@call_id, @state, @direction, @remote, @from_addr, @to_addr, @remote_name, @provider,
        @provider_name, @agent, @started_at, @answered_at, @ended_at, @duration_ms, @outcome, @hangup_cause, @sip_status, @codec, @avg_mos,
        @min_mos, @max_jitter_ms, @loss_pct, @ai_session_id, @context_id, @transferred_from, @transferred_to, @notes, @emergency, @consent, @recording, @toll_free, @billed_seconds, @cost, @currency, @interrupted_at, @extra, @context)
       ON CONFLICT (call_id) DO UPDATE SET state = excluded.state, direction = excluded.direction, remote = excluded.remote,
        from_addr = excluded.from_addr, to_addr = excluded.to_addr, remote_name = excluded.remote_name, provider = excluded.provider,
        provider_name = excluded.provider_name, agent = excluded.agent, started_at = excluded.started_at, answered_at = excluded.answered_at,
        ended_at = excluded.ended_at, duration_ms = excluded.duration_ms, outcome = excluded.outcome, hangup_cause = excluded.hangup_cause,
        sip_status = excluded.sip_status, codec = excluded.codec, avg_mos = excluded.avg_mos, min_mos = excluded.min_mos,
        max_jitter_ms = excluded.max_jitter_ms, loss_pct = excluded.loss_pct, ai_session_id = excluded.ai_session_id,
        context_id = excluded.context_id, transferred_from = excluded.transferred_from, transferred_to = excluded.transferred_to, notes = excluded.notes,
        emergency = excluded.emergency, consent = excluded.consent, recording = excluded.recording, toll_free = excluded.toll_free,
        billed_seconds = excluded.billed_seconds, cost = excluded.cost, currency = excluded.currency,
        interrupted_at = excluded.interrupted_at, extra = excluded.extra, context = excluded.context`,
    );
    this.stmts = {
      put,
      get: db.prepare<[string], Row>(`SELECT ${ALL_COLUMNS} FROM cdrs WHERE call_id = ?`),
      notes: db.prepare<[string, string]>('UPDATE cdrs SET notes = ? WHERE call_id = ?'),
      history: db.prepare<[number], Row>(`SELECT ${ALL_COLUMNS} FROM cdrs WHERE state <> 'in-progress' ORDER BY started_at DESC, id DESC LIMIT ?`),
      inProgress: db.prepare<[], { call_id: string }>("SELECT call_id FROM cdrs WHERE state = 'in-progress'"),
      interrupt: db.prepare<[string]>("UPDATE cdrs SET state = 'interrupted', interrupted_at = ? WHERE state = 'in-progress'"),
      metaGet: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      metaSet: db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      expired: db.prepare<[string], { call_id: string }>("SELECT call_id FROM cdrs WHERE state <> 'in-progress' AND started_at < ?"),
      prune: db.prepare<[string]>("DELETE FROM cdrs WHERE state <> 'in-progress' AND started_at < ?"),
      matching: db.prepare<[string, string, string], { call_id: string }>(
        `SELECT call_id FROM cdrs WHERE number_key(from_addr) = ? OR number_key(to_addr) = ?
           OR number_key(json_extract(context, '$.caller.number')) = ?`,
      ),
      deleteOne: db.prepare<[string]>('DELETE FROM cdrs WHERE call_id = ?'),
    };
    this.putTx = db.transaction((c: StoredCdr) => void this.stmts.put.run(toParams(c)));
  }

  /**
   * Open (or create) the database. One SQLite cannot read is moved aside with
   * its WAL and a fresh one is created; the caller reports it. One written by
   * a newer Warmline is left untouched and the caller runs without.
   */
  static open(file: string, now = new Date()): CdrOpenOutcome {
    return openSqliteOrMoveAside(file, now, (f) => CdrStore.tryOpen(f));
  }

  private static tryOpen(file: string): { ok: true; store: CdrStore } | { ok: false; reason: string; newer: boolean } {
    let db: Database.Database | null = null;
    try {
      db = new Database(file);
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > CDR_SCHEMA_VERSION) {
        db.close();
        return { ok: false, newer: true, reason: `${file} was written by a newer Warmline (schema ${version}); it is left untouched` };
      }
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('secure_delete = ON');
      db.pragma('busy_timeout = 2000');
      db.exec(SCHEMA);
      if (version < CDR_SCHEMA_VERSION) db.pragma(`user_version = ${CDR_SCHEMA_VERSION}`);
      // A cheap read of the table and an index: damage SQLite sees at open shows here.
      db.prepare('SELECT max(id) FROM cdrs').get();
      db.prepare('SELECT id FROM cdrs ORDER BY started_at DESC LIMIT 1').get();
      registerFunctions(db);
      return { ok: true, store: new CdrStore(db, file) };
    } catch (e) {
      try {
        db?.close();
      } catch {
        /* already unusable */
      }
      return { ok: false, newer: false, reason: describeSqliteError(e) };
    }
  }

  /**
   * A second, read-only connection for one long read (an export): it reads
   * one snapshot while this connection goes on storing calls. (better-sqlite3
   * refuses every other statement on a connection while an iterator is open.)
   */
  openReader(): CdrReader {
    return new CdrReader(this.file);
  }

  get(id: string): StoredCdr | null {
    const row = this.stmts.get.get(id);
    return row ? rowToCdr(row) : null;
  }

  /** Committed when it returns. */
  put(c: StoredCdr): void {
    this.putTx(c);
  }

  /** Read, decide, write in one transaction: `change` returns null to leave the row as it is. */
  update(id: string, change: (prior: StoredCdr | null) => StoredCdr | null): StoredCdr | null {
    return this.db.transaction(() => {
      const next = change(this.get(id));
      if (next) this.stmts.put.run(toParams(next));
      return next;
    })();
  }

  /** Many rows in one transaction (the JSONL import, benchmarks). */
  putMany(rows: Iterable<StoredCdr>, merge?: (next: StoredCdr, prior: StoredCdr | null) => StoredCdr | null): number {
    return this.db.transaction(() => {
      let n = 0;
      for (const c of rows) {
        const next = merge ? merge(c, this.get(c.id)) : c;
        if (!next) continue;
        this.stmts.put.run(toParams(next));
        n++;
      }
      return n;
    })();
  }

  updateNotes(id: string, notes: string): boolean {
    return this.stmts.notes.run(notes, id).changes > 0;
  }

  /** Calls that ended (or were interrupted), newest first: the history view's list. */
  history(limit: number): StoredCdr[] {
    return this.stmts.history.all(limit).map(rowToCdr);
  }

  query(filter: CdrFilter, limit: number, offset: number): { rows: StoredCdr[]; total: number } {
    const { sql, params } = whereOf(filter);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM cdrs ${sql}`).get(...params) as { n: number }).n;
    const rows = (
      this.db.prepare(`SELECT ${ALL_COLUMNS} FROM cdrs ${sql} ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?`).all(...params, limit, offset) as Row[]
    ).map(rowToCdr);
    return { rows, total };
  }

  /** Every call still in progress becomes interrupted (the host stopped under it); their ids. */
  markInterrupted(at: Date): string[] {
    return this.db.transaction(() => {
      const ids = this.stmts.inProgress.all().map((r) => r.call_id);
      if (ids.length) this.stmts.interrupt.run(at.toISOString());
      return ids;
    })();
  }

  /** Complete and interrupted calls that started in [from, to), for reconciliation. */
  billable(from: string | undefined, to: string | undefined): BillableRow[] {
    const { sql, params } = whereOf({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
    const rows = this.db
      .prepare(`SELECT call_id, state, provider, provider_name, direction, toll_free, duration_ms FROM cdrs ${sql ? `${sql} AND` : 'WHERE'} state <> 'in-progress' ORDER BY started_at, id`)
      .all(...params) as { call_id: string; state: StoredCdr['state']; provider: string; provider_name: string; direction: StoredCdr['direction']; toll_free: number; duration_ms: number }[];
    return rows.map((r) => ({ id: r.call_id, state: r.state, provider: r.provider, providerName: r.provider_name, direction: r.direction, tollFree: r.toll_free === 1, durationMs: r.duration_ms }));
  }

  /** Retention: delete complete and interrupted calls that started before `cutoff`; their ids. */
  pruneBefore(cutoff: Date): string[] {
    const at = cutoff.toISOString();
    return this.db.transaction(() => {
      const ids = this.stmts.expired.all(at).map((r) => r.call_id);
      if (ids.length) this.stmts.prune.run(at);
      return ids;
    })();
  }

  /** Erasure: delete every call whose from, to or context caller number has this key (number-key.ts); their ids. */
  eraseNumber(key: string): string[] {
    const ids = this.db.transaction(() => {
      const found = this.stmts.matching.all(key, key, key).map((r) => r.call_id);
      for (const id of found) this.stmts.deleteOne.run(id);
      return found;
    })();
    // Old page images of the erased rows stay in the WAL until a checkpoint copies the zeroed pages over them.
    if (ids.length) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return ids;
  }

  meta(key: string): string | null {
    return this.stmts.metaGet.get(key)?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.stmts.metaSet.run(key, value);
  }

  /** Run `fn` in one transaction (several writes that must land together). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** A read-only snapshot of the records for one export. */
export class CdrReader {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.db.pragma('busy_timeout = 2000');
    registerFunctions(this.db);
    // One read transaction: the count and the rows come from the same snapshot.
    this.db.exec('BEGIN');
  }

  count(filter: CdrFilter): number {
    const { sql, params } = whereOf(filter);
    return (this.db.prepare(`SELECT count(*) AS n FROM cdrs ${sql}`).get(...params) as { n: number }).n;
  }

  /** CSV lines (cdr-csv.ts columns), oldest first, one row at a time (stmt.iterate): memory stays flat however many rows match. */
  *csvLines(filter: CdrFilter): Generator<string> {
    for (const values of this.formatted(CSV_VALUES_SQL, filter)) yield csvRow(JSON.parse(values) as Cell[]);
  }

  /** JSON objects (CdrSchema, context included), oldest first, one row at a time. */
  jsonObjects(filter: CdrFilter): IterableIterator<string> {
    return this.formatted(JSON_OBJECT_SQL, filter);
  }

  private formatted(expr: string, filter: CdrFilter): IterableIterator<string> {
    const { sql, params } = whereOf(filter);
    return this.db.prepare(`SELECT ${expr} FROM cdrs ${sql} ORDER BY started_at, id`).pluck().iterate(...params) as IterableIterator<string>;
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

