/**
 * Call-quality sampling cost: what polling getStats at 1 s (and running the
 * quality engine, store update and meter render) costs the renderer of one
 * call, measured as the difference between two otherwise identical calls:
 * one with sampling at 1000 ms, one with sampling off (qualitySampleMs 0).
 *
 *   npm run build && node --import tsx bench/quality.ts [--rounds N] [--window-s S]
 *
 * Each caller page runs in its own Chromium (so its renderer processes are its
 * own, found by --user-data-dir in /proc); bob auto-answers in a third one.
 * Rounds alternate off/on to cancel drift. Two figures per window:
 *   - renderer process CPU (all threads: WebRTC's getStats work included), /proc utime+stime;
 *   - renderer main-thread busy time (CDP Performance.getMetrics TaskDuration).
 * Writes bench/results/quality-<stamp>.json, latest-quality.json and the
 * "Call-quality sampling" section of BENCHMARKS.md.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CDPSession, Page } from '@playwright/test';
import { startKamailio, type Kamailio } from '../e2e/fixtures/kamailio';
import { agentConfig, appIsBuilt, REPO_ROOT, startWebHost, type WebHost } from '../e2e/fixtures/web-host';
import { launchRigBrowser, openAgentPage, type RigBrowser } from '../e2e/fixtures/browser';
import { dial, ui, waitForConnected, waitForIdle, waitForRegistered } from '../e2e/fixtures/ui';
import { rendererCpuSeconds } from './process-cpu';
import { summarize, type Summary } from './stats';
import { upsertSection } from './report';
import { gitRevision, kamailioVersion } from './environment';

export interface QualityBenchOptions {
  rounds: number;
  windowSec: number;
}

export interface QualityBenchResult {
  kind: 'quality';
  date: string;
  revision: string | null;
  options: QualityBenchOptions;
  goalPctOfCore: number;
  machine: { cpus: number; cpuModel: string; chromium: string; kamailio: string; node: string; loadAvgAtEnd: number[] };
  /** Per window, % of one core. */
  raw: { offCpuPct: number[]; onCpuPct: number[]; offMainPct: number[]; onMainPct: number[]; samplesSeen: number[] };
  summary: { offCpuPct: Summary; onCpuPct: Summary; offMainPct: Summary; onMainPct: Summary; costCpuPct: Summary; costMainPct: Summary };
}

export const QUALITY_SECTION_START = '<!-- quality-bench:start -->';
export const QUALITY_SECTION_END = '<!-- quality-bench:end -->';

function intArg(argv: string[], flag: string, dflt: number, min: number, max: number): number {
  const i = argv.indexOf(flag);
  const raw = i >= 0 ? argv[i + 1] : undefined;
  const n = raw === undefined ? dflt : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} must be an integer ${min}..${max} (got ${raw})`);
  return n;
}

export function parseQualityBenchArgs(argv: string[]): QualityBenchOptions {
  return { rounds: intArg(argv, '--rounds', 3, 1, 20), windowSec: intArg(argv, '--window-s', 20, 5, 300) };
}

const log = (msg: string) => process.stdout.write(`[bench:quality] ${msg}\n`);

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

type Caller = { name: 'off' | 'on'; page: Page; browser: RigBrowser; cdp: CDPSession };

async function measureWindow(c: Caller, bob: Page, windowSec: number): Promise<{ cpuPct: number; mainPct: number; samples: number }> {
  await dial(c.page, 'bob');
  await Promise.all([waitForConnected(c.page), waitForConnected(bob)]);
  await c.page.waitForTimeout(3000); // past call setup: measure the steady call
  const cpu0 = rendererCpuSeconds(c.browser.profileDir);
  const main0 = await taskSeconds(c.cdp);
  const t0 = performance.now();
  const seen = new Set<string>();
  // Count meter updates on the way (one cheap DOM read a second, the same in both modes).
  while (performance.now() - t0 < windowSec * 1000) {
    await c.page.waitForTimeout(1000);
    const at = await ui.qualityMeter(c.page).getAttribute('data-sampled-at');
    if (at) seen.add(at);
  }
  const samples = seen.size;
  const elapsed = (performance.now() - t0) / 1000;
  const cpuPct = ((rendererCpuSeconds(c.browser.profileDir) - cpu0) / elapsed) * 100;
  const mainPct = (((await taskSeconds(c.cdp)) - main0) / elapsed) * 100;
  await ui.hangUpButton(c.page).click();
  await Promise.all([waitForIdle(c.page), waitForIdle(bob)]);
  return { cpuPct, mainPct, samples };
}

const fmt = (n: number) => n.toFixed(2);

export function renderQualitySection(r: QualityBenchResult, resultFile: string): string {
  const row = (label: string, s: Summary) => `| ${label} | ${s.n} | ${fmt(s.min)} | ${fmt(s.p50)} | ${fmt(s.mean)} | ${fmt(s.p95)} | ${fmt(s.max)} |`;
  const cost = r.summary.costCpuPct.mean;
  const m = r.machine;
  return `${QUALITY_SECTION_START}
## Call-quality sampling: cost in the renderer

Generated by \`bench/quality.ts\` (also run by \`npm run bench\`). Raw samples: \`${resultFile}\`
(latest also in \`bench/results/latest-quality.json\`).

Run ${r.date}${r.revision ? ` at ${r.revision}` : ''}: one call at a time, alice -> bob through a private Kamailio ${m.kamailio} on loopback, each caller
page in its own headless Chromium ${m.chromium}; ${r.options.rounds} rounds alternating a caller with sampling off (\`qualitySampleMs: 0\`)
and one with sampling every 1000 ms, ${r.options.windowSec} s measured per call after 3 s of settling.
Machine: ${m.cpus} x ${m.cpuModel}, Node ${m.node}; load average at the end ${m.loadAvgAtEnd.join(' ')}.

Figures are % of one core over each window.

| metric | n | min | p50 | mean | p95 | max |
|---|---|---|---|---|---|---|
${row('renderer CPU, sampling off', r.summary.offCpuPct)}
${row('renderer CPU, sampling at 1 s', r.summary.onCpuPct)}
${row('renderer CPU: cost of sampling (on - off, per round)', r.summary.costCpuPct)}
${row('main thread busy, sampling off', r.summary.offMainPct)}
${row('main thread busy, sampling at 1 s', r.summary.onMainPct)}
${row('main thread: cost of sampling (on - off, per round)', r.summary.costMainPct)}

Goal: sampling costs under ${r.goalPctOfCore} % of a core: mean cost ${fmt(cost)} % (${cost < r.goalPctOfCore ? 'met' : 'NOT met'}).
The spread of the sampling-off windows alone is ${fmt(r.summary.offCpuPct.max - r.summary.offCpuPct.min)} % (max - min): a process-level
difference smaller than that (or negative) means the cost is within the measurement's noise; the main-thread
difference (${fmt(r.summary.costMainPct.mean)} % mean) is the sampler's own JavaScript, store update and meter render.
The call itself (Opus encode/decode, DTLS-SRTP, audio I/O) is in both figures; only the difference is the sampler's.
Meter updates seen per window with sampling on: ${r.raw.samplesSeen.join(', ')}.

- **renderer CPU**: utime + stime of every \`--type=renderer\` process of that caller's browser, from /proc (10 ms ticks), over the window.
- **main thread busy**: Chromium's TaskDuration (CDP \`Performance.getMetrics\`) of the caller page over the window.
${QUALITY_SECTION_END}
`;
}

export async function runQualityBench(opts: QualityBenchOptions): Promise<QualityBenchResult> {
  if (!appIsBuilt()) throw new Error('the app is not built: run npm run build first');
  const logDir = mkdtempSync(join(os.tmpdir(), 'warmline-bench-quality-'));
  log(`logs in ${logDir}`);
  let kamailio: Kamailio | null = null;
  const hosts: WebHost[] = [];
  const browsers: RigBrowser[] = [];
  try {
    kamailio = await startKamailio({ logDir });
    const ws = kamailio.wsUrl;
    const bobHost = await startWebHost({ name: 'bob', logDir, config: agentConfig(ws, 'bob', { preferences: { autoAnswer: true } }) });
    hosts.push(bobHost);
    const bobBrowser = await launchRigBrowser();
    browsers.push(bobBrowser);
    const bob = await openAgentPage(bobBrowser.context, bobHost.url);
    await waitForRegistered(bob);

    const callers: Caller[] = [];
    for (const [name, user, sampleMs] of [['off', 'alice', 0], ['on', 'carol', 1000]] as const) {
      const host = await startWebHost({ name: `${user}-${name}`, logDir, config: agentConfig(ws, user, { preferences: { qualitySampleMs: sampleMs } }) });
      hosts.push(host);
      const browser = await launchRigBrowser();
      browsers.push(browser);
      const page = await openAgentPage(browser.context, host.url);
      await waitForRegistered(page);
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Performance.enable');
      callers.push({ name, page, browser, cdp });
    }
    log('bob, the sampling-off caller (alice) and the sampling-on caller (carol) registered');

    const raw: QualityBenchResult['raw'] = { offCpuPct: [], onCpuPct: [], offMainPct: [], onMainPct: [], samplesSeen: [] };
    for (let round = 1; round <= opts.rounds; round++) {
      for (const c of round % 2 ? callers : [...callers].reverse()) {
        const w = await measureWindow(c, bob, opts.windowSec);
        if (c.name === 'off') {
          if (w.samples > 0) throw new Error('the sampling-off caller showed a quality score: qualitySampleMs 0 was not honoured');
          raw.offCpuPct.push(w.cpuPct);
          raw.offMainPct.push(w.mainPct);
        } else {
          if (w.samples === 0) throw new Error('the sampling-on caller never showed a quality score');
          raw.onCpuPct.push(w.cpuPct);
          raw.onMainPct.push(w.mainPct);
          raw.samplesSeen.push(w.samples);
        }
        log(`round ${round} ${c.name}: renderer CPU ${fmt(w.cpuPct)} %, main thread ${fmt(w.mainPct)} %${c.name === 'on' ? `, ${w.samples} meter updates` : ''}`);
      }
    }
    const diff = (a: number[], b: number[]) => a.map((x, i) => x - (b[i] ?? 0));
    const cpus = os.cpus();
    const now = new Date();
    const result: QualityBenchResult = {
      kind: 'quality',
      date: now.toISOString(),
      revision: gitRevision(),
      options: opts,
      goalPctOfCore: 1,
      machine: { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', chromium: browsers[0]!.version, kamailio: kamailioVersion(), node: process.version, loadAvgAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
      raw,
      summary: {
        offCpuPct: summarize(raw.offCpuPct),
        onCpuPct: summarize(raw.onCpuPct),
        offMainPct: summarize(raw.offMainPct),
        onMainPct: summarize(raw.onMainPct),
        costCpuPct: summarize(diff(raw.onCpuPct, raw.offCpuPct)),
        costMainPct: summarize(diff(raw.onMainPct, raw.offMainPct)),
      },
    };
    const resultsDir = join(REPO_ROOT, 'bench/results');
    mkdirSync(resultsDir, { recursive: true });
    const stamp = now.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
    const rel = `bench/results/quality-${stamp}.json`;
    writeFileSync(join(REPO_ROOT, rel), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(resultsDir, 'latest-quality.json'), JSON.stringify(result, null, 2) + '\n');
    const mdPath = join(REPO_ROOT, 'BENCHMARKS.md');
    const md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '# Benchmarks\n';
    writeFileSync(mdPath, upsertSection(md, QUALITY_SECTION_START, QUALITY_SECTION_END, renderQualitySection(result, rel)));
    log(`wrote ${rel}; sampling cost: renderer CPU ${fmt(result.summary.costCpuPct.mean)} % of a core (mean), main thread ${fmt(result.summary.costMainPct.mean)} %`);
    return result;
  } finally {
    for (const b of browsers) await b.close();
    for (const h of hosts) await h.stop();
    await kamailio?.stop();
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  runQualityBench(parseQualityBenchArgs(process.argv.slice(2))).catch((err: unknown) => {
    console.error(`[bench:quality] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  });
}
