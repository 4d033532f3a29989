/**
 * Screen-pop benchmark: how long after the INVITE reaches alice's page the
 * AI's summary is on screen in the "Transfer context" region.
 *
 *   npm run build && node --import tsx bench/context.ts [--context-samples N] [--callinfo-samples M]
 *
 * A simulated AI voice agent (e2e/ai-agent, sip.js in a page of the same
 * headless Chromium) calls alice through a private Kamailio with the context
 * in X-Warmline-Context (inline) and, separately, named by Call-Info (fetched
 * by alice's host from a loopback context server). Each call carries a unique
 * summary; a MutationObserver in alice's page records when the region's text
 * first contains it. The INVITE time is the page instrumentation's
 * (e2e/support/instrument.ts), so both ends are the same page clock. The AI
 * agent cancels each call while it rings and the next starts once alice is idle.
 *
 * Writes bench/results/context-<stamp>.json, bench/results/latest-context.json
 * and the "Screen-pop" section of BENCHMARKS.md. bench/run.ts (npm run bench)
 * runs it after the foundation bench.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { startKamailio, type Kamailio } from '../e2e/fixtures/kamailio';
import { agentConfig, appIsBuilt, REPO_ROOT, startWebHost, type WebHost } from '../e2e/fixtures/web-host';
import { launchRigBrowser, openAgentPage, pollFor, rigSnapshot, type RigBrowser } from '../e2e/fixtures/browser';
import { ui, waitForIdle, waitForRegistered } from '../e2e/fixtures/ui';
import { startAiAgent, type AiAgent } from '../e2e/fixtures/ai-agent';
import { startContextServer, type ContextServer } from '../e2e/fixtures/context-server';
import { callInfo, sampleContext, xWarmlineContext } from '../e2e/ai-agent/contexts';
import { summarize } from './stats';
import { renderContextSection, upsertContextSection, type ContextBenchResult, type ContextMetricId } from './report';
import { gitRevision, kamailioVersion } from './environment';

export interface ContextBenchOptions {
  inlineSamples: number;
  callInfoSamples: number;
}

function intArg(argv: string[], flag: string, env: string | undefined, dflt: number, min: number): number {
  const i = argv.indexOf(flag);
  const raw = i >= 0 ? argv[i + 1] : env;
  const n = raw === undefined ? dflt : Number(raw);
  if (!Number.isInteger(n) || n < min || n > 500) throw new Error(`${flag} must be an integer ${min}..500 (got ${raw})`);
  return n;
}

export function parseContextBenchArgs(argv: string[]): ContextBenchOptions {
  return {
    inlineSamples: intArg(argv, '--context-samples', process.env.BENCH_CONTEXT_SAMPLES, 50, 1),
    callInfoSamples: intArg(argv, '--callinfo-samples', process.env.BENCH_CALLINFO_SAMPLES, 20, 0),
  };
}

function log(msg: string): void {
  process.stdout.write(`[bench:context] ${msg}\n`);
}

/**
 * In alice's page: record (page clock) when the "Transfer context" region's
 * text first contains `expected`, and when the "Incoming call" region appears.
 */
const WATCH_SCRIPT = String.raw`(expected) => {
  const now = () => performance.timeOrigin + performance.now();
  const state = { expected, summaryAt: null, ringingAt: null };
  window.__ctxBench = state;
  const check = () => {
    if (state.ringingAt === null && document.querySelector('[aria-label="Incoming call"]')) state.ringingAt = now();
    if (state.summaryAt === null) {
      const region = document.querySelector('[aria-label="Transfer context"]');
      if (region && (region.textContent || '').includes(expected)) state.summaryAt = now();
    }
    if (state.summaryAt !== null && state.ringingAt !== null) obs.disconnect();
  };
  const obs = new MutationObserver(check);
  obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  check();
}`;

interface Watch {
  summaryAt: number | null;
  ringingAt: number | null;
}

async function watchFor(page: Page, expected: string): Promise<void> {
  await page.evaluate(`(${WATCH_SCRIPT})(${JSON.stringify(expected)})`);
}

function readWatch(page: Page): Promise<Watch> {
  return page.evaluate('({ summaryAt: window.__ctxBench.summaryAt, ringingAt: window.__ctxBench.ringingAt })') as Promise<Watch>;
}

interface PopSample {
  inviteToSummary: number;
  inviteToRinging: number;
}

async function measure(
  alice: Page,
  ai: AiAgent,
  samples: number,
  label: string,
  headersFor: (i: number, summary: string) => string[],
): Promise<PopSample[]> {
  const out: PopSample[] = [];
  for (let i = 0; i < samples; i++) {
    const summary = `Bench ${label} call ${i + 1}: caller disputes a $312.40 charge from Northwind (${Date.now()}).`;
    await watchFor(alice, summary);
    const callId = await ai.call('alice', headersFor(i, summary));
    const invite = await pollFor(
      async () => (await rigSnapshot(alice)).invitesReceived.find((x) => x.callId === callId) ?? null,
      10_000,
      `alice to receive the INVITE of ${callId}`,
    );
    const w = await pollFor(
      async () => {
        const r = await readWatch(alice);
        return r.summaryAt !== null && r.ringingAt !== null ? r : null;
      },
      10_000,
      `the summary of ${label} call ${i + 1} in "Transfer context"`,
    );
    const sample = { inviteToSummary: w.summaryAt! - invite.at, inviteToRinging: w.ringingAt! - invite.at };
    out.push(sample);
    log(`${label} ${i + 1}/${samples}: INVITE -> summary ${sample.inviteToSummary.toFixed(1)} ms, INVITE -> ringing ${sample.inviteToRinging.toFixed(1)} ms`);
    await ai.hangup();
    await ui.incomingCall(alice).waitFor({ state: 'detached', timeout: 10_000 });
    await waitForIdle(alice);
    await pollFor(async () => ((await ai.state()) === 'idle' ? true : null), 10_000, 'the AI agent to be idle');
  }
  return out;
}

export async function runContextBench(opts: ContextBenchOptions): Promise<ContextBenchResult> {
  if (!appIsBuilt()) throw new Error('the app is not built: run npm run build first');
  const logDir = mkdtempSync(join(os.tmpdir(), 'warmline-bench-context-'));
  log(`logs in ${logDir}`);

  let kamailio: Kamailio | null = null;
  let host: WebHost | null = null;
  let browser: RigBrowser | null = null;
  let server: ContextServer | null = null;
  let ai: AiAgent | null = null;
  let alice: Page | null = null;
  try {
    kamailio = await startKamailio({ logDir });
    server = await startContextServer();
    host = await startWebHost({
      name: 'alice',
      logDir,
      config: { ...agentConfig(kamailio.wsUrl, 'alice'), contextServer: { urlTemplate: server.url('/ctx/{id}'), bearerToken: 't0ken' } },
    });
    browser = await launchRigBrowser();
    alice = await openAgentPage(browser.context, host.url);
    await waitForRegistered(alice);
    ai = await startAiAgent(browser.context, kamailio.wsUrl);
    log('alice and the AI agent registered');

    // One unmeasured call: the first call in a fresh page is always the slowest (media, codecs, JIT).
    await measure(alice, ai, 1, 'warm-up', (_i, summary) => [xWarmlineContext(sampleContext({ summary }))]);

    log(`${opts.inlineSamples} calls with X-Warmline-Context`);
    const inline = await measure(alice, ai, opts.inlineSamples, 'x-header', (i, summary) => [
      xWarmlineContext(sampleContext({ sessionId: `bench-x-${i}`, summary })),
    ]);

    log(`${opts.callInfoSamples} calls with Call-Info (context server on loopback)`);
    const srv = server;
    const fetched = await measure(alice, ai, opts.callInfoSamples, 'call-info', (i, summary) => {
      const path = `/ctx/bench-${i}`;
      srv.route(path, { kind: 'json', body: sampleContext({ sessionId: `bench-ci-${i}`, summary }) });
      return [callInfo(srv.url(path))];
    });

    const raw: Record<ContextMetricId, number[]> = {
      xHeaderInviteToSummary: inline.map((s) => s.inviteToSummary),
      xHeaderInviteToRinging: inline.map((s) => s.inviteToRinging),
      callInfoInviteToSummary: fetched.map((s) => s.inviteToSummary),
      callInfoInviteToRinging: fetched.map((s) => s.inviteToRinging),
    };
    const summary = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, summarize(v)])) as ContextBenchResult['summary'];
    const cpus = os.cpus();
    const now = new Date();
    const result: ContextBenchResult = {
      kind: 'context',
      date: now.toISOString(),
      revision: gitRevision(),
      samplesRequested: { xHeader: opts.inlineSamples, callInfo: opts.callInfoSamples },
      goalP95Ms: 50,
      machine: {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? 'unknown',
        memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
        platform: `${os.platform()} ${os.release()}`,
        node: process.version,
        chromium: browser.version,
        kamailio: kamailioVersion(),
        loadAvgAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
      },
      summary,
      raw,
    };

    const resultsDir = join(REPO_ROOT, 'bench/results');
    mkdirSync(resultsDir, { recursive: true });
    const stamp = now.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
    const rel = `bench/results/context-${stamp}.json`;
    writeFileSync(join(REPO_ROOT, rel), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(resultsDir, 'latest-context.json'), JSON.stringify(result, null, 2) + '\n');
    const mdPath = join(REPO_ROOT, 'BENCHMARKS.md');
    const md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '# Benchmarks\n';
    writeFileSync(mdPath, upsertContextSection(md, renderContextSection(result, rel)));
    log(`wrote ${rel}, bench/results/latest-context.json and the Screen-pop section of BENCHMARKS.md`);
    for (const [k, s] of Object.entries(summary)) {
      log(`${k}: p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)} (n=${s.n})`);
    }
    return result;
  } catch (err) {
    for (const [name, page] of [['alice', alice], ['aiagent', ai?.page ?? null]] as const) {
      if (!page || page.isClosed()) continue;
      await page.screenshot({ path: join(logDir, `failure-${name}.png`), fullPage: true }).catch(() => undefined);
      const dump = await page
        .evaluate(() => ({ snapshot: window.__rig.snapshot(), sip: window.__rig.sipLog() }))
        .catch((e: unknown) => ({ error: String(e) }));
      writeFileSync(join(logDir, `rig-${name}.json`), JSON.stringify(dump, null, 1));
    }
    log(`page dumps written to ${logDir}`);
    throw err;
  } finally {
    await ai?.close();
    await browser?.close();
    await host?.stop();
    await server?.close();
    await kamailio?.stop();
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  runContextBench(parseContextBenchArgs(process.argv.slice(2))).catch((err: unknown) => {
    console.error(`[bench:context] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  });
}
