import { CDR_CSV_COLUMNS, type CdrCsvColumn } from './cdr-csv';

/**
 * The export's rows as SQLite hands them over: one string per row instead
 * of thirty columns. Reading a column into JavaScript costs about as much
 * as SQLite's work on the whole row, so this is the difference between
 * ~2.5 s and well under a second for 100k rows (BENCHMARKS.md "CDR export").
 *
 * JSON: the finished object (JSON_OBJECT_SQL). CSV: the row's values joined
 * by commas as they are (CSV_JOINED_SQL), which for nearly every row already
 * is its CSV line; isPlainCsvLine tells which, and the others are made by
 * csvRow from CSV_VALUES_SQL (cdr-export.ts). The cells are csvCell's
 * (cdr-csv.ts), one rule in one place.
 */

const bool = (x: string) => `(CASE WHEN ${x} THEN json('true') ELSE json('false') END)`;
/** Talk time in whole seconds, rounded as Math.round does for these non-negative values. */
const DURATION_SEC = '((duration_ms + 500) / 1000)';

/** How a value reads in the joined line: text as it is, a number as SQLite prints it, a boolean as true or false. */
type CellKind = 'text' | 'number' | 'bool';
const num = (sql: string) => ({ sql, kind: 'number' as const });
const flag = (sql: string) => ({ sql, kind: 'bool' as const });

const CSV_VALUE: Record<CdrCsvColumn, string | { sql: string; kind: CellKind }> = {
  id: 'call_id',
  state: 'state',
  direction: 'direction',
  from: 'from_addr',
  to: 'to_addr',
  remoteName: 'remote_name',
  provider: 'provider',
  providerName: 'provider_name',
  agent: 'agent',
  startedAt: 'started_at',
  answeredAt: 'answered_at',
  endedAt: 'ended_at',
  durationSec: num(DURATION_SEC),
  outcome: 'outcome',
  hangupCause: 'hangup_cause',
  sipStatus: num('sip_status'),
  codec: 'codec',
  // NUMERIC columns: a whole number reads as 4, as JavaScript prints it, not 4.0.
  mos: num('avg_mos'),
  minMos: num('min_mos'),
  maxJitterMs: num('max_jitter_ms'),
  lossPct: num('loss_pct'),
  emergency: flag('emergency'),
  consent: 'consent',
  recording: 'recording',
  tollFree: flag('toll_free'),
  billedSeconds: num('billed_seconds'),
  cost: 'cost',
  currency: 'currency',
  interruptedAt: 'interrupted_at',
  aiSessionId: 'ai_session_id',
  contextId: 'context_id',
  transferredFrom: 'transferred_from',
  transferredTo: 'transferred_to',
  notes: 'notes',
};

const CELLS = CDR_CSV_COLUMNS.map((c) => {
  const v = CSV_VALUE[c];
  return typeof v === 'string' ? { sql: v, kind: 'text' as const } : v;
});

/** A row's CSV values, in CDR_CSV_COLUMNS order, as one JSON array (what csvRow takes). */
export const CSV_VALUES_SQL = `json_array(${CELLS.map(({ sql, kind }) => (kind === 'bool' ? bool(sql) : sql)).join(', ')})`;

/**
 * The same values joined by commas, with CR LF: NULL as nothing, a number as
 * SQLite prints it (4, 3.57; 0.1 + 0.2 as 0.30000000000000004, 1e-7 as
 * 1.0e-07), a boolean as true or false. The CSV line when isPlainCsvLine
 * says so; about as much work for SQLite as the JSON array, and none for
 * JavaScript but one regular expression.
 */
export const CSV_JOINED_SQL = `concat(${CELLS.map(({ sql, kind }) => (kind === 'bool' ? `(CASE WHEN ${sql} THEN 'true' ELSE 'false' END)` : sql)).join(", ',', ")}, char(13, 10))`;

/**
 * Cells csvCell hands back unchanged, so that a joined line made only of
 * them is csvRow of its values. Text: none of " , CR LF, and not = + - @ tab
 * first, unless it is a plain number ("+1 (415) 555-0100", PLAIN_NUMBER in
 * cdr-csv.ts). Number: only what JavaScript prints the same, at most 15
 * significant digits and no exponent (0, -12, 3.57, 0.000123: no other
 * decimal of 15 digits or fewer reads as that double, so String(Number(s))
 * is s); SQLite's 0.30000000000000004 or 1.0e-07 are left to csvRow.
 * Empty for NULL. Thirty-four cells exactly: a comma inside a value makes
 * one more, and the line fails.
 */
const TEXT_CELL = String.raw`(?:[^=+\-@\t",\r\n][^",\r\n]*|[+-][\d ().-]*)?`;
const NUMBER_CELL = String.raw`(?:0|-?[1-9]\d{0,14}|-?(?:0|[1-9]\d{0,8})\.\d{0,5}[1-9])?`;
const BOOL_CELL = '(?:true|false)';
const PLAIN_LINE = new RegExp(`^${CELLS.map(({ kind }) => (kind === 'text' ? TEXT_CELL : kind === 'number' ? NUMBER_CELL : BOOL_CELL)).join(',')}\r\n$`);

/** Whether a CSV_JOINED_SQL line is already the row's CSV line (csvRow of CSV_VALUES_SQL's values). */
export const isPlainCsvLine = (joined: string): boolean => PLAIN_LINE.test(joined);


/** One JSON object per row, the contract's Cdr (CdrSchema) with its context. */
export const JSON_OBJECT_SQL = `json_object(
  'id', call_id, 'state', state, 'direction', direction, 'from', from_addr, 'to', to_addr, 'remoteName', remote_name,
  'provider', provider, 'providerName', provider_name, 'agent', agent, 'startedAt', started_at, 'answeredAt', answered_at,
  'endedAt', ended_at, 'durationSec', ${DURATION_SEC}, 'outcome', outcome, 'hangupCause', hangup_cause, 'sipStatus', sip_status,
  'codec', codec, 'quality', json_extract(extra, '$.quality'), 'transfer', json_extract(extra, '$.transfer'), 'context', json(context),
  'notes', notes, 'emergency', ${bool('emergency')}, 'consent', consent, 'recording', recording, 'tollFree', ${bool('toll_free')},
  'billedSeconds', billed_seconds, 'cost', cost, 'currency', currency, 'interruptedAt', interrupted_at)`;
