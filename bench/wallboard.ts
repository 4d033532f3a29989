/**
 * Supervisor wallboard under load: the built app as a supervisor in headless
 * Chromium, N simulated live AI sessions posted to the hub's ingest API, then
 * a steady stream of events (transcript turns, sentiment/confidence updates,
 * quality samples, transfers, sessions ending and new ones starting) for S
 * seconds. The page counts main-thread long tasks (PerformanceObserver
 * 'longtask', > 50 ms each) and animation frames (requestAnimationFrame);
 * CDP's TaskDuration gives the main thread's busy share.
 *
 *   npm run build && node --import tsx bench/wallboard.ts [--wb-sessions N] [--wb-rate EVENTS_PER_S] [--wb-seconds S]
 *
 * Writes bench/results/wallboard-<stamp>.json, latest-wallboard.json and the
 * "Supervisor wallboard" section of BENCHMARKS.md. Goal: no long task.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CDPSession, Page } from '@playwright/test';
import type { FeedEventInput } from '../shared/feed/feed-event';
import { launchRigBrowser, recordConsole, type RigBrowser } from '../e2e/fixtures/browser';
import { hubConfig, postEvents } from '../e2e/fixtures/hub-client';
import { appIsBuilt, REPO_ROOT, startWebHost, type WebHost } from '../e2e/fixtures/web-host';
import { upsertSection } from './report';
import { summarize, type Summary } from './stats';
import { gitRevision } from './environment';

export interface WallboardBenchOptions {
  sessions: number;
  rate: number;
  seconds: number;
}

type PhaseMeasure = {
  seconds: number;
  frames: number;
  fps: number;
  frameIntervalMs: Summary;
  /** Frames that took longer than 50 ms to come (a visible stutter). */
  framesOver50ms: number;
  longTasks: number;
  longTaskMaxMs: number;
  longTaskTotalMs: number;
  /** Main thread busy, % of the phase (CDP Performance.getMetrics TaskDuration). */
  mainThreadBusyPct: number;
};

export interface WallboardBenchResult {
  kind: 'wallboard';
  date: string;
  revision: string | null;
  options: WallboardBenchOptions;
  machine: { cpus: number; cpuModel: string; chromium: string; node: string; viewport: string; loadAvgAtEnd: number[] };
  /** The N sessions arriving (session.started + a first update each, 500 per request): until the page counts N live. */
  seed: PhaseMeasure & { events: number; msToShown: number };
  /** The steady stream. */
  stream: PhaseMeasure & {
    events: number;
    requests: number;
    achievedRate: number;
    /** From the last event's acknowledgement to the page showing it (a marker in the open session). */
    lastEventToScreenMs: number;
    /** Rows of the wallboard in the DOM at the end (the window, not N). */
    domRows: number;
    /** Final turns streamed to the open session vs shown in its transcript. */
    openSessionTurnsSent: number;
    openSessionTurnsShown: number;
  };
  goalLongTasks: 0;
  met: boolean;
}

export const WALLBOARD_SECTION_START = '<!-- wallboard-bench:start -->';
export const WALLBOARD_SECTION_END = '<!-- wallboard-bench:end -->';

function intArg(argv: string[], flag: string, dflt: number, min: number, max: number): number {
  const i = argv.indexOf(flag);
  const raw = i >= 0 ? argv[i + 1] : undefined;
  const n = raw === undefined ? dflt : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} must be an integer ${min}..${max} (got ${raw})`);
  return n;
}

export function parseWallboardBenchArgs(argv: string[]): WallboardBenchOptions {
  return {
    sessions: intArg(argv, '--wb-sessions', 1000, 10, 10_000),
    rate: intArg(argv, '--wb-rate', 200, 1, 5000),
    seconds: intArg(argv, '--wb-seconds', 30, 5, 600),
  };
}

const log = (msg: string) => process.stdout.write(`[bench:wallboard] ${msg}\n`);
const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

// ---- the simulated AI platform ----

const FIRST = ['Dana', 'Lee', 'Ann', 'Omar', 'Kim', 'Ravi', 'Sofia', 'Jon', 'Mei', 'Tomás'];
const LAST = ['Reyes', 'Park', 'Dale', 'Haddad', 'Lo', 'Iyer', 'Rossi', 'Berg', 'Chen', 'Ortiz'];
const INTENTS = ['Dispute a charge', 'Change address', 'Check balance', 'Cancel plan', 'Report outage', 'Upgrade plan', 'Refund', 'Reset password'];
const SENTIMENTS = ['positive', 'neutral', 'negative', 'mixed'] as const;

/** A deterministic stream of events over a pool of live sessions, each with its own seq. */
class Platform {
  private readonly seq = new Map<string, number>();
  private readonly live: string[] = [];
  private readonly transferring = new Set<string>();
  private next = 0;
  private n = 0;
  constructor(readonly openId: string) {}

  start(count: number): FeedEventInput[] {
    const out: FeedEventInput[] = [];
    for (let i = 0; i < count; i++) out.push(...this.newSession());
    return out;
  }

  private newSession(): FeedEventInput[] {
    const i = this.next++;
    const id = i === 0 ? this.openId : `wb-${i}`;
    this.live.push(id);
    this.seq.set(id, 0);
    const now = new Date().toISOString();
    return [
      { sessionId: id, seq: 0, at: now, type: 'session.started', caller: { name: `${FIRST[i % 10]} ${LAST[Math.floor(i / 10) % 10]}`, number: `+1415${String(5550000 + i).padStart(7, '0')}` }, aiAgent: { name: 'Ava' } },
      { sessionId: id, seq: this.bump(id), at: now, type: 'session.updated', intent: INTENTS[i % INTENTS.length], sentiment: SENTIMENTS[i % 4], confidence: ((i * 37) % 100) / 100 },
    ];
  }

  private bump(id: string): number {
    const s = (this.seq.get(id) ?? 0) + 1;
    this.seq.set(id, s);
    return s;
  }

  /** Turns that the open session got (final ones), to check its transcript at the end. */
  openTurns = 0;

  events(count: number): FeedEventInput[] {
    const out: FeedEventInput[] = [];
    while (out.length < count) {
      const k = this.n++;
      // Every 8th event goes to the open session, so its view streams too.
      const id = k % 8 === 0 ? this.openId : this.live[(k * 7919) % this.live.length]!;
      const at = new Date().toISOString();
      const r = (k * 2654435761) % 1000;
      if (id !== this.openId && r < 5) {
        // 0.5 %: the session ends (resolved or transferred) and a new caller takes its place.
        out.push({ sessionId: id, seq: this.bump(id), at, type: 'session.ended', outcome: this.transferring.has(id) ? 'transferred' : 'resolved' });
        this.live.splice(this.live.indexOf(id), 1);
        this.transferring.delete(id);
        out.push(...this.newSession());
      } else if (id !== this.openId && r < 15) {
        if (this.transferring.has(id)) {
          out.push({ sessionId: id, seq: this.bump(id), at, type: 'transfer.completed', agent: 'sip:alice@lab.warmline.test', outcome: r % 2 ? 'connected' : 'failed' });
          this.transferring.delete(id);
        } else {
          out.push({
            sessionId: id,
            seq: this.bump(id),
            at,
            type: 'transfer.requested',
            targetAgent: 'sip:alice@lab.warmline.test',
            reason: 'Needs a human',
            context: { version: 'warmline.context/1', sessionId: id, intent: INTENTS[k % INTENTS.length] },
          });
          this.transferring.add(id);
        }
      } else if (r < 550) {
        const final = r % 5 !== 0;
        if (id === this.openId && final) this.openTurns++;
        out.push({ sessionId: id, seq: this.bump(id), at, type: 'transcript.turn', speaker: k % 2 ? 'caller' : 'ai', text: `Turn ${k}: ${INTENTS[k % INTENTS.length]!.toLowerCase()}, and a little more said about it.`, final });
      } else if (r < 780) {
        out.push({ sessionId: id, seq: this.bump(id), at, type: 'session.updated', sentiment: SENTIMENTS[k % 4], confidence: (k % 100) / 100 });
      } else {
        out.push({ sessionId: id, seq: this.bump(id), at, type: 'quality.sample', mos: 3 + (k % 15) / 10, jitterMs: k % 30, lossPct: (k % 10) / 10, rttMs: 20 + (k % 80) });
      }
    }
    return out;
  }
}

// ---- page measurement ----

declare global {
  interface Window {
    __wb?: { reset(): void; read(): { frames: number; intervals: number[]; longTasks: { start: number; duration: number }[]; sinceMs: number } };
  }
}

/** As source text: tsx would wrap named functions in a helper the page does not have. */
const PROBE = `(() => {
  const state = { since: performance.now(), frames: 0, last: 0, intervals: [], longTasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.startTime >= state.since) state.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: false });
  const tick = (t) => {
    if (state.last) state.intervals.push(t - state.last);
    state.last = t;
    state.frames++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__wb = {
    reset() { state.since = performance.now(); state.frames = 0; state.last = 0; state.intervals = []; state.longTasks = []; },
    read: () => ({ frames: state.frames, intervals: [...state.intervals], longTasks: [...state.longTasks], sinceMs: performance.now() - state.since }),
  };
})()`;

async function installProbe(page: Page): Promise<void> {
  await page.evaluate(PROBE);
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

async function measure<T>(page: Page, cdp: CDPSession, run: () => Promise<T>): Promise<{ value: T; m: PhaseMeasure }> {
  await page.evaluate(() => window.__wb!.reset());
  const busy0 = await taskSeconds(cdp);
  const t0 = performance.now();
  const value = await run();
  const seconds = (performance.now() - t0) / 1000;
  const busy = (await taskSeconds(cdp)) - busy0;
  const r = await page.evaluate(() => window.__wb!.read());
  return {
    value,
    m: {
      seconds,
      frames: r.frames,
      fps: r.frames / (r.sinceMs / 1000),
      frameIntervalMs: summarize(r.intervals),
      framesOver50ms: r.intervals.filter((x) => x > 50).length,
      longTasks: r.longTasks.length,
      longTaskMaxMs: Math.max(0, ...r.longTasks.map((t) => t.duration)),
      longTaskTotalMs: r.longTasks.reduce((s, t) => s + t.duration, 0),
      mainThreadBusyPct: (busy / seconds) * 100,
    },
  };
}

const counter = (page: Page, name: string) => page.getByRole('region', { name: 'Session counters' }).getByRole('group', { name, exact: true }).locator('.counter-value');

async function post(url: string, events: FeedEventInput[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    const r = await postEvents(url, events.slice(i, i + 500));
    if (r.status !== 200) throw new Error(`ingest refused (${r.status}): ${JSON.stringify(r.body)}`);
  }
}

export function renderWallboardSection(r: WallboardBenchResult, resultFile: string): string {
  const m = r.machine;
  const row = (label: string, s: PhaseMeasure) =>
    `| ${label} | ${fmt(s.seconds)} | ${s.longTasks} | ${fmt(s.longTaskMaxMs, 0)} | ${fmt(s.longTaskTotalMs, 0)} | ${fmt(s.fps)} | ${fmt(s.frameIntervalMs.p50)} / ${fmt(s.frameIntervalMs.p95)} / ${fmt(s.frameIntervalMs.max)} | ${s.framesOver50ms} | ${fmt(s.mainThreadBusyPct)} % |`;
  return `${WALLBOARD_SECTION_START}
## Supervisor wallboard

Generated by \`bench/wallboard.ts\` (also run by \`npm run bench\`, last). Raw figures: \`${resultFile}\`
(latest also in \`bench/results/latest-wallboard.json\`).

Run ${r.date}${r.revision ? ` at ${r.revision}` : ''}: the built web host provisioned as a supervisor, the app in headless Chromium ${m.chromium}
(viewport ${m.viewport}, "Live AI sessions" tab, sorted by AI confidence so every update can reorder, one session open with its
transcript streaming). ${r.options.sessions} live sessions posted to the ingest API (500 events per request), then ${r.options.rate} events/s
for ${r.options.seconds} s (${r.stream.events} events in ${r.stream.requests} requests, ${fmt(r.stream.achievedRate)} events/s achieved): transcript
turns, sentiment and confidence updates, quality samples, transfers, and 0.5 % of events ending a session that a new caller replaces.
Machine: ${m.cpus} x ${m.cpuModel}, Node ${m.node}; the web host (hub, SQLite) runs on the same machine; load average at the end ${m.loadAvgAtEnd.join(' ')}.

| phase | s | long tasks (> 50 ms) | longest ms | total ms | frames/s | frame interval p50 / p95 / max ms | frames > 50 ms | main thread busy |
|---|---|---|---|---|---|---|---|---|
${row(`${r.options.sessions} sessions arrive (${r.seed.events} events)`, r.seed)}
${row(`${r.options.rate} events/s`, r.stream)}

Goal: no long task while the stream runs: **${r.met ? 'met' : 'NOT met'}** (${r.stream.longTasks} long tasks).
The ${r.options.sessions} sessions were on screen ${fmt(r.seed.msToShown, 0)} ms after the first request. The last event of the stream was on screen
${fmt(r.stream.lastEventToScreenMs, 0)} ms after its acknowledgement. The wallboard had ${r.stream.domRows} rows in the DOM (a window over the
${r.options.sessions}); the open session showed ${r.stream.openSessionTurnsShown} of the ${r.stream.openSessionTurnsSent} final turns sent to it.

- **long tasks**: \`PerformanceObserver\` entries of type \`longtask\` on the page (main-thread tasks over 50 ms).
- **frames**: \`requestAnimationFrame\` callbacks counted on the page; the interval is between consecutive callbacks.
- **main thread busy**: Chromium's TaskDuration (CDP \`Performance.getMetrics\`) over the phase.
- How it stays smooth: events are folded into the board at most once per animation frame (at most 1000 per frame), rows
  are memoized and only the visible window is rendered, durations tick by writing their own text once a second.
${WALLBOARD_SECTION_END}
`;
}

export async function runWallboardBench(opts: WallboardBenchOptions): Promise<WallboardBenchResult> {
  if (!appIsBuilt()) throw new Error('the app is not built: run npm run build first');
  const logDir = mkdtempSync(join(os.tmpdir(), 'warmline-bench-wallboard-'));
  log(`logs in ${logDir}`);
  let host: WebHost | null = null;
  let browser: RigBrowser | null = null;
  let closeConsole: (() => Promise<void>) | null = null;
  try {
    host = await startWebHost({ name: 'supervisor', logDir, config: { ...hubConfig(), profile: { name: 'Bench Supervisor', role: 'supervisor' } } });
    const url = host.url;
    browser = await launchRigBrowser();
    const page = await browser.context.newPage();
    const viewport = { width: 1600, height: 1000 };
    await page.setViewportSize(viewport);
    closeConsole = recordConsole(page, join(logDir, 'console-supervisor.log'));
    await page.goto(url);
    await page.getByRole('status', { name: 'Feed status' }).getByText('Live', { exact: true }).waitFor({ timeout: 15_000 });
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await installProbe(page);

    const platform = new Platform('wb-open');
    const seedEvents = platform.start(opts.sessions);
    log(`posting ${opts.sessions} sessions (${seedEvents.length} events)`);
    const seeded = await measure(page, cdp, async () => {
      const t0 = performance.now();
      await post(url, seedEvents);
      await counter(page, 'Live').getByText(String(opts.sessions), { exact: true }).waitFor({ timeout: 60_000 });
      return performance.now() - t0;
    });
    log(`${opts.sessions} sessions on screen after ${fmt(seeded.value, 0)} ms; ${seeded.m.longTasks} long tasks`);

    // What a supervisor does: sort by what needs attention, open a session.
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('confidence');
    await page.getByRole('searchbox', { name: 'Search caller or intent' }).fill('');
    const grid = page.getByRole('grid', { name: 'Live AI sessions' });
    await page.getByRole('searchbox', { name: 'Search caller or intent' }).fill('+14155550000');
    await grid.getByRole('row', { name: /\+14155550000/ }).getByRole('button').first().click();
    await page.getByRole('searchbox', { name: 'Search caller or intent' }).fill('');
    await page.getByRole('log', { name: 'Transcript' }).waitFor();
    await page.waitForTimeout(1000);

    log(`streaming ${opts.rate} events/s for ${opts.seconds} s`);
    let sent = 0;
    let requests = 0;
    const streamed = await measure(page, cdp, async () => {
      const t0 = performance.now();
      const tickMs = 50;
      while (performance.now() - t0 < opts.seconds * 1000) {
        // Whatever is due by now goes in one request (one at a time: a session's events stay in seq order).
        const due = Math.floor(((performance.now() - t0) / 1000) * opts.rate) - sent;
        if (due > 0) {
          await post(url, platform.events(due));
          sent += due;
          requests++;
        }
        await new Promise((r) => setTimeout(r, tickMs));
      }
      // A marker as the very last event: the open session's summary shows it once everything before it is applied.
      const marker = `bench-done-${Date.now()}`;
      const acked = performance.now();
      await post(url, [{ sessionId: 'wb-open', seq: 10_000_000, at: new Date().toISOString(), type: 'session.updated', summary: marker }]);
      await page.getByRole('region', { name: 'Session details' }).getByText(marker).waitFor({ timeout: 30_000 });
      return performance.now() - acked;
    });
    const domRows = await grid.locator('.wallboard-body [role="row"]').count();
    const shownTurns = await page.getByRole('log', { name: 'Transcript' }).locator('.turn:not(.interim)').count();
    log(`stream: ${sent} events in ${requests} requests; ${streamed.m.longTasks} long tasks (max ${fmt(streamed.m.longTaskMaxMs, 0)} ms), ${fmt(streamed.m.fps)} frames/s, main thread ${fmt(streamed.m.mainThreadBusyPct)} %`);

    const now = new Date();
    const cpus = os.cpus();
    const result: WallboardBenchResult = {
      kind: 'wallboard',
      date: now.toISOString(),
      revision: gitRevision(),
      options: opts,
      machine: {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? 'unknown',
        chromium: browser.version,
        node: process.version,
        viewport: `${viewport.width}x${viewport.height}`,
        loadAvgAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
      },
      seed: { ...seeded.m, events: seedEvents.length, msToShown: seeded.value },
      stream: {
        ...streamed.m,
        events: sent,
        requests,
        achievedRate: sent / opts.seconds,
        lastEventToScreenMs: streamed.value,
        domRows,
        openSessionTurnsSent: platform.openTurns,
        openSessionTurnsShown: shownTurns,
      },
      goalLongTasks: 0,
      met: streamed.m.longTasks === 0,
    };
    const resultsDir = join(REPO_ROOT, 'bench/results');
    mkdirSync(resultsDir, { recursive: true });
    const stamp = now.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
    const rel = `bench/results/wallboard-${stamp}.json`;
    writeFileSync(join(REPO_ROOT, rel), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(resultsDir, 'latest-wallboard.json'), JSON.stringify(result, null, 2) + '\n');
    const mdPath = join(REPO_ROOT, 'BENCHMARKS.md');
    const md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '# Benchmarks\n';
    writeFileSync(mdPath, upsertSection(md, WALLBOARD_SECTION_START, WALLBOARD_SECTION_END, renderWallboardSection(result, rel)));
    log(`wrote ${rel}; goal (no long tasks) ${result.met ? 'met' : 'NOT met'}`);
    return result;
  } finally {
    await closeConsole?.();
    await browser?.close();
    await host?.stop();
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  runWallboardBench(parseWallboardBenchArgs(process.argv.slice(2))).catch((err: unknown) => {
    console.error(`[bench:wallboard] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  });
}
