import { CDR_CSV_COLUMNS, type CdrCsvColumn } from './cdr-csv';

/**
 * The export's rows as SQLite hands them over: one string per row (a JSON
 * array of the CSV values, or the finished JSON object) instead of thirty
 * columns and a JSON document to parse and write again. Reading a column
 * into JavaScript costs about as much as SQLite's JSON encoding of the whole
 * row, so this is the difference between ~2.5 s and well under a second for
 * 100k rows (BENCHMARKS.md "CDR export"). The CSV cells themselves are made
 * by csvCell (cdr-csv.ts), one rule in one place.
 */

const bool = (x: string) => `(CASE WHEN ${x} THEN json('true') ELSE json('false') END)`;
/** Talk time in whole seconds, rounded as Math.round does for these non-negative values. */
const DURATION_SEC = '((duration_ms + 500) / 1000)';

const CSV_VALUE: Record<CdrCsvColumn, string> = {
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
  durationSec: DURATION_SEC,
  outcome: 'outcome',
  hangupCause: 'hangup_cause',
  sipStatus: 'sip_status',
  codec: 'codec',
  // NUMERIC columns: a whole number reads as 4, as JavaScript prints it, not 4.0.
  mos: 'avg_mos',
  minMos: 'min_mos',
  maxJitterMs: 'max_jitter_ms',
  lossPct: 'loss_pct',
  emergency: bool('emergency'),
  consent: 'consent',
  recording: 'recording',
  tollFree: bool('toll_free'),
  billedSeconds: 'billed_seconds',
  cost: 'cost',
  currency: 'currency',
  interruptedAt: 'interrupted_at',
  aiSessionId: 'ai_session_id',
  contextId: 'context_id',
  transferredFrom: 'transferred_from',
  transferredTo: 'transferred_to',
  notes: 'notes',
};

/** A row's CSV values, in CDR_CSV_COLUMNS order, as one JSON array. */
export const CSV_VALUES_SQL = `json_array(${CDR_CSV_COLUMNS.map((c) => CSV_VALUE[c]).join(', ')})`;


/** One JSON object per row, the contract's Cdr (CdrSchema) with its context. */
export const JSON_OBJECT_SQL = `json_object(
  'id', call_id, 'state', state, 'direction', direction, 'from', from_addr, 'to', to_addr, 'remoteName', remote_name,
  'provider', provider, 'providerName', provider_name, 'agent', agent, 'startedAt', started_at, 'answeredAt', answered_at,
  'endedAt', ended_at, 'durationSec', ${DURATION_SEC}, 'outcome', outcome, 'hangupCause', hangup_cause, 'sipStatus', sip_status,
  'codec', codec, 'quality', json_extract(extra, '$.quality'), 'transfer', json_extract(extra, '$.transfer'), 'context', json(context),
  'notes', notes, 'emergency', ${bool('emergency')}, 'consent', consent, 'recording', recording, 'tollFree', ${bool('toll_free')},
  'billedSeconds', billed_seconds, 'cost', cost, 'currency', currency, 'interruptedAt', interrupted_at)`;
