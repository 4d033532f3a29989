import type { Cdr } from '../../../shared/contract/cdr';

/** The CDR export's CSV (RFC 4180): its columns and how a value becomes a cell. */

/** Stable names: spreadsheets and scripts address columns by them. Add at the end, never rename. */
export const CDR_CSV_COLUMNS = [
  'id',
  'state',
  'direction',
  'from',
  'to',
  'remoteName',
  'provider',
  'providerName',
  'agent',
  'startedAt',
  'answeredAt',
  'endedAt',
  'durationSec',
  'outcome',
  'hangupCause',
  'sipStatus',
  'codec',
  'mos',
  'minMos',
  'maxJitterMs',
  'lossPct',
  'emergency',
  'consent',
  'recording',
  'tollFree',
  'billedSeconds',
  'cost',
  'currency',
  'interruptedAt',
  'aiSessionId',
  'contextId',
  'transferredFrom',
  'transferredTo',
  'notes',
] as const;
export type CdrCsvColumn = (typeof CDR_CSV_COLUMNS)[number];

export type Cell = string | number | boolean | null;

export function csvValues(c: Cdr): Record<CdrCsvColumn, Cell> {
  return {
    id: c.id,
    state: c.state,
    direction: c.direction,
    from: c.from,
    to: c.to,
    remoteName: c.remoteName,
    provider: c.provider,
    providerName: c.providerName,
    agent: c.agent,
    startedAt: c.startedAt,
    answeredAt: c.answeredAt,
    endedAt: c.endedAt,
    durationSec: c.durationSec,
    outcome: c.outcome,
    hangupCause: c.hangupCause,
    sipStatus: c.sipStatus,
    codec: c.codec,
    mos: c.quality?.avgMos ?? null,
    minMos: c.quality?.minMos ?? null,
    maxJitterMs: c.quality?.maxJitterMs ?? null,
    lossPct: c.quality?.lossPct ?? null,
    emergency: c.emergency,
    consent: c.consent,
    recording: c.recording,
    tollFree: c.tollFree,
    billedSeconds: c.billedSeconds,
    cost: c.cost,
    currency: c.currency,
    interruptedAt: c.interruptedAt,
    aiSessionId: c.transfer?.aiSessionId ?? null,
    contextId: c.transfer?.contextId ?? null,
    transferredFrom: c.transfer?.transferredFrom ?? null,
    transferredTo: c.transfer?.transferredTo ?? null,
    notes: c.notes,
  };
}

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab/CR) as a
 * formula, and CDR text comes from callers and AI platforms (a caller name
 * "=HYPERLINK(...)"). Such cells get a leading single quote (OWASP's advice),
 * except phone numbers and numbers: "+14155550100", "+1 (415) 555-0100" and
 * "-3" stay as they are, so they survive a round trip and billing scripts
 * read them unchanged. Without letters, | or quotes a formula can only do
 * arithmetic on literals: nothing to inject.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-][\d ().-]*$/;

/** Anything csvCell has to look at twice; most cells have none of it (one test, the fast path). */
const SPECIAL = /^[=+\-@\t\r]|[",\r\n]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: Cell): string {
  if (typeof value !== 'string') return value === null ? '' : String(value);
  if (!SPECIAL.test(value)) return value;
  const text = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvHeader = (): string => `${CDR_CSV_COLUMNS.join(',')}\r\n`;

/**
 * One line from the values in CDR_CSV_COLUMNS order. The export takes SQLite's
 * comma-joined values as the line where every cell is one csvCell returns
 * unchanged (isPlainCsvLine, cdr-export-sql.ts) and calls this for the rest:
 * a change to csvCell's rule goes there too (cdr-export.property.test.ts holds
 * the two to the same output).
 */
export function csvRow(values: readonly Cell[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i ? ',' : '') + csvCell(values[i] ?? null);
  return `${line}\r\n`;
}

/** One record's line. */
export function csvLine(c: Cdr): string {
  const v = csvValues(c);
  return csvRow(CDR_CSV_COLUMNS.map((k) => v[k]));
}

