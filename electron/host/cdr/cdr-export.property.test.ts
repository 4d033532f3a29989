import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CdrFilter } from '../../../shared/contract/cdr';
import { useTempDirs } from '../../test-support/temp-dir';
import { CDR_CSV_COLUMNS, csvCell, csvHeader, csvRow, type Cell } from './cdr-csv';
import { CsvSnapshot, startCdrExport } from './cdr-export';
import { isPlainCsvLine } from './cdr-export-sql';
import type { StoredCdr } from './cdr-record';
import { CdrStore } from './cdr-store';

/**
 * The CSV export takes SQLite's comma-joined values as a row's line when
 * isPlainCsvLine says every cell is one csvCell returns unchanged, and makes
 * the rest with csvRow. These hold that to csvRow's output byte for byte: on
 * the predicate alone, and through a real store against CdrReader.csvLines
 * (csvRow of every row's values, the export before the joined lines).
 */

const tempDir = useTempDirs();

/** Characters csvCell looks at, and some it must leave alone. */
const SPECIAL = ['"', ',', '\r', '\n', '\r\n', '=', '+', '-', '@', '\t', "'", ' ', '(', ')', '.', '0', '7', 'e', '|', '\0', '\u2028', 'é', '😀', '\uFFFD'];
const TYPICAL = ['', 'Dana Reyes', 'Reyes, Dana', 'say "hi"', '=HYPERLINK("x")', '@SUM(A1)', '+14155550100', '+1 (415) 555-0100', '-3', '-1+SUM(A1)', '+cmd', '-x', '+1 ext 5', '- (0).', '\t42', 'sip:+14155550100@pbx.example.com', '2026-09-01T08:00:00.000Z', 'null', 'true', '4.0'];
const text = fc.oneof(
  fc.constantFrom(...TYPICAL),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.array(fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 3 })), { maxLength: 8 }).map((xs) => xs.join('')),
);
const number = fc.oneof(
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.double(),
  fc.constantFrom(0, -0, 0.1 + 0.2, 1 / 3, 1e-7, 1e21, 2 ** 53, 2 ** 60, 3.57, 4, 45.3, Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity),
  fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 100),
);
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 4 });

/** The column kinds, as CSV_JOINED_SQL writes them. */
const NUMBER_COLUMNS = new Set(['durationSec', 'sipStatus', 'mos', 'minMos', 'maxJitterMs', 'lossPct', 'billedSeconds']);
const BOOL_COLUMNS = new Set(['emergency', 'tollFree']);

describe('isPlainCsvLine', () => {
  /** A row of values and the line they join to, numbers in any of the ways SQLite or JavaScript print them. */
  const row = fc.tuple(
    ...CDR_CSV_COLUMNS.map((c) =>
      NUMBER_COLUMNS.has(c)
        ? nullable(fc.tuple(number, fc.constantFrom('string', 'precision', 'exponential', 'fixed'), fc.integer({ min: 1, max: 17 }))).map((v) => {
            if (v === null) return { value: null as Cell, joined: '' };
            const [n, how, digits] = v;
            const joined = !Number.isFinite(n) || how === 'string' ? String(n) : how === 'precision' ? n.toPrecision(digits) : how === 'exponential' ? n.toExponential(digits) : Math.abs(n) < 1e21 ? n.toFixed(Math.min(digits, 10)) : String(n);
            return { value: Number(joined) as Cell, joined };
          })
        : BOOL_COLUMNS.has(c)
          ? fc.boolean().map((b) => ({ value: b as Cell, joined: String(b) }))
          : nullable(text).map((s) => ({ value: s as Cell, joined: s ?? '' })),
    ),
  );

  it('passes only lines that are csvRow of their values', () => {
    fc.assert(
      fc.property(row, (cells) => {
        const joined = `${cells.map((c) => c.joined).join(',')}\r\n`;
        if (isPlainCsvLine(joined)) expect(joined).toBe(csvRow(cells.map((c) => c.value)));
      }),
      { numRuns: 5000 },
    );
  });

  it('passes each cell csvCell leaves alone, so it is the common case', () => {
    const notes = (v: string) => `${CDR_CSV_COLUMNS.map((c) => (c === 'notes' ? v : c === 'emergency' || c === 'tollFree' ? 'false' : '')).join(',')}\r\n`;
    for (const v of ['Dana Reyes', '', '+14155550100', '+1 (415) 555-0100', '-3', 'sip:alice@pbx', 'héllo 😀']) expect([v, isPlainCsvLine(notes(v)), csvCell(v)]).toEqual([v, true, v]);
    for (const v of ['a,b', 'say "hi"', '=1+1', '@x', '\tx', 'two\nlines', '-1+SUM(A1)', '+cmd', '\rx']) expect([v, isPlainCsvLine(notes(v))]).toEqual([v, false]);
    const mos = (s: string) => `${CDR_CSV_COLUMNS.map((c) => (c === 'mos' ? s : c === 'emergency' || c === 'tollFree' ? 'false' : '')).join(',')}\r\n`;
    for (const s of ['4', '3.57', '-12', '0.000123', '123456789012345']) expect([s, isPlainCsvLine(mos(s))]).toEqual([s, true]);
    for (const s of ['4.0', '0.30000000000000004', '1.0e-07', '1e-7', 'Inf', '007', '-0', '.5', '1234567890123456']) expect([s, isPlainCsvLine(mos(s))]).toEqual([s, false]);
  });
});

describe('CSV export lines', () => {
  const T0 = Date.parse('2026-09-01T08:00:00Z');
  /** Arbitrary values in every column the CSV reads, a few starts shared (ties for the pages' keyset). */
  const record = fc.record({
    id: text,
    remoteName: text,
    from: text,
    to: text,
    provider: fc.constantFrom('twilio', 'telnyx', 'a,b'),
    providerName: text,
    agent: fc.constantFrom('Alice', 'Bob', '=cmd', 'Reyes, Dana'),
    start: fc.integer({ min: 0, max: 40 }),
    answeredAt: nullable(text),
    durationMs: fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.double({ min: 0, max: 1e7, noNaN: true })),
    outcome: fc.constantFrom('answered', 'missed', null),
    hangupCause: text,
    sipStatus: nullable(fc.oneof(fc.integer({ min: 100, max: 699 }), number)),
    codec: nullable(text),
    quality: nullable(fc.record({ avgMos: nullable(number), minMos: nullable(number), maxJitterMs: nullable(number), lossPct: nullable(number) })),
    transfer: nullable(fc.record({ aiSessionId: nullable(text), contextId: nullable(text), transferredFrom: nullable(text), transferredTo: nullable(text) })),
    notes: text,
    emergency: fc.boolean(),
    tollFree: fc.boolean(),
    billedSeconds: nullable(fc.oneof(fc.integer({ min: 0, max: 100_000 }), number)),
    cost: nullable(fc.oneof(text, fc.constantFrom('0.0085', '-0.5', '12'))),
    currency: nullable(text),
    interruptedAt: nullable(text),
  });

  type Generated = typeof record extends fc.Arbitrary<infer T> ? T : never;
  const toCdr = (r: Generated, i: number): StoredCdr =>
    ({
      id: `${r.id}#${i}`,
      state: 'complete',
      direction: 'inbound',
      remote: r.from,
      from: r.from,
      to: r.to,
      remoteName: r.remoteName,
      provider: r.provider,
      providerName: r.providerName,
      agent: r.agent,
      startedAt: new Date(T0 + r.start * 1000).toISOString(),
      answeredAt: r.answeredAt,
      endedAt: null,
      durationSec: Math.round(r.durationMs / 1000),
      durationMs: r.durationMs,
      outcome: r.outcome,
      hangupCause: r.hangupCause,
      sipStatus: r.sipStatus,
      codec: r.codec,
      quality: r.quality && { samples: 1, warningsRaised: [], path: null, codec: null, ...r.quality },
      transfer: r.transfer,
      context: null,
      notes: r.notes,
      emergency: r.emergency,
      consent: 'not-asked',
      recording: 'not-recorded',
      tollFree: r.tollFree,
      billedSeconds: r.billedSeconds,
      cost: r.cost,
      currency: r.currency,
      interruptedAt: r.interruptedAt,
    }) as StoredCdr;

  const filter = fc.constantFrom<CdrFilter>(
    {},
    { agent: 'bob' },
    { provider: 'a,b' },
    { from: new Date(T0 + 10_000).toISOString(), to: new Date(T0 + 30_000).toISOString() },
    { number: '555' },
    { mosBelow: 3.5 },
  );

  it('are csvRow of every row, in order, on any page size', () => {
    const dir = tempDir();
    let n = 0;
    fc.assert(
      fc.property(fc.array(record, { minLength: 0, maxLength: 25 }), filter, fc.integer({ min: 1, max: 7 }), (records, f, pageRows) => {
        const opened = CdrStore.open(path.join(dir, `cdr-${n++}.sqlite`));
        if (!opened.ok) throw new Error(opened.reason);
        const store = opened.store;
        try {
          store.putMany(records.map(toCdr));
          const reader = store.openReader();
          const snapshot = new CsvSnapshot(store.file, pageRows);
          try {
            // CdrReader.csvLines: csvRow(JSON.parse(CSV_VALUES_SQL)) for each row.
            const expected = [...reader.csvLines(f)];
            expect(snapshot.count(f)).toBe(expected.length);
            expect([...snapshot.csvLines(f)]).toEqual(expected);
          } finally {
            snapshot.close();
            reader.close();
          }
        } finally {
          store.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('make the same file through startCdrExport, a page boundary included', async () => {
    const dir = tempDir();
    const opened = CdrStore.open(path.join(dir, 'cdr.sqlite'));
    if (!opened.ok) throw new Error(opened.reason);
    const store = opened.store;
    try {
      const records = fc.sample(record, { numRuns: 2300, seed: 42 }).map(toCdr);
      store.putMany(records);
      const file = path.join(dir, 'out.csv');
      const { total, done } = startCdrExport({ store, filter: {}, format: 'csv', file });
      expect(await done).toBe(total);
      const reader = store.openReader();
      try {
        expect(fs.readFileSync(file, 'utf8')).toBe(csvHeader() + [...reader.csvLines({})].join(''));
      } finally {
        reader.close();
      }
    } finally {
      store.close();
    }
  });
});
