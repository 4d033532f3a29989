/**
 * CDR export: 100k call detail records streamed to CSV and to JSON from the
 * real store (electron/host/cdr: SQLite on disk, WAL, synchronous=FULL, a
 * read-only snapshot read row by row, or a page of rows at a time for CSV,
 * into a fs.WriteStream with backpressure), in this process. Measures wall
 * time and memory: RSS sampled every 20 ms and heapUsed, against the same
 * export of a tenth of the rows, so "flat" is a measured comparison, not a
 * claim.
 *
 *   node --import tsx bench/cdr-export.ts [--cdr-rows N] [--cdr-repeat R]
 *
 * Writes bench/results/cdr-export.json and the "CDR export (100k rows)"
 * section of BENCHMARKS.md. Goal: each 100k export under 1 s, memory flat.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { callCost, RatesByProviderSchema } from '../shared/billing/call-cost';
import type { CdrFilter } from '../shared/contract/cdr';
import type { StoredCdr } from '../electron/host/cdr/cdr-record';
import { CdrStore } from '../electron/host/cdr/cdr-store';
import { startCdrExport, type ExportFormat } from '../electron/host/cdr/cdr-export';
import { REPO_ROOT } from '../e2e/fixtures/web-host';
import { upsertSection } from './report';
import { summarize, type Summary } from './stats';
import { gitRevision, loadAverage } from './environment';

export interface CdrExportBenchOptions {
  rows: number;
  repeat: number;
}

type ExportRun = {
  format: ExportFormat;
  rows: number;
  ms: Summary;
  bytes: number;
  /** Before the export (after a GC when the process allows one). */
  rssBaseMiB: number;
  /** Highest RSS sampled every 20 ms during the export, over all repeats. */
  rssPeakMiB: number;
  rssDeltaMiB: number;
  heapPeakDeltaMiB: number;
  /** heapUsed after minus before (garbage included unless GC ran). */
  heapEndDeltaMiB: number;
};

export interface CdrExportBenchResult {
  kind: 'cdr-export';
  date: string;
  revision: string | null;
  options: CdrExportBenchOptions;
  machine: { cpus: number; cpuModel: string; node: string; sqlite: string; gc: boolean; loadAvgAtEnd: number[] };
  seed: { rows: number; seconds: number; dbBytes: number; withQuality: number; withContext: number };
  runs: ExportRun[];
}

export const CDR_SECTION_START = '<!-- cdr-export-bench:start -->';
export const CDR_SECTION_END = '<!-- cdr-export-bench:end -->';
export const CDR_RESULT_FILE = 'bench/results/cdr-export.json';

function intArg(argv: string[], flag: string, dflt: number, min: number, max: number): number {
  const i = argv.indexOf(flag);
  const raw = i >= 0 ? argv[i + 1] : undefined;
  const n = raw === undefined ? dflt : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} must be an integer ${min}..${max} (got ${raw})`);
  return n;
}

export function parseCdrExportBenchArgs(argv: string[]): CdrExportBenchOptions {
  return { rows: intArg(argv, '--cdr-rows', 100_000, 1000, 5_000_000), repeat: intArg(argv, '--cdr-repeat', 3, 1, 20) };
}

const log = (msg: string) => process.stdout.write(`[bench:cdr] ${msg}\n`);
const MiB = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;

/** A small deterministic PRNG (mulberry32), so every run exports the same rows. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['Dana Reyes', 'Lee Park', 'Ann Dale', 'Omar Haddad', 'Mia Chen', 'Sam O\'Neil', 'Priya Nair', 'Jon Berg'];
const AGENTS = ['Alice', 'Bob', 'Carol', 'Dev', 'Erin'];
const INTENTS = ['Dispute a charge', 'Change address', 'Cancel plan', 'Refund status', 'Technical issue'];
const RATES = RatesByProviderSchema.parse({
  twilio: { currency: 'USD', inboundPerMinute: '0.0085', outboundPerMinute: '0.013', tollFreePerMinute: '0.022', increment: '60/60' },
  telnyx: { currency: 'USD', inboundPerMinute: '0.0035', outboundPerMinute: '0.007', tollFreePerMinute: '0.012', increment: '6/6' },
});

/**
 * Rows of the sizes a contact center produces: most calls answered, a quality
 * summary on answered calls, a transfer context (summary, facts, a short
 * transcript: 1-2 KB) on a fifth of them, a note on some.
 */
export function* syntheticCdrs(n: number, start: number): Generator<StoredCdr> {
  const r = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  for (let i = 0; i < n; i++) {
    const startedAt = start + i * 26_000 + Math.floor(r() * 20_000);
    const roll = r();
    const outcome = roll < 0.72 ? 'answered' : roll < 0.86 ? 'missed' : roll < 0.92 ? 'cancelled' : roll < 0.96 ? 'busy' : 'failed';
    const answered = outcome === 'answered';
    const durationMs = answered ? Math.floor(15_000 + r() * 600_000) : 0;
    const direction = r() < 0.7 ? 'inbound' : 'outbound';
    const tollFree = direction === 'inbound' && r() < 0.15;
    const provider = r() < 0.6 ? 'twilio' : 'telnyx';
    const number = `+1415555${String(Math.floor(r() * 10_000)).padStart(4, '0')}`;
    const local = `sip:${pick(AGENTS).toLowerCase()}@pbx.example.com`;
    const withContext = answered && r() < 0.2;
    const mos = 3.2 + r() * 1.2;
    const priced = callCost({ direction, tollFree, durationSec: durationMs / 1000 }, RATES[provider]!)!;
    const answeredAt = answered ? startedAt + 4000 : null;
    yield {
      id: `bench-${i}-${Math.floor(r() * 1e9).toString(36)}@pbx.example.com`,
      state: 'complete',
      direction,
      remote: `sip:${number}@pbx.example.com`,
      from: direction === 'inbound' ? `sip:${number}@pbx.example.com` : local,
      to: direction === 'inbound' ? local : `sip:${number}@pbx.example.com`,
      remoteName: pick(NAMES),
      provider,
      providerName: provider === 'twilio' ? 'Twilio main' : 'Telnyx backup',
      agent: pick(AGENTS),
      startedAt: new Date(startedAt).toISOString(),
      answeredAt: answeredAt === null ? null : new Date(answeredAt).toISOString(),
      endedAt: new Date((answeredAt ?? startedAt) + durationMs + 1000).toISOString(),
      durationSec: Math.round(durationMs / 1000),
      durationMs,
      outcome,
      hangupCause: answered ? 'BYE' : outcome === 'busy' ? '486 Busy Here' : outcome === 'failed' ? '503 Service Unavailable' : '',
      sipStatus: answered ? 200 : outcome === 'busy' ? 486 : outcome === 'failed' ? 503 : 487,
      codec: answered ? 'opus' : null,
      quality: answered
        ? { samples: Math.round(durationMs / 1000), minMos: Math.round((mos - 0.4) * 100) / 100, avgMos: Math.round(mos * 100) / 100, maxJitterMs: Math.round(r() * 600) / 10, lossPct: Math.round(r() * 300) / 100, warningsRaised: mos < 3.6 ? ['high-jitter'] : [], path: 'host', codec: 'opus' }
        : null,
      transfer: withContext ? { aiSessionId: `s-${i}`, contextId: `ctx-${i}`, transferredFrom: 'Ava (LabVoice)', transferredTo: null } : null,
      context: withContext
        ? {
            version: 'warmline.context/1',
            sessionId: `s-${i}`,
            caller: { name: pick(NAMES), number, verified: r() < 0.8 },
            intent: pick(INTENTS),
            summary: 'Caller reports a charge of $42.00 on the last statement that they do not recognise; verified with date of birth and the last four digits of the card. Wants a refund.',
            facts: [
              { label: 'Order number', value: `A-${Math.floor(r() * 1e6)}` },
              { label: 'Amount', value: '$42.00' },
              { label: 'Plan', value: 'Gold, since 2019' },
            ],
            transcript: [
              { speaker: 'ai', text: 'Hi, this is Ava. How can I help you today?' },
              { speaker: 'caller', text: "There's a charge on my statement I don't recognise." },
              { speaker: 'ai', text: 'I can help with that. Can you confirm your date of birth?' },
              { speaker: 'caller', text: 'Sure, it is the fourth of May, nineteen eighty.' },
              { speaker: 'ai', text: 'Thank you. I will pass you to a colleague who can issue the refund.' },
            ],
            sentiment: 'negative',
          }
        : null,
      notes: r() < 0.1 ? 'Refund promised; call back if it does not show within 5 days, "priority" customer.' : '',
      emergency: false,
      consent: 'not-asked',
      recording: 'not-recorded',
      tollFree,
      billedSeconds: priced.billedSeconds,
      cost: priced.cost,
      currency: 'USD',
      interruptedAt: null,
    };
  }
}

async function measureExport(store: CdrStore, format: ExportFormat, filter: CdrFilter, file: string, repeat: number): Promise<ExportRun> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const times: number[] = [];
  let rssBase = Number.POSITIVE_INFINITY;
  let rssPeak = 0;
  let heapPeakDelta = 0;
  let heapEndDelta = 0;
  let rows = 0;
  let bytes = 0;
  for (let i = 0; i < repeat; i++) {
    gc?.();
    const before = process.memoryUsage();
    rssBase = Math.min(rssBase, before.rss);
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sample = () => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    };
    const timer = setInterval(sample, 20);
    const t0 = performance.now();
    const run = startCdrExport({ store, filter, format, file });
    rows = await run.done;
    times.push(performance.now() - t0);
    clearInterval(timer);
    sample();
    const after = process.memoryUsage();
    rssPeak = Math.max(rssPeak, peakRss);
    heapPeakDelta = Math.max(heapPeakDelta, peakHeap - before.heapUsed);
    heapEndDelta = Math.max(heapEndDelta, after.heapUsed - before.heapUsed);
    bytes = statSync(file).size;
    rmSync(file, { force: true });
  }
  return {
    format,
    rows,
    ms: summarize(times),
    bytes,
    rssBaseMiB: MiB(rssBase),
    rssPeakMiB: MiB(rssPeak),
    rssDeltaMiB: MiB(rssPeak - rssBase),
    heapPeakDeltaMiB: MiB(heapPeakDelta),
    heapEndDeltaMiB: MiB(heapEndDelta),
  };
}

const f1 = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(1)) : 'n/a');

export function renderCdrExportSection(r: CdrExportBenchResult, resultFile: string): string {
  const m = r.machine;
  const full = r.runs.filter((x) => x.rows === r.seed.rows);
  const timeGoal = full.map((x) => `${x.format.toUpperCase()} ${x.ms.max < 1000 ? 'met' : 'not met'} (max ${f1(x.ms.max)} ms)`).join(', ');
  const rows = r.runs.map(
    (x) =>
      `| ${x.format.toUpperCase()} | ${x.rows} | ${f1(x.ms.p50)} | ${f1(x.ms.max)} | ${f1(x.bytes / 2 ** 20)} | ${f1(x.rssBaseMiB)} | ${f1(x.rssPeakMiB)} | ${f1(x.rssDeltaMiB)} | ${f1(x.heapPeakDeltaMiB)} |`,
  );
  const small = (fmt: ExportFormat) => r.runs.find((x) => x.format === fmt && x.rows < r.seed.rows);
  const big = (fmt: ExportFormat) => full.find((x) => x.format === fmt);
  const flat = (['csv', 'json'] as const)
    .map((fmt) => {
      const s = small(fmt);
      const b = big(fmt);
      return s && b ? `${fmt.toUpperCase()}: peak RSS growth ${f1(s.rssDeltaMiB)} MiB for ${s.rows} rows, ${f1(b.rssDeltaMiB)} MiB for ${b.rows}` : null;
    })
    .filter(Boolean)
    .join('; ');
  return `${CDR_SECTION_START}
## CDR export (100k rows)

Generated by \`bench/cdr-export.ts\` (also run by \`npm run bench\`; skip with \`--skip-cdr\`). Raw numbers: \`${resultFile}\`.

Run ${r.date}${r.revision ? ` at ${r.revision}` : ''}. Machine: ${m.cpus} x ${m.cpuModel}, Node ${m.node}, SQLite ${m.sqlite}${m.gc ? '' : ' (no --expose-gc: baselines include garbage)'}; load average at the end ${m.loadAvgAtEnd.join(' ')}.
${r.seed.rows} synthetic CDRs (${r.seed.withQuality} with a quality summary, ${r.seed.withContext} with a 1-2 KB transfer context; seeded in ${f1(r.seed.seconds)} s,
database ${f1(r.seed.dbBytes / 2 ** 20)} MiB) in the real store on local disk (WAL, \`synchronous=FULL\`); each export is what \`cdr.export\` runs:
a read-only snapshot read in order (JSON row by row with \`stmt.iterate()\`, CSV 1000 rows a query) into a \`fs.WriteStream\` with backpressure, progress every 1000 rows.
After one unmeasured warm-up export, wall time from the start of the export to the file renamed complete, ${r.options.repeat} runs each; memory from \`process.memoryUsage()\`
sampled every 20 ms in the same process (the JSON export also reads and writes each row's transfer context; the CSV one does not read it).

| format | rows | p50 ms | max ms | file MiB | RSS before MiB | RSS peak MiB | RSS growth MiB | heapUsed peak growth MiB |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Goal: a 100k-row export under 1 s with flat memory. Time: ${timeGoal}. Memory: ${flat}.
Flat means the growth does not scale with the rows: it is the write buffer, SQLite's page cache and garbage not yet collected,
the same for ten times the rows.
${CDR_SECTION_END}
`;
}

export async function runCdrExportBench(opts: CdrExportBenchOptions): Promise<CdrExportBenchResult> {
  const dir = mkdtempSync(join(os.tmpdir(), 'warmline-bench-cdr-'));
  const dbFile = join(dir, 'cdr.sqlite');
  const opened = CdrStore.open(dbFile);
  if (!opened.ok) throw new Error(`the CDR store could not be opened: ${opened.reason}`);
  const store = opened.store;
  try {
    const start = Date.parse('2026-09-01T08:00:00Z');
    log(`seeding ${opts.rows} CDRs`);
    const t0 = performance.now();
    let withQuality = 0;
    let withContext = 0;
    const batch: StoredCdr[] = [];
    for (const c of syntheticCdrs(opts.rows, start)) {
      if (c.quality) withQuality++;
      if (c.context) withContext++;
      batch.push(c);
      if (batch.length === 10_000) store.putMany(batch.splice(0));
    }
    store.putMany(batch.splice(0));
    const seedSeconds = (performance.now() - t0) / 1000;
    const dbBytes = statSync(dbFile).size + (existsSync(`${dbFile}-wal`) ? statSync(`${dbFile}-wal`).size : 0);
    log(`seeded in ${seedSeconds.toFixed(1)} s`);

    // A tenth of the rows by time: the same export, for the "does memory grow with rows" comparison.
    const tenthTo = new Date(start + Math.floor(opts.rows / 10) * 26_000).toISOString();
    // One unmeasured export first: the first read after seeding warms SQLite's cache and the allocator.
    await startCdrExport({ store, filter: { to: tenthTo }, format: 'csv', file: join(dir, 'warm-up.csv') }).done;
    rmSync(join(dir, 'warm-up.csv'), { force: true });
    const runs: ExportRun[] = [];
    for (const format of ['csv', 'json'] as const) {
      for (const filter of [{ to: tenthTo }, {}]) {
        const run = await measureExport(store, format, filter, join(dir, `export.${format}`), opts.repeat);
        runs.push(run);
        log(`${format} ${run.rows} rows: p50 ${run.ms.p50.toFixed(0)} ms, max ${run.ms.max.toFixed(0)} ms, ${MiB(run.bytes)} MiB, RSS +${run.rssDeltaMiB} MiB, heap peak +${run.heapPeakDeltaMiB} MiB`);
      }
    }
    const cpus = os.cpus();
    const result: CdrExportBenchResult = {
      kind: 'cdr-export',
      date: new Date().toISOString(),
      revision: gitRevision(),
      options: opts,
      machine: {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? 'unknown',
        node: process.version,
        sqlite: sqliteVersion(),
        gc: typeof (globalThis as { gc?: unknown }).gc === 'function',
        loadAvgAtEnd: loadAverage(),
      },
      seed: { rows: opts.rows, seconds: Math.round(seedSeconds * 10) / 10, dbBytes, withQuality, withContext },
      runs,
    };
    mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(REPO_ROOT, CDR_RESULT_FILE), JSON.stringify(result, null, 2) + '\n');
    const mdPath = join(REPO_ROOT, 'BENCHMARKS.md');
    const md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '# Benchmarks\n';
    writeFileSync(mdPath, upsertSection(md, CDR_SECTION_START, CDR_SECTION_END, renderCdrExportSection(result, CDR_RESULT_FILE)));
    log(`wrote ${CDR_RESULT_FILE} and BENCHMARKS.md`);
    return result;
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** BENCHMARKS.md gets the last run's section back after the foundation bench rewrote the file. */
export function restoreCdrExportSection(): void {
  const latest = join(REPO_ROOT, CDR_RESULT_FILE);
  const md = join(REPO_ROOT, 'BENCHMARKS.md');
  if (!existsSync(latest) || !existsSync(md)) return;
  const prev = JSON.parse(readFileSync(latest, 'utf8')) as CdrExportBenchResult;
  writeFileSync(md, upsertSection(readFileSync(md, 'utf8'), CDR_SECTION_START, CDR_SECTION_END, renderCdrExportSection(prev, CDR_RESULT_FILE)));
}

function sqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  } finally {
    db.close();
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  runCdrExportBench(parseCdrExportBenchArgs(process.argv.slice(2))).catch((err: unknown) => {
    console.error(`[bench:cdr] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  });
}
