/**
 * Session feed hub: ingest throughput and acknowledgement latency over HTTP,
 * fan-out latency to many stream subscribers, and session-list queries over
 * 90 days of sessions.
 *
 *   npm run build && node --import tsx bench/hub.ts [--hub-seconds S] [--hub-concurrency C]
 *       [--hub-subscribers N] [--hub-events N] [--hub-sessions N]
 *
 * The hub runs inside the real built web host (its own process, database on
 * disk with WAL + synchronous=FULL); the load loop, the subscribers and the
 * clock are in this process, over loopback. The session-list part opens the
 * hub's store in this process on a database seeded with derived session rows.
 * Writes bench/results/hub-<stamp>.json, latest-hub.json and the "Session feed
 * hub" section of BENCHMARKS.md.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import Database from 'better-sqlite3';
import type { FeedEventInput } from '../shared/feed/feed-event';
import { SessionQuerySchema } from '../shared/feed/session-query';
import type { SessionSummary } from '../shared/feed/session-summary';
import { FeedStore } from '../electron/host/hub/feed-store';
import { HUB_PLATFORM, HUB_SUBSCRIBER_TOKEN, hubConfig } from '../e2e/fixtures/hub-client';
import { appIsBuilt, REPO_ROOT, startWebHost, type WebHost } from '../e2e/fixtures/web-host';
import { summarize, type Summary } from './stats';
import { upsertSection } from './report';
import { gitRevision } from './environment';

export interface HubBenchOptions {
  seconds: number;
  concurrency: number;
  subscribers: number;
  fanoutEvents: number;
  sessions: number;
}

type IngestRun = { batch: number; concurrency: number; seconds: number; requests: number; events: number; eventsPerSec: number; ackMs: Summary };

export interface HubBenchResult {
  kind: 'hub';
  date: string;
  revision: string | null;
  options: HubBenchOptions;
  machine: { cpus: number; cpuModel: string; node: string; sqlite: string; loadAvgAtEnd: number[] };
  ingest: IngestRun[];
  storage: { events: number; dbBytes: number; bytesPerEvent: number; eventJsonBytes: number };
  fanout: { subscribers: number; events: number; sendToAckMs: Summary; sendToAllMs: Summary; ackToAllMs: Summary };
  sessions: { rows: number; seedSeconds: number; dbBytes: number; bytesPerSession: number; queries: { name: string; rows: number; ms: Summary }[] };
}

export const HUB_SECTION_START = '<!-- hub-bench:start -->';
export const HUB_SECTION_END = '<!-- hub-bench:end -->';

function intArg(argv: string[], flag: string, dflt: number, min: number, max: number): number {
  const i = argv.indexOf(flag);
  const raw = i >= 0 ? argv[i + 1] : undefined;
  const n = raw === undefined ? dflt : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} must be an integer ${min}..${max} (got ${raw})`);
  return n;
}

export function parseHubBenchArgs(argv: string[]): HubBenchOptions {
  return {
    seconds: intArg(argv, '--hub-seconds', 8, 1, 300),
    concurrency: intArg(argv, '--hub-concurrency', 4, 1, 64),
    subscribers: intArg(argv, '--hub-subscribers', 50, 1, 1000),
    fanoutEvents: intArg(argv, '--hub-events', 200, 10, 10_000),
    sessions: intArg(argv, '--hub-sessions', 900_000, 1000, 5_000_000),
  };
}

const log = (msg: string) => process.stdout.write(`[bench:hub] ${msg}\n`);

/** A caller turn of about the length speech recognition produces per utterance. */
const TURN_TEXT = 'I was charged twice for the same order last week and I would like one of the charges refunded, please.';

function turn(sessionId: string, seq: number): FeedEventInput {
  return { sessionId, seq, at: new Date().toISOString(), type: 'transcript.turn', speaker: 'caller', text: TURN_TEXT };
}

/** POST one batch on a keep-alive agent; resolves with the acknowledged cursor when the 200 has been read. */
function post(agent: http.Agent, port: number, events: FeedEventInput[]): Promise<number> {
  const body = JSON.stringify(events);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/feed/v1/events',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${HUB_PLATFORM.token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`ingest answered ${res.statusCode}: ${text}`));
          resolve((JSON.parse(text) as { cursor: number }).cursor);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** `concurrency` closed loops, each posting its own session's next batch as soon as the previous one is acknowledged. */
async function ingestRun(port: number, batch: number, concurrency: number, seconds: number, tag: string): Promise<IngestRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let requests = 0;
  const loop = async (w: number, until: number, record: boolean) => {
    const sessionId = `${tag}-w${w}-${record ? 'm' : 'warm'}`;
    let seq = 0;
    while (performance.now() < until) {
      const events = Array.from({ length: batch }, () => turn(sessionId, seq++));
      const t0 = performance.now();
      await post(agent, port, events);
      if (record) {
        latencies.push(performance.now() - t0);
        requests++;
      }
    }
  };
  // One second of warm-up (JIT, connections, SQLite page cache), not recorded.
  const warm = performance.now() + 1000;
  await Promise.all(Array.from({ length: concurrency }, (_, w) => loop(w, warm, false)));
  const start = performance.now();
  const until = start + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, (_, w) => loop(w, until, true)));
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  const events = requests * batch;
  return { batch, concurrency, seconds: elapsed, requests, events, eventsPerSec: events / elapsed, ackMs: summarize(latencies) };
}

async function fanoutRun(port: number, subscribers: number, count: number): Promise<HubBenchResult['fanout']> {
  const waiting = new Map<number, { left: number; done: (at: number) => void }>();
  const early = new Map<number, { count: number; lastAt: number }>(); // arrivals before the ack told us the cursor
  const clients = await Promise.all(
    Array.from(
      { length: subscribers },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/feed/v1/stream`, { headers: { authorization: `Bearer ${HUB_SUBSCRIBER_TOKEN}` } });
          ws.on('message', (data) => {
            const at = performance.now();
            const frame = JSON.parse(data.toString()) as { cursor: number; type?: string };
            if (frame.type === 'ready') return resolve(ws);
            const w = waiting.get(frame.cursor);
            if (!w) return void early.set(frame.cursor, { count: (early.get(frame.cursor)?.count ?? 0) + 1, lastAt: at });
            if (--w.left === 0) w.done(at);
          });
          ws.once('error', reject);
        }),
    ),
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const sendToAck: number[] = [];
  const sendToAll: number[] = [];
  const ackToAll: number[] = [];
  for (let i = 0; i < count; i++) {
    let allAt: number;
    const t0 = performance.now();
    const cursor = await post(agent, port, [turn('fanout', i)]);
    const ackAt = performance.now();
    const seenEarly = early.get(cursor);
    early.delete(cursor);
    if (seenEarly?.count === subscribers) allAt = seenEarly.lastAt; // every subscriber had it before the ack was read
    else {
      allAt = await new Promise<number>((done) => waiting.set(cursor, { left: subscribers - (seenEarly?.count ?? 0), done }));
      waiting.delete(cursor);
    }
    sendToAck.push(ackAt - t0);
    sendToAll.push(allAt - t0);
    ackToAll.push(allAt - ackAt);
    await new Promise((r) => setTimeout(r, 5));
  }
  agent.destroy();
  for (const ws of clients) ws.close();
  return { subscribers, events: count, sendToAckMs: summarize(sendToAck), sendToAllMs: summarize(sendToAll), ackToAllMs: summarize(ackToAll) };
}

const INTENTS = ['Dispute a charge', 'Reset password', 'Change address', 'Cancel order', 'Billing question', 'Technical support', 'Upgrade plan', 'Report outage'];

/** `n` sessions spread evenly over 90 days, shaped like real derived rows (about 1 KB of JSON each). */
function* seededSessions(n: number, day0: number): Generator<SessionSummary> {
  const outcomes = ['resolved', 'transferred', 'abandoned', 'failed'] as const;
  for (let i = 0; i < n; i++) {
    const start = day0 + Math.floor((i * 90 * 86_400_000) / n);
    const outcome = outcomes[i % 7 === 0 ? 2 : i % 11 === 0 ? 3 : i % 3 === 0 ? 1 : 0]!;
    const at = (s: number) => new Date(start + s * 1000).toISOString();
    yield {
      sessionId: `sess-${i.toString(36)}-${((i * 2654435761) % 2 ** 32).toString(36)}`,
      platform: 'lab',
      platformName: 'LabVoice',
      startedAt: at(0),
      endedAt: at(240),
      lastEventAt: at(240),
      caller: { name: `Caller ${i}`, number: `+1415${String(5_550_000 + (i % 100_000)).padStart(7, '0')}` },
      aiAgent: 'Ava',
      language: 'en-US',
      targetQueue: 'billing',
      intent: INTENTS[i % INTENTS.length]!,
      sentiment: 'neutral',
      summary: 'Caller asked about a charge on their last statement; the AI looked up the account, found two payments for one order and offered a refund, which needs a human. '.repeat(2),
      facts: [
        { label: 'Order', value: `A-${i}` },
        { label: 'Amount', value: '$42.00' },
      ],
      confidence: 0.8,
      outcome,
      transferred: outcome === 'transferred',
      targetAgent: outcome === 'transferred' ? 'sip:alice@lab.warmline.test' : null,
      transferReason: outcome === 'transferred' ? 'Refunds need a human' : null,
      transferOutcome: outcome === 'transferred' ? 'connected' : null,
      transferAgent: outcome === 'transferred' ? 'sip:alice@lab.warmline.test' : null,
      turns: 24,
      events: 40,
      maxSeq: 39,
      lastQuality: { at: at(120), mos: 4.3, jitterMs: 4, lossPct: 0.1, rttMs: 40 },
    };
  }
}

async function sessionsRun(n: number, dir: string): Promise<HubBenchResult['sessions']> {
  const file = join(dir, 'sessions.sqlite');
  const day0 = Date.parse('2026-01-01T00:00:00Z');
  const opened = FeedStore.open(file);
  if (!opened.ok) throw new Error(opened.reason);
  const t0 = performance.now();
  opened.store.putSessions(seededSessions(n, day0));
  const seedSeconds = (performance.now() - t0) / 1000;
  opened.store.close(); // checkpoints the WAL into the file
  const dbBytes = statSync(file).size;
  const again = FeedStore.open(file);
  if (!again.ok) throw new Error(again.reason);
  const store = again.store;
  const day = (d: number) => new Date(day0 + d * 86_400_000).toISOString();
  const shapes: [string, Record<string, string>][] = [
    ['newest 50, no filter', {}],
    ['outcome=abandoned', { outcome: 'abandoned' }],
    ['intent (any case)', { intent: 'reset password' }],
    ['transferred=true', { transferred: 'true' }],
    ['caller number', { number: '+14155550123' }],
    ['one day (from/to)', { from: day(40), to: day(41) }],
    ['one day + outcome', { from: day(40), to: day(41), outcome: 'transferred' }],
    ['intent + transferred + from', { intent: 'Cancel order', transferred: 'false', from: day(60) }],
  ];
  const queries: HubBenchResult['sessions']['queries'] = [];
  for (const [name, raw] of shapes) {
    const q = SessionQuerySchema.parse(raw);
    const times: number[] = [];
    let rows = 0;
    for (let k = 0; k < 30; k++) {
      const t = performance.now();
      rows = store.listSessions(q).sessions.length;
      times.push(performance.now() - t);
    }
    queries.push({ name, rows, ms: summarize(times) });
  }
  // Paging: the 20th page of 50 (following `next`), timed per page.
  const pageTimes: number[] = [];
  let before: string | undefined;
  for (let p = 0; p < 20; p++) {
    const t = performance.now();
    const page = store.listSessions(SessionQuerySchema.parse(before ? { before } : {}));
    pageTimes.push(performance.now() - t);
    before = page.next ?? undefined;
  }
  queries.push({ name: 'pages 1-20 via before', rows: 50, ms: summarize(pageTimes) });
  store.close();
  return { rows: n, seedSeconds, dbBytes, bytesPerSession: dbBytes / n, queries };
}

function sqliteVersion(): string {
  const db = new Database(':memory:');
  const v = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  return v;
}

const f1 = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(1)) : 'n/a');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const mb = (b: number) => (b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${(b / 1e6).toFixed(1)} MB`);

export function renderHubSection(r: HubBenchResult, resultFile: string): string {
  const m = r.machine;
  const ingestRows = r.ingest.map(
    (i) => `| ${i.batch} | ${i.concurrency} | ${f1(i.seconds)} | ${i.requests} | ${i.events} | ${f1(i.eventsPerSec)} | ${f2(i.ackMs.p50)} | ${f2(i.ackMs.p95)} | ${f2(i.ackMs.max)} |`,
  );
  const fo = r.fanout;
  const foRow = (label: string, s: Summary) => `| ${label} | ${s.n} | ${f2(s.min)} | ${f2(s.p50)} | ${f2(s.p95)} | ${f2(s.max)} |`;
  const qRows = r.sessions.queries.map((q) => `| ${q.name} | ${q.rows} | ${f2(q.ms.p50)} | ${f2(q.ms.p95)} | ${f2(q.ms.max)} |`);
  const perDay = 10_000;
  const eventsPerSession = 40;
  const s = r.sessions;
  return `${HUB_SECTION_START}
## Session feed hub

Generated by \`bench/hub.ts\` (also run by \`npm run bench\`; skip with \`--skip-hub\`). Raw samples: \`${resultFile}\`
(latest also in \`bench/results/latest-hub.json\`).

Run ${r.date}${r.revision ? ` at ${r.revision}` : ''}. Machine: ${m.cpus} x ${m.cpuModel}, Node ${m.node}, SQLite ${m.sqlite}; load average at the end ${m.loadAvgAtEnd.join(' ')}.
The hub runs in the built web host (its own process; database on local disk, WAL, \`synchronous=FULL\`, one transaction per
request). The load loop and the subscribers run in the bench process and talk to it over loopback HTTP/WebSocket, so on this
${m.cpus}-core machine client and server compete for the same cores: the numbers are a floor for the hub, not its ceiling.

### Ingest: \`POST /feed/v1/events\`, acknowledged after commit

${r.options.concurrency} closed loops (each posts its next batch as soon as the previous one is acknowledged, keep-alive connections), ${r.options.seconds} s
measured after 1 s of warm-up. Events are \`transcript.turn\` of ${r.storage.eventJsonBytes} bytes of JSON. "Ack" is request sent -> 200 read by the client,
which includes validation, the fsync of the WAL, session derivation and fan-out.

| events per request | concurrency | s | requests | events | events/s | ack p50 ms | ack p95 ms | ack max ms |
|---|---|---|---|---|---|---|---|---|
${ingestRows.join('\n')}

### Fan-out to ${fo.subscribers} stream subscribers

${fo.events} single-event requests, one at a time 5 ms apart, with ${fo.subscribers} WebSocket subscribers (live, no cursor) in the bench process.
"All" is when the last of the ${fo.subscribers} has received and parsed the frame. The hub queues the frames before it writes the HTTP answer,
so "ack -> all" can be below zero: subscribers had it before the producer read its acknowledgement.

| metric (ms) | n | min | p50 | p95 | max |
|---|---|---|---|---|---|
${foRow('request sent -> ack read', fo.sendToAckMs)}
${foRow(`request sent -> all ${fo.subscribers} have it`, fo.sendToAllMs)}
${foRow(`ack read -> all ${fo.subscribers} have it`, fo.ackToAllMs)}

### Session lists over 90 days

${s.rows.toLocaleString('en-US')} derived session rows (${Math.round(s.rows / 90).toLocaleString('en-US')} a day for 90 days; about 1 KB of summary JSON each) written straight into the
\`sessions\` table in ${f1(s.seedSeconds)} s, file ${mb(s.dbBytes)} (${f1(s.bytesPerSession)} bytes a session with its six indexes). Each query is
\`listSessions\` in process (no HTTP), page of 50, 30 runs, page cache warm.

| query | rows | p50 ms | p95 ms | max ms |
|---|---|---|---|---|
${qRows.join('\n')}

Sizes at ${perDay.toLocaleString('en-US')} sessions a day: the \`sessions\` table grows by about ${mb(perDay * s.bytesPerSession)} a day (${mb(90 * perDay * s.bytesPerSession)} for 90 days).
Stored events measured ${f1(r.storage.bytesPerEvent)} bytes each on disk (${r.storage.events.toLocaleString('en-US')} events after the ingest runs, file checkpointed);
at ${eventsPerSession} events a session that is about ${mb(perDay * eventsPerSession * r.storage.bytesPerEvent)} a day, ${mb(90 * perDay * eventsPerSession * r.storage.bytesPerEvent)} for 90 days.
Lists read only \`sessions\` and its indexes; events are read for one session at a time (\`GET /feed/v1/sessions/:id\`) and for stream replays.
${HUB_SECTION_END}
`;
}

export async function runHubBench(opts: HubBenchOptions): Promise<HubBenchResult> {
  if (!appIsBuilt()) throw new Error('the app is not built: run npm run build first');
  const logDir = mkdtempSync(join(os.tmpdir(), 'warmline-bench-hub-'));
  log(`logs in ${logDir}`);
  let host: WebHost | null = null;
  try {
    host = await startWebHost({ name: 'hub', logDir, config: hubConfig() });
    const port = Number(new URL(host.url).port);
    const ingest: IngestRun[] = [];
    for (const batch of [1, 50]) {
      const run = await ingestRun(port, batch, opts.concurrency, opts.seconds, `load-${batch}`);
      ingest.push(run);
      log(`batch ${batch}: ${f1(run.eventsPerSec)} events/s, ack p50 ${f2(run.ackMs.p50)} ms, p95 ${f2(run.ackMs.p95)} ms (${run.requests} requests)`);
    }
    const fanout = await fanoutRun(port, opts.subscribers, opts.fanoutEvents);
    log(`fan-out to ${opts.subscribers}: ack->all p50 ${f2(fanout.ackToAllMs.p50)} ms, p95 ${f2(fanout.ackToAllMs.p95)}, max ${f2(fanout.ackToAllMs.max)}; send->all p95 ${f2(fanout.sendToAllMs.p95)} ms`);
    const dbFile = join(host.dataDir, 'hub', 'feed.sqlite');
    await host.stop(); // SIGTERM: the hub closes its database, which checkpoints the WAL
    host = null;
    const db = new Database(dbFile, { readonly: true });
    const stored = (db.prepare('SELECT count(*) AS n, avg(length(body)) AS len FROM events').get() as { n: number; len: number });
    db.close();
    const dbBytes = statSync(dbFile).size;
    const storage = { events: stored.n, dbBytes, bytesPerEvent: dbBytes / stored.n, eventJsonBytes: Math.round(stored.len) };
    log(`stored ${stored.n} events (measured runs, warm-up and fan-out) in ${mb(dbBytes)}: ${f1(storage.bytesPerEvent)} bytes/event`);

    log(`seeding ${opts.sessions} sessions for the list queries`);
    const sessions = await sessionsRun(opts.sessions, logDir);
    for (const q of sessions.queries) log(`${q.name}: p50 ${f2(q.ms.p50)} ms, p95 ${f2(q.ms.p95)} ms`);

    const cpus = os.cpus();
    const now = new Date();
    const result: HubBenchResult = {
      kind: 'hub',
      date: now.toISOString(),
      revision: gitRevision(),
      options: opts,
      machine: { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', node: process.version, sqlite: sqliteVersion(), loadAvgAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
      ingest,
      storage,
      fanout,
      sessions,
    };
    const resultsDir = join(REPO_ROOT, 'bench/results');
    mkdirSync(resultsDir, { recursive: true });
    const stamp = now.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
    const rel = `bench/results/hub-${stamp}.json`;
    writeFileSync(join(REPO_ROOT, rel), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(resultsDir, 'latest-hub.json'), JSON.stringify(result, null, 2) + '\n');
    const mdPath = join(REPO_ROOT, 'BENCHMARKS.md');
    const md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '# Benchmarks\n';
    writeFileSync(mdPath, upsertSection(md, HUB_SECTION_START, HUB_SECTION_END, renderHubSection(result, rel)));
    log(`wrote ${rel}, bench/results/latest-hub.json and BENCHMARKS.md`);
    return result;
  } finally {
    await host?.stop();
    // The seeded database is large; the host's logs and data stay for inspection.
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(logDir, `sessions.sqlite${suffix}`), { force: true });
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  runHubBench(parseHubBenchArgs(process.argv.slice(2))).catch((err: unknown) => {
    console.error(`[bench:hub] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  });
}
