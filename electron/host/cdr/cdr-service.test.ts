import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { BillingSettingsSchema, CdrSchema, type Cdr } from '../../../shared/contract/cdr';
import type { EventPayload } from '../../../shared/contract/bridge';
import { sessionEvents } from '../../../shared/feed/test-support/feed-examples';
import { CallRecordSchema, type CallRecord } from '../../../shared/history/call-record';
import type { CallQualitySummary } from '../../../shared/quality/call-quality-summary';
import { SipAccountSchema } from '../../../shared/settings/account';
import type { Role } from '../../../shared/settings/schema';
import { memoryLogger, useTempDirs } from '../../test-support/temp-dir';
import { HostServices, type HostServicesOptions } from '../host-services';
import { createHub } from '../hub/hub';
import { createKeyFileCipher } from '../vault';
import { CDR_CSV_COLUMNS, csvHeader, csvLine, csvValues } from './cdr-csv';
import type { StoredCdr } from './cdr-record';

const tempDir = useTempDirs();
const open: HostServices[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.close();
});

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

const ACCOUNT = SipAccountSchema.parse({
  id: 'twilio',
  server: 'wss://pbx.example.com/ws',
  uri: 'sip:alice@pbx.example.com',
  authorizationUsername: 'alice',
  displayName: 'Twilio main',
});

function makeHost(o: { dataDir?: string; role?: Role; now?: () => Date; keyFile?: string; extra?: Partial<HostServicesOptions> } = {}) {
  const dataDir = o.dataDir ?? tempDir();
  const { logger, lines } = memoryLogger();
  const host = new HostServices({
    kind: 'web',
    version: 't',
    dataDir,
    cipher: createKeyFileCipher(o.keyFile ?? path.join(tempDir(), 'k')),
    logger,
    ...(o.now ? { now: o.now } : {}),
    ...o.extra,
  });
  open.push(host);
  host.settings.update((s) => ({ ...s, profile: { name: 'Alice', role: o.role ?? 'admin' }, accounts: [ACCOUNT] }));
  return { host, dataDir, lines };
}

async function call<T>(host: HostServices, method: string, payload: unknown): Promise<T> {
  const r = await host.dispatch(method, payload);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

function record(id: string, o: Partial<CallRecord> & { talk?: number } = {}): Record<string, unknown> {
  const { talk = 30, ...rest } = o;
  return {
    id,
    direction: 'inbound',
    remote: 'sip:+14155550100@pbx.example.com',
    remoteName: 'Dana Reyes',
    accountId: 'twilio',
    startedAt: at(0),
    answeredAt: at(5),
    endedAt: at(5 + talk),
    outcome: 'answered',
    reason: 'BYE from remote',
    ...rest,
  };
}

const QUALITY: CallQualitySummary = { samples: 30, minMos: 3.1, avgMos: 4, maxJitterMs: 45.5, lossPct: 1.5, warningsRaised: ['high-jitter'], path: 'host', codec: 'opus' };

describe('call detail records: begin and end', () => {
  it('begin stores an in-progress row; the end report completes it with the derived fields; a late begin never downgrades it', async () => {
    const { host } = makeHost();
    await call(host, 'cdr.begin', { id: 'c1', direction: 'inbound', remote: 'sip:+14155550100@pbx.example.com', accountId: 'twilio', startedAt: at(0), facts: { consent: 'granted' } });
    let q = await call<{ rows: Cdr[]; total: number }>(host, 'cdr.query', {});
    expect(q.rows[0]).toMatchObject({ id: 'c1', state: 'in-progress', outcome: null, provider: 'twilio', providerName: 'Twilio main', agent: 'Alice', consent: 'granted' });
    expect(q.rows[0]).toMatchObject({ from: 'sip:+14155550100@pbx.example.com', to: 'sip:alice@pbx.example.com' });
    // Not history yet: the call is on screen.
    expect(await call<unknown[]>(host, 'history.list', { limit: 10 })).toEqual([]);

    await call(host, 'history.record', { ...record('c1', { talk: 61.4, quality: QUALITY }), facts: { sipStatus: 200, codec: 'opus/48000', emergency: false, recording: 'not-recorded', tollFree: false, transfer: { aiSessionId: 's-1', contextId: 'ctx-9', transferredFrom: 'Ava', transferredTo: null } } });
    q = await call(host, 'cdr.query', {});
    const c = CdrSchema.parse(q.rows[0]);
    expect(c).toMatchObject({
      state: 'complete',
      outcome: 'answered',
      durationSec: 61,
      hangupCause: 'BYE from remote',
      sipStatus: 200,
      codec: 'opus/48000',
      consent: 'granted',
      recording: 'not-recorded',
      transfer: { aiSessionId: 's-1', contextId: 'ctx-9', transferredFrom: 'Ava', transferredTo: null },
      quality: QUALITY,
      billedSeconds: null,
      cost: null,
      currency: null,
      interruptedAt: null,
    });

    await call(host, 'cdr.begin', { id: 'c1', direction: 'inbound', remote: 'x', accountId: 'twilio', startedAt: at(100) });
    expect((await call<{ rows: Cdr[] }>(host, 'cdr.query', {})).rows[0]).toMatchObject({ state: 'complete', startedAt: at(0) });

    const history = await call<unknown[]>(host, 'history.list', { limit: 10 });
    expect(history.map((h) => CallRecordSchema.parse(h))).toMatchObject([{ id: 'c1', outcome: 'answered', reason: 'BYE from remote', facts: { sipStatus: 200 } }]);
    await call(host, 'history.updateNotes', { id: 'c1', notes: 'Refund promised' });
    expect((await call<CallRecord[]>(host, 'history.list', { limit: 10 }))[0]!.notes).toBe('Refund promised');
    expect(await host.dispatch('history.updateNotes', { id: 'nope', notes: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('marks calls in progress at the last stop interrupted, says so once, and completes them when their end report comes', async () => {
    const keyFile = path.join(tempDir(), 'k');
    const first = makeHost({ keyFile });
    await call(first.host, 'cdr.begin', { id: 'c1', direction: 'outbound', remote: 'sip:bob@pbx.example.com', accountId: 'twilio', startedAt: at(0), answeredAt: at(3) });
    await call(first.host, 'cdr.begin', { id: 'c2', direction: 'outbound', remote: 'sip:carol@pbx.example.com', accountId: 'twilio', startedAt: at(10) });
    first.host.close();
    open.splice(open.indexOf(first.host), 1);

    const restartedAt = new Date(T0 + 3600_000);
    const second = makeHost({ dataDir: first.dataDir, keyFile, now: () => restartedAt });
    const notices = second.host.notices.list().filter((n) => /in progress when Warmline stopped/.test(n.message));
    expect(notices.map((n) => n.message)).toEqual(['2 calls were in progress when Warmline stopped; they are marked interrupted in history']);
    expect(second.lines.some((l) => l.level === 'warn' && /marked interrupted/.test(l.message))).toBe(true);
    const q = await call<{ rows: Cdr[]; total: number }>(second.host, 'cdr.query', { filter: { outcome: 'interrupted' } });
    expect(q.total).toBe(2);
    expect(q.rows.every((r) => r.state === 'interrupted' && r.interruptedAt === restartedAt.toISOString() && r.outcome === null)).toBe(true);
    // The history view still shows them, with no invented talk time.
    const history = (await call<unknown[]>(second.host, 'history.list', { limit: 10 })).map((h) => CallRecordSchema.parse(h));
    expect(history.find((h) => h.id === 'c1')).toMatchObject({ outcome: 'failed', endedAt: at(3), reason: expect.stringMatching(/^Interrupted/) });

    await call(second.host, 'history.record', record('c1', { direction: 'outbound', remote: 'sip:bob@pbx.example.com', answeredAt: at(3), endedAt: at(63) }));
    const c1 = (await call<{ rows: Cdr[] }>(second.host, 'cdr.query', { filter: { number: 'bob' } })).rows[0]!;
    expect(c1).toMatchObject({ state: 'complete', outcome: 'answered', durationSec: 60, interruptedAt: restartedAt.toISOString() });
  });

  it('imports call-history.jsonl once (latest version of each call, damaged lines kept in the file), and reads lines appended later', async () => {
    const dataDir = tempDir();
    const keyFile = path.join(tempDir(), 'k');
    const file = path.join(dataDir, 'call-history.jsonl');
    const line = (r: Record<string, unknown>) => JSON.stringify(r) + '\n';
    const original = line(record('old-1', { startedAt: at(-100), answeredAt: null, endedAt: at(-95), outcome: 'missed', reason: '' })) + 'garbage\n' + line(record('old-2')) + line({ ...record('old-2'), notes: 'edited later' });
    fs.writeFileSync(file, original);
    const first = makeHost({ dataDir, keyFile });
    const list = await call<CallRecord[]>(first.host, 'history.list', { limit: 10 });
    expect(list.map((r) => [r.id, r.notes])).toEqual([
      ['old-2', 'edited later'],
      ['old-1', ''],
    ]);
    expect(first.lines.some((l) => l.level === 'warn' && /not JSON/.test(l.message))).toBe(true);
    // New calls go to the database; the file is left as it was.
    await call(first.host, 'history.record', record('new-1', { startedAt: at(50), answeredAt: at(51), endedAt: at(60) }));
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
    first.host.close();
    open.splice(open.indexOf(first.host), 1);

    // A session that ran without the database appended to the file: only that line is read.
    fs.appendFileSync(file, line(record('fallback-1', { startedAt: at(70), answeredAt: null, endedAt: at(75), outcome: 'missed' })));
    const second = makeHost({ dataDir, keyFile });
    const ids = (await call<CallRecord[]>(second.host, 'history.list', { limit: 10 })).map((r) => r.id);
    expect(ids).toEqual(['fallback-1', 'new-1', 'old-2', 'old-1']);
    expect(second.lines.filter((l) => /not JSON/.test(l.message))).toEqual([]);
    expect((await call<{ total: number }>(second.host, 'cdr.query', {})).total).toBe(4);
  });
});

function cdr(id: string, o: Partial<StoredCdr> = {}): StoredCdr {
  return {
    id,
    state: 'complete',
    direction: 'inbound',
    remote: 'sip:+14155550100@pbx.example.com',
    from: 'sip:+14155550100@pbx.example.com',
    to: 'sip:alice@pbx.example.com',
    remoteName: 'Dana Reyes',
    provider: 'twilio',
    providerName: 'Twilio main',
    agent: 'Alice',
    startedAt: at(0),
    answeredAt: at(5),
    endedAt: at(35),
    durationSec: 30,
    durationMs: 30_000,
    outcome: 'answered',
    hangupCause: '',
    sipStatus: 200,
    codec: 'opus',
    quality: null,
    transfer: null,
    context: null,
    notes: '',
    emergency: false,
    consent: 'not-asked',
    recording: 'not-recorded',
    tollFree: false,
    billedSeconds: null,
    cost: null,
    currency: null,
    interruptedAt: null,
    ...o,
  };
}

describe('cdr.query', () => {
  it('filters on time, agent, outcome (interrupted is a state), provider, MOS and number; pages with a total', async () => {
    const { host } = makeHost();
    host.cdr.store!.putMany([
      cdr('a', { startedAt: at(0), quality: { ...QUALITY, avgMos: 3.2 } }),
      cdr('b', { startedAt: at(60), agent: 'Bob', outcome: 'missed', answeredAt: null, durationMs: 0, durationSec: 0 }),
      cdr('c', { startedAt: at(120), provider: 'telnyx', providerName: 'Telnyx', quality: { ...QUALITY, avgMos: 4.4 } }),
      cdr('d', { startedAt: at(180), state: 'interrupted', outcome: null, endedAt: null, interruptedAt: at(999), from: 'sip:alice@pbx.example.com', to: '+442071838750', direction: 'outbound' }),
    ]);
    const ids = async (filter: object, extra: object = {}) =>
      (await call<{ rows: Cdr[]; total: number }>(host, 'cdr.query', { filter, ...extra })).rows.map((r) => r.id);
    expect(await ids({})).toEqual(['d', 'c', 'b', 'a']);
    expect(await ids({ from: at(60), to: at(180) })).toEqual(['c', 'b']);
    expect(await ids({ agent: 'bob' })).toEqual(['b']);
    expect(await ids({ outcome: 'missed' })).toEqual(['b']);
    expect(await ids({ outcome: 'interrupted' })).toEqual(['d']);
    expect(await ids({ provider: 'telnyx' })).toEqual(['c']);
    expect(await ids({ mosBelow: 4 })).toEqual(['a']);
    expect(await ids({ number: '(20) 7183' })).toEqual(['d']);
    expect(await ids({ number: 'alice@' })).toEqual(['d', 'c', 'b', 'a']);
    expect(await ids({ number: '100%' })).toEqual([]);
    const page = await call<{ rows: Cdr[]; total: number }>(host, 'cdr.query', { filter: {}, limit: 2, offset: 1 });
    expect([page.rows.map((r) => r.id), page.total]).toEqual([['c', 'b'], 4]);
    expect(await host.dispatch('cdr.query', { filter: { mosBelow: 9 } })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });
});

type Progress = EventPayload<'cdr.exportProgress'>;

function progressOf(host: HostServices): { events: Progress[]; done: (id: string) => Promise<Progress> } {
  const events: Progress[] = [];
  const waiters: (() => void)[] = [];
  host.on('cdr.exportProgress', (p) => {
    events.push(p);
    waiters.splice(0).forEach((w) => w());
  });
  const done = async (id: string): Promise<Progress> => {
    for (;;) {
      const end = events.find((e) => e.exportId === id && e.done);
      if (end) return end;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { events, done };
}

/** Rows a spreadsheet user writes: commas, quotes, line breaks, a formula, a plus-number. */
function trickyRows(n: number): StoredCdr[] {
  return Array.from({ length: n }, (_, i) =>
    cdr(`call-${String(i).padStart(5, '0')}`, {
      startedAt: at(i),
      remoteName: i % 3 === 0 ? 'Reyes, "Dana"' : i % 3 === 1 ? '=HYPERLINK("x")' : 'Lee\nPark',
      notes: i % 2 ? 'Line one\r\nline two' : '',
      quality: i % 4 === 0 ? QUALITY : null,
      transfer: i % 5 === 0 ? { aiSessionId: `s-${i}`, contextId: null, transferredFrom: 'Ava', transferredTo: null } : null,
      context: i % 5 === 0 ? { version: 'warmline.context/1', sessionId: `s-${i}`, intent: 'Dispute a charge', caller: { number: '+14155550100' } } : null,
      billedSeconds: 60,
      cost: '0.0085',
      currency: 'USD',
      emergency: i === 7,
      ...(i % 7 === 3 ? { from: '+1 (415) 555-0100', agent: '@admin', hangupCause: '-SUM(1)', codec: '+cmd|x', notes: '\tnote', quality: { ...QUALITY, avgMos: 3.25, minMos: null } } : {}),
    }),
  );
}

describe('cdr.export', () => {
  it('streams CSV (RFC 4180) that parses back to the rows, with progress every 1000 rows and a location at the end', async () => {
    const exportDir = tempDir();
    const { host } = makeHost({ extra: { exportDir } });
    const rows = trickyRows(2500);
    host.cdr.store!.putMany(rows);
    const progress = progressOf(host);
    const res = await call<{ exportId: string; total: number; location: string }>(host, 'cdr.export', { format: 'csv' });
    expect(res.total).toBe(2500);
    expect(res.location).toBe(path.join(exportDir, `cdr-${res.exportId}.csv`));
    const end = await progress.done(res.exportId);
    expect(end).toEqual({ exportId: res.exportId, rows: 2500, total: 2500, done: true, error: null, location: res.location });
    expect(progress.events.filter((e) => !e.done).map((e) => e.rows)).toEqual([1000, 2000]);

    const text = fs.readFileSync(res.location, 'utf8');
    expect(text.startsWith(`${CDR_CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    // SQLite formats the lines (cdr-export-sql.ts): byte for byte what csvCell's rules give.
    expect(text).toBe(csvHeader() + rows.map((r) => csvLine(r)).join(''));
    const parsed = parseCsv(text, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    const cell = (v: string | number | boolean | null) => (v === null ? '' : String(v));
    const expected = rows.map((r) => {
      const v = csvValues(r);
      return Object.fromEntries(CDR_CSV_COLUMNS.map((k) => [k, cell(v[k])]));
    });
    // What differs on purpose: a formula cell is disarmed with a leading quote.
    for (const e of expected) for (const k of ['remoteName', 'agent', 'hangupCause', 'codec', 'notes']) if (/^[=@\t]|^-S|^\+c/.test(e[k]!)) e[k] = `'${e[k]}`;
    expect(parsed).toEqual(expected);
    expect(parsed[0]).toMatchObject({ from: 'sip:+14155550100@pbx.example.com', billedSeconds: '60', cost: '0.0085', currency: 'USD', mos: '4', maxJitterMs: '45.5', state: 'complete' });
    expect(fs.readdirSync(exportDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(host.exportDownload(res.exportId)).toMatchObject({ file: res.location, contentType: 'text/csv; charset=utf-8' });
    expect(host.exportDownload('not-an-id')).toBeNull();
  });

  it('streams JSON as one array of CDR objects, context included; an empty selection is []', async () => {
    const { host } = makeHost();
    const rows = trickyRows(30);
    host.cdr.store!.putMany(rows);
    const progress = progressOf(host);
    const res = await call<{ exportId: string; location: string }>(host, 'cdr.export', { format: 'json', filter: { number: '4155550100' } });
    await progress.done(res.exportId);
    const parsed = (JSON.parse(fs.readFileSync(res.location, 'utf8')) as unknown[]).map((r) => CdrSchema.parse(r));
    // Every field as cdr.query reads it, oldest first.
    const queried = (await call<{ rows: Cdr[] }>(host, 'cdr.query', { limit: 1000 })).rows.reverse();
    expect(parsed).toEqual(queried);
    expect(parsed[0]!.context).toMatchObject({ intent: 'Dispute a charge' });
    expect(parsed[7]!.emergency).toBe(true);
    const none = await call<{ exportId: string; total: number; location: string }>(host, 'cdr.export', { format: 'json', filter: { agent: 'nobody' } });
    expect(none.total).toBe(0);
    await progress.done(none.exportId);
    expect(JSON.parse(fs.readFileSync(none.location, 'utf8'))).toEqual([]);
  });

  it('reports a failed export with advice, leaving no partial file', async () => {
    const parent = tempDir();
    const exportDir = path.join(parent, 'exports');
    const { host } = makeHost({ role: 'supervisor', extra: { exportDir, exportUrl: (id) => `/exports/${id}` } });
    host.cdr.store!.putMany(trickyRows(3000));
    const progress = progressOf(host);
    const res = await call<{ exportId: string; location: string }>(host, 'cdr.export', { format: 'csv' });
    expect(res.location).toBe(`/exports/${res.exportId}`);
    // The folder disappears under the export (a full or unmounted disk looks the same to it).
    fs.rmSync(exportDir, { recursive: true, force: true });
    const end = await progress.done(res.exportId);
    expect(end).toMatchObject({ done: true, location: null, error: expect.stringMatching(/export failed .*writable/) });
  });

  it('is refused to an agent', async () => {
    const { host } = makeHost({ role: 'agent' });
    expect(await host.dispatch('cdr.export', { format: 'csv' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

const RATES = { twilio: { currency: 'USD', inboundPerMinute: '0.0085', outboundPerMinute: '0.013', tollFreePerMinute: '0.02', increment: '60/60' } };

describe('billing', () => {
  it('keeps rate cards as written, prices calls at their end, and reconciles 61 s at 60/60 as 2 billed minutes', async () => {
    const { host, dataDir } = makeHost();
    const saved = await call<unknown>(host, 'billing.save', { rates: RATES, retentionDays: 90 });
    expect(saved).toEqual({ rates: { twilio: { ...RATES.twilio, perCallFee: '0.00' } }, retentionDays: 90, recordCalls: false });
    // What the renderer does with the answer.
    expect(BillingSettingsSchema.parse(saved).rates.twilio!.perMinuteMicros.outbound).toBe(13_000);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).billing.rates.twilio.increment).toBe('60/60');
    expect(await call(host, 'billing.get', {})).toEqual(saved);
    expect(await host.dispatch('billing.save', { rates: { twilio: { ...RATES.twilio, increment: '6000/60' } } })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });

    await call(host, 'history.record', record('seed-61', { direction: 'outbound', remote: 'sip:bob@pbx.example.com', answeredAt: at(0), endedAt: at(61) }));
    await call(host, 'history.record', record('missed', { answeredAt: null, endedAt: at(20), outcome: 'missed' }));
    await call(host, 'history.record', record('other', { accountId: 'unknown-account' }));
    const c = (await call<{ rows: Cdr[] }>(host, 'cdr.query', { filter: { number: 'bob' } })).rows[0]!;
    expect(c).toMatchObject({ durationSec: 61, billedSeconds: 120, cost: '0.026', currency: 'USD' });

    const view = await call<{ providers: unknown[]; unrated: unknown[]; anomalies: unknown[] }>(host, 'cdr.reconcile', { from: at(-10), to: at(3600) });
    expect(view.providers).toEqual([
      { provider: 'twilio', providerName: 'Twilio main', calls: 2, actualSeconds: 61, billedSeconds: 120, actualMinutes: 1.02, billedMinutes: 2, overheadPct: 96.72, cost: '0.026', currency: 'USD' },
    ]);
    expect(view.unrated).toEqual([{ id: 'other', provider: 'unknown-account', reason: expect.stringContaining('no rates') }]);
    expect(view.anomalies).toEqual([]);

    // New rates price new calls; the stored ones keep what they cost.
    await call(host, 'billing.save', { rates: { twilio: { ...RATES.twilio, outboundPerMinute: '1' } } });
    expect((await call<{ rows: Cdr[] }>(host, 'cdr.query', { filter: { number: 'bob' } })).rows[0]!.cost).toBe('0.026');
    expect(await host.dispatch('cdr.reconcile', {})).toMatchObject({ ok: true });
  });

  it('flags a call costing more than twice its group median', async () => {
    const { host } = makeHost();
    await call(host, 'billing.save', { rates: RATES });
    for (const [i, talk] of [60, 60, 60, 600].entries()) await call(host, 'history.record', record(`c${i}`, { startedAt: at(i * 1000), answeredAt: at(i * 1000), endedAt: at(i * 1000 + talk) }));
    const view = await call<{ anomalies: unknown[] }>(host, 'cdr.reconcile', {});
    expect(view.anomalies).toEqual([{ id: 'c3', provider: 'twilio', cost: '0.085', baseline: '0.0085', factor: 10 }]);
  });
});

describe('retention', () => {
  it('prunes complete and interrupted calls older than retentionDays, with their recordings, at start', async () => {
    const keyFile = path.join(tempDir(), 'k');
    const now = new Date(T0 + 40 * 86_400_000);
    const first = makeHost({ keyFile, now: () => now });
    await call(first.host, 'billing.save', { recordCalls: true, retentionDays: 30 });
    first.host.cdr.store!.putMany([
      cdr('old', { startedAt: at(0), recording: 'recorded' }),
      cdr('old-interrupted', { startedAt: at(60), state: 'interrupted', outcome: null, interruptedAt: at(999) }),
      cdr('recent', { startedAt: new Date(now.getTime() - 86_400_000).toISOString() }),
    ]);
    await call(first.host, 'recording.append', { callId: 'old', seq: 0, data: Buffer.from('webm').toString('base64'), final: true });
    const recording = first.host.cdr.recordings.fileFor('old');
    expect(fs.existsSync(recording)).toBe(true);
    first.host.close();
    open.splice(open.indexOf(first.host), 1);

    const second = makeHost({ dataDir: first.dataDir, keyFile, now: () => now });
    expect((await call<{ rows: Cdr[] }>(second.host, 'cdr.query', {})).rows.map((r) => r.id)).toEqual(['recent']);
    expect(fs.existsSync(recording)).toBe(false);
    expect(second.lines.find((l) => l.message === 'retention pruned')?.fields).toMatchObject({ cdrs: 2, recordings: 1, retentionDays: 30 });
  });

  it('keeps everything with retentionDays 0', async () => {
    const { host } = makeHost({ now: () => new Date(T0 + 4000 * 86_400_000) });
    await call(host, 'billing.save', { retentionDays: 0 });
    host.cdr.store!.putMany([cdr('ancient')]);
    expect(host.cdr.prune().cdrs).toBe(0);
    expect((await call<{ total: number }>(host, 'cdr.query', {})).total).toBe(1);
  });
});

describe('privacy.eraseNumber', () => {
  it('erases CDRs by from/to or context caller, their recordings, hub sessions and exports; the audit keeps a hash, not the number', async () => {
    const { host, dataDir, lines } = makeHost();
    await call(host, 'billing.save', { recordCalls: true });
    host.cdr.store!.putMany([
      cdr('by-from', { from: '+1 (415) 555-0100', remote: '+1 (415) 555-0100', recording: 'recorded' }),
      cdr('by-context', { from: 'sip:ai-agent@pbx.example.com', remote: 'sip:ai-agent@pbx.example.com', context: { version: 'warmline.context/1', sessionId: 's', caller: { number: '+14155550100' } } }),
      cdr('other', { from: 'sip:+442071838750@pbx.example.com', remote: 'sip:+442071838750@pbx.example.com' }),
    ]);
    await call(host, 'recording.append', { callId: 'by-from', seq: 0, data: Buffer.from('audio').toString('base64'), final: true });
    const hub = createHub({ dbFile: path.join(dataDir, 'hub', 'feed.sqlite'), platforms: [], subscriberTokens: [], log: memoryLogger().logger.child('hub') });
    try {
      hub.ingest('lab', sessionEvents('s-dana'));
      const other = sessionEvents('s-other').map((e) => (e.type === 'session.started' ? { ...e, caller: { number: '+442071838750' } } : e)).filter((e) => e.type !== 'transfer.requested');
      hub.ingest('lab', other);
      const progress = progressOf(host);
      const exp = await call<{ exportId: string; location: string }>(host, 'cdr.export', { format: 'csv' });
      await progress.done(exp.exportId);

      const r = await call<{ cdrs: number; recordings: number; sessions: number; auditId: string }>(host, 'privacy.eraseNumber', { number: '415-555-0100' });
      expect(r).toEqual({ cdrs: 2, recordings: 1, sessions: 1, auditId: expect.any(String) });
      expect((await call<{ rows: Cdr[] }>(host, 'cdr.query', {})).rows.map((c) => c.id)).toEqual(['other']);
      expect(fs.existsSync(host.cdr.recordings.fileFor('by-from'))).toBe(false);
      expect(fs.existsSync(exp.location)).toBe(false);
      // The hub's own connection sees the erasure.
      expect(hub.getSession('s-dana')).toBeNull();
      expect(hub.getSession('s-other')).not.toBeNull();
      expect(hub.readAfter(0, 1000).some((e) => e.event.sessionId === 's-dana')).toBe(false);
    } finally {
      hub.close();
    }
    const audit = fs.readFileSync(path.join(dataDir, 'privacy-audit.jsonl'), 'utf8');
    const entries = audit.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries).toEqual([
      {
        id: expect.any(String),
        at: expect.any(String),
        actor: 'Alice (admin)',
        numberHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        counts: { cdrs: 2, recordings: 1, sessions: 1, exports: 1, legacyHistoryLines: 0 },
      },
    ]);
    expect(audit).not.toMatch(/555.?0100|4155550100/);
    expect(JSON.stringify(lines)).not.toMatch(/4155550100|555-0100/);
    // The same number written differently finds nothing more; an extension is matched exactly.
    expect(await call(host, 'privacy.eraseNumber', { number: '+14155550100' })).toMatchObject({ cdrs: 0 });
    expect(await call(host, 'privacy.eraseNumber', { number: '0100' })).toMatchObject({ cdrs: 0 });
  });

  it('scrubs the old JSONL history too, and is refused to a supervisor', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'call-history.jsonl');
    fs.writeFileSync(file, `${JSON.stringify(record('old-dana'))}\n${JSON.stringify(record('old-other', { remote: 'sip:bob@pbx.example.com' }))}\n`);
    const { host } = makeHost({ dataDir });
    expect(await call(host, 'privacy.eraseNumber', { number: '(415) 555-0100' })).toMatchObject({ cdrs: 1 });
    expect(fs.readFileSync(file, 'utf8')).not.toContain('4155550100');
    expect(fs.readFileSync(file, 'utf8')).toContain('old-other');
    const sup = makeHost({ role: 'supervisor' });
    expect(await sup.host.dispatch('privacy.eraseNumber', { number: '+14155550100' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('recording.append', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');

  it('appends chunks in order, refuses a gap, accepts a retried chunk once, and keeps the file only for a recorded call', async () => {
    const { host } = makeHost();
    expect(await host.dispatch('recording.append', { callId: 'c1', seq: 0, data: b64('a') })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/turned off/) } });
    await call(host, 'billing.save', { recordCalls: true });
    expect(await call(host, 'recording.append', { callId: 'c1', seq: 0, data: b64('one-') })).toEqual({ stored: true, bytes: 4 });
    expect(await call(host, 'recording.append', { callId: 'c1', seq: 1, data: b64('two-') })).toEqual({ stored: true, bytes: 8 });
    expect(await host.dispatch('recording.append', { callId: 'c1', seq: 3, data: b64('four') })).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/chunk 3 .* out of order: chunk 2 was expected/) },
    });
    // A retry of chunk 1 (its answer was lost) is not written twice.
    expect(await call(host, 'recording.append', { callId: 'c1', seq: 1, data: b64('two-') })).toEqual({ stored: true, bytes: 8 });
    expect(await call(host, 'recording.append', { callId: 'c1', seq: 2, data: b64('three'), final: true })).toEqual({ stored: true, bytes: 13 });
    const file = host.cdr.recordings.fileFor('c1');
    expect(fs.readFileSync(file, 'utf8')).toBe('one-two-three');
    expect(path.basename(file)).toMatch(/^c1-[0-9a-f]{16}\.webm$/);
    await call(host, 'history.record', { ...record('c1'), facts: { recording: 'recorded', consent: 'granted' } });
    expect(fs.existsSync(file)).toBe(true);
    expect((await call<{ rows: Cdr[] }>(host, 'cdr.query', {})).rows[0]).toMatchObject({ recording: 'recorded', consent: 'granted' });

    await call(host, 'recording.append', { callId: 'sip:x@y/../../z', seq: 0, data: b64('no') });
    const other = host.cdr.recordings.fileFor('sip:x@y/../../z');
    expect(path.dirname(other)).toBe(host.cdr.recordings.dir);
    await call(host, 'history.record', { ...record('sip:x@y/../../z'), facts: { recording: 'refused-no-consent', consent: 'declined' } });
    expect(fs.existsSync(other)).toBe(false);
    expect(await host.dispatch('recording.append', { callId: 'never-started', seq: 4, data: b64('x') })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/starts at chunk 0/) } });
  });
});

describe('a database that cannot be used', () => {
  it('moves a corrupt cdr.sqlite aside with a notice, and starts a fresh one', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'cdr.sqlite'), 'this is not a database');
    const { host } = makeHost({ dataDir });
    expect(host.notices.list().some((n) => n.level === 'error' && /call records database could not be used .* moved to/.test(n.message))).toBe(true);
    expect(fs.readdirSync(dataDir).some((f) => f.startsWith('cdr.sqlite.corrupt-'))).toBe(true);
    await call(host, 'history.record', record('c1'));
    expect((await call<unknown[]>(host, 'history.list', { limit: 5 })).length).toBe(1);
  });
});
