/**
 * Foundation benchmark: registration and call-setup latency of the real app
 * (web host + renderer in headless Chromium) against a private Kamailio.
 *
 *   npm run build && node --import tsx bench/run.ts [--samples N]
 *
 * Timestamps come from the page instrumentation (e2e/support/instrument.ts),
 * so they measure the app's SIP and media path, not Playwright's overhead.
 * Writes bench/results/foundation-<timestamp>.json, bench/results/latest-foundation.json
 * and regenerates BENCHMARKS.md at the repo root.
 */
import dgram from 'node:dgram';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startKamailio, type Kamailio } from '../e2e/fixtures/kamailio';
import { agentConfig, appIsBuilt, REPO_ROOT, startWebHost, type WebHost } from '../e2e/fixtures/web-host';
import { launchRigBrowser, openAgentPage, pollFor, reloadAgentPage, rigSnapshot, type RigBrowser } from '../e2e/fixtures/browser';
import { ui, waitForConnected, waitForIdle, waitForRegistered } from '../e2e/fixtures/ui';
import { summarize, type Summary } from './stats';
import { CONTEXT_SECTION_END, CONTEXT_SECTION_START, renderBenchmarksMd, renderContextSection, upsertSection, type ContextBenchResult, type MetricId, type FoundationResult } from './report';
import { parseContextBenchArgs, runContextBench } from './context';
import { parseQualityBenchArgs, QUALITY_SECTION_END, QUALITY_SECTION_START, renderQualitySection, runQualityBench, type QualityBenchResult } from './quality';
import { HANDOFF_SECTION_END, HANDOFF_SECTION_START, parseHandoffBenchArgs, renderHandoffSection, runHandoffBench, type HandoffBenchResult } from './handoff';
import { HUB_SECTION_END, HUB_SECTION_START, parseHubBenchArgs, renderHubSection, runHubBench, type HubBenchResult } from './hub';
import { parseWallboardBenchArgs, renderWallboardSection, runWallboardBench, WALLBOARD_SECTION_END, WALLBOARD_SECTION_START, type WallboardBenchResult } from './wallboard';
import { parseCdrExportBenchArgs, restoreCdrExportSection, runCdrExportBench } from './cdr-export';
import { parseFailoverBenchArgs, restoreFailoverSection, runFailoverBench } from './failover';
import { gitRevision, kamailioVersion } from './environment';

function parseSamples(argv: string[]): number {
  const i = argv.indexOf('--samples');
  const raw = i >= 0 ? argv[i + 1] : process.env.BENCH_SAMPLES;
  const n = raw === undefined ? 20 : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new Error(`--samples must be an integer 1..500 (got ${raw})`);
  return n;
}

/** A UDP port on loopback that swallows every packet: a STUN server that never answers. */
async function udpBlackHole(): Promise<{ port: number; close: () => void }> {
  const sock = dgram.createSocket('udp4');
  sock.on('message', () => undefined);
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  return { port: sock.address().port, close: () => sock.close() };
}

function log(msg: string): void {
  process.stdout.write(`[bench] ${msg}\n`);
}

/** REGISTER sent -> 200 OK for REGISTER, per fresh page load of alice. */
async function measureRegister(page: Page, samples: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    await reloadAgentPage(page);
    const ms = await pollFor(
      async () => {
        const s = await rigSnapshot(page);
        return s.registerSentAt !== null && s.registerOkAt !== null ? s.registerOkAt - s.registerSentAt : null;
      },
      15_000,
      'REGISTER and its 200 OK',
    );
    await waitForRegistered(page);
    out.push(ms);
  }
  return out;
}

interface CallSample {
  /** Playwright's click on "Call" (node clock) -> INVITE on the WebSocket (page clock). */
  clickToInvite: number;
  inviteToRtpAlice: number;
  inviteToRtpBob: number;
  clickToRtpAlice: number;
  /** alice's INVITE sent -> its 200 OK received on alice (signalling only). */
  inviteTo200: number;
}

/** When alice received the 200 OK for the INVITE of `callId` (page clock). */
async function inviteOkAt(page: Page, callId: string | null): Promise<number | null> {
  const sip = await page.evaluate(() => window.__rig.sipLog());
  const ok = sip.find((e) => e.dir === 'in' && e.callId === callId && e.line.startsWith('SIP/2.0 200') && /INVITE$/.test(e.cseq ?? ''));
  return ok?.at ?? null;
}

/** First RTP on any peer connection of the page, after `after` (epoch ms). */
async function firstRtpAfter(page: Page, after: number): Promise<number | null> {
  const s = await rigSnapshot(page);
  const times = s.peers.map((p) => p.firstRtpAt).filter((t): t is number => t !== null && t >= after);
  return times.length ? Math.min(...times) : null;
}

/** Fails fast (with a clear reason) when bob leaves the call ringing instead of auto-answering. */
async function answerOnBob(bob: Page, inviteAt: number): Promise<void> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const s = await rigSnapshot(bob);
    if (s.peers.some((p) => p.createdAt >= inviteAt)) return; // answering: media is being set up
    if (Date.now() > deadline) {
      const ringing = await ui.answerButton(bob).isVisible();
      throw new Error(
        `bob did not auto-answer within 3 s (Answer button ${ringing ? 'still showing' : 'not shown'}): check preferences.autoAnswer`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function measureCalls(alice: Page, bob: Page, samples: number): Promise<CallSample[]> {
  const out: CallSample[] = [];
  for (let i = 0; i < samples; i++) {
    const invitesBefore = (await rigSnapshot(alice)).invitesSent.length;
    await ui.dialInput(alice).fill('bob');
    const clickedAt = Date.now();
    await ui.callButton(alice).click();
    const invite = await pollFor(
      async () => (await rigSnapshot(alice)).invitesSent[invitesBefore] ?? null,
      15_000,
      'alice to send an INVITE',
    );
    const inviteAt = invite.at;
    await answerOnBob(bob, inviteAt);
    const [rtpAlice, rtpBob] = await Promise.all([
      pollFor(() => firstRtpAfter(alice, inviteAt), 20_000, 'first RTP on alice'),
      pollFor(() => firstRtpAfter(bob, inviteAt), 20_000, 'first RTP on bob'),
    ]);
    await Promise.all([waitForConnected(alice), waitForConnected(bob)]);
    const okAt = await pollFor(() => inviteOkAt(alice, invite.callId), 5000, '200 OK for the INVITE');
    out.push({
      inviteTo200: okAt - inviteAt,
      clickToInvite: inviteAt - clickedAt,
      inviteToRtpAlice: rtpAlice - inviteAt,
      inviteToRtpBob: rtpBob - inviteAt,
      clickToRtpAlice: rtpAlice - clickedAt,
    });
    log(`call ${i + 1}/${samples}: INVITE->200 ${(okAt - inviteAt).toFixed(1)} ms, INVITE->RTP alice ${(rtpAlice - inviteAt).toFixed(1)} ms, bob ${(rtpBob - inviteAt).toFixed(1)} ms`);
    await ui.hangUpButton(alice).click();
    await Promise.all([waitForIdle(alice), waitForIdle(bob)]);
  }
  return out;
}

/** On failure: screenshots, rig snapshots and SIP logs of each page, next to the process logs. */
async function dumpPages(dir: string, pages: Record<string, Page>): Promise<void> {
  for (const [name, page] of Object.entries(pages)) {
    await page.screenshot({ path: join(dir, `failure-${name}.png`), fullPage: true }).catch(() => undefined);
    const dump = await page
      .evaluate(() => ({ snapshot: window.__rig.snapshot(), sip: window.__rig.sipLog() }))
      .catch((e: unknown) => ({ error: String(e) }));
    writeFileSync(join(dir, `rig-${name}.json`), JSON.stringify(dump, null, 1));
  }
  log(`page dumps written to ${dir}`);
}

async function main(): Promise<void> {
  const samples = parseSamples(process.argv.slice(2));
  if (!appIsBuilt()) throw new Error('the app is not built: run npm run build first');
  const logDir = mkdtempSync(join(os.tmpdir(), 'warmline-bench-'));
  log(`logs in ${logDir}`);

  let kamailio: Kamailio | null = null;
  const hosts: WebHost[] = [];
  let browser: RigBrowser | null = null;
  try {
    kamailio = await startKamailio({ logDir });
    const aliceHost = await startWebHost({ name: 'alice', logDir, config: agentConfig(kamailio.wsUrl, 'alice') });
    hosts.push(aliceHost);
    const bobHost = await startWebHost({
      name: 'bob',
      logDir,
      config: agentConfig(kamailio.wsUrl, 'bob', { preferences: { autoAnswer: true } }),
    });
    hosts.push(bobHost);
    browser = await launchRigBrowser();
    const bob = await openAgentPage(browser.context, bobHost.url);
    const alice = await openAgentPage(browser.context, aliceHost.url);
    await Promise.all([waitForRegistered(alice), waitForRegistered(bob)]);
    log('both agents registered');

    log(`REGISTER: ${samples} fresh page loads of alice`);
    const register = await measureRegister(alice, samples);
    log(`REGISTER samples: ${register.map((x) => x.toFixed(1)).join(' ')}`);

    log(`calls: ${samples} calls alice -> bob (bob auto-answers)`);
    const calls = await measureCalls(alice, bob, samples).catch(async (err: unknown) => {
      await dumpPages(logDir, { alice, bob });
      throw err;
    });

    // Carol's account names a STUN server that never answers (a bound UDP socket that drops
    // everything): sip.js alone would hold every INVITE for its 5 s gathering timeout.
    const blackHole = await udpBlackHole();
    const carolHost = await startWebHost({
      name: 'carol',
      logDir,
      config: agentConfig(kamailio.wsUrl, 'carol', { iceServers: [{ urls: `stun:127.0.0.1:${blackHole.port}` }] }),
    });
    hosts.push(carolHost);
    const carol = await openAgentPage(browser.context, carolHost.url);
    await waitForRegistered(carol);
    const stunSamples = Math.min(samples, 10);
    log(`calls: ${stunSamples} calls carol -> bob with an unanswering STUN server`);
    const stunCalls = await measureCalls(carol, bob, stunSamples).finally(() => blackHole.close());

    const raw: Record<MetricId, number[]> = {
      register: register,
      inviteToRtpAlice: calls.map((c) => c.inviteToRtpAlice),
      inviteToRtpBob: calls.map((c) => c.inviteToRtpBob),
      clickToInvite: calls.map((c) => c.clickToInvite),
      clickToRtpAlice: calls.map((c) => c.clickToRtpAlice),
      inviteTo200: calls.map((c) => c.inviteTo200),
      clickToInviteDeadStun: stunCalls.map((c) => c.clickToInvite),
    };
    const summary = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, summarize(v)])) as Record<MetricId, Summary>;

    const cpus = os.cpus();
    const now = new Date();
    const result: FoundationResult = {
      kind: 'foundation',
      date: now.toISOString(),
      revision: gitRevision(),
      samplesRequested: samples,
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
    const file = join(resultsDir, `foundation-${stamp}.json`);
    writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(resultsDir, 'latest-foundation.json'), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(REPO_ROOT, 'BENCHMARKS.md'), renderBenchmarksMd(result, `bench/results/foundation-${stamp}.json`));
    log(`wrote ${file}, bench/results/latest-foundation.json and BENCHMARKS.md`);
    for (const [k, s] of Object.entries(summary)) {
      log(`${k}: p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)} (n=${s.n})`);
    }
  } finally {
    await browser?.close();
    for (const h of hosts) await h.stop();
    await kamailio?.stop();
  }
}

/**
 * The screen-pop bench (bench/context.ts), the call-quality sampling bench
 * (bench/quality.ts), the session feed hub bench (bench/hub.ts), the handoff
 * and wallboard benches, the CDR export bench (bench/cdr-export.ts) and the
 * failover drills (bench/failover.ts) run after the foundation bench (skip
 * them with --skip-context / --skip-quality / --skip-hub / --skip-handoff /
 * --skip-wallboard / --skip-cdr / --skip-failover). The foundation
 * run rewrote BENCHMARKS.md, so their previous sections are put back first:
 * each stays if its run fails.
 */
function restoreSection<R extends { date: string }>(latestName: string, prefix: string, render: (r: R, file: string) => string, start: string, end: string): void {
  const latest = join(REPO_ROOT, 'bench/results', latestName);
  const md = join(REPO_ROOT, 'BENCHMARKS.md');
  if (!existsSync(latest) || !existsSync(md)) return;
  const prev = JSON.parse(readFileSync(latest, 'utf8')) as R;
  const stamp = prev.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  writeFileSync(md, upsertSection(readFileSync(md, 'utf8'), start, end, render(prev, `bench/results/${prefix}-${stamp}.json`)));
}

async function laterBenches(): Promise<void> {
  const argv = process.argv.slice(2);
  restoreSection<ContextBenchResult>('latest-context.json', 'context', renderContextSection, CONTEXT_SECTION_START, CONTEXT_SECTION_END);
  restoreSection<QualityBenchResult>('latest-quality.json', 'quality', renderQualitySection, QUALITY_SECTION_START, QUALITY_SECTION_END);
  restoreSection<HubBenchResult>('latest-hub.json', 'hub', renderHubSection, HUB_SECTION_START, HUB_SECTION_END);
  restoreSection<HandoffBenchResult>('latest-handoff.json', 'handoff', renderHandoffSection, HANDOFF_SECTION_START, HANDOFF_SECTION_END);
  restoreSection<WallboardBenchResult>('latest-wallboard.json', 'wallboard', renderWallboardSection, WALLBOARD_SECTION_START, WALLBOARD_SECTION_END);
  restoreCdrExportSection();
  restoreFailoverSection();
  let failed = false;
  if (!argv.includes('--skip-context')) {
    log('screen-pop bench (bench/context.ts)');
    await runContextBench(parseContextBenchArgs(argv)).catch((err: unknown) => {
      failed = true;
      console.error(`[bench] screen-pop bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    });
  }
  if (!argv.includes('--skip-quality')) {
    log('call-quality sampling bench (bench/quality.ts)');
    await runQualityBench(parseQualityBenchArgs(argv)).catch((err: unknown) => {
      failed = true;
      console.error(`[bench] call-quality bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    });
  }
  if (!argv.includes('--skip-hub')) {
    log('session feed hub bench (bench/hub.ts)');
    await runHubBench(parseHubBenchArgs(argv)).catch((err: unknown) => {
      failed = true;
      console.error(`[bench] session feed hub bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    });
  }
  if (!argv.includes('--skip-handoff')) {
    log('zero-gap handoff bench (bench/handoff.ts)');
    await runHandoffBench(parseHandoffBenchArgs(argv)).catch((err: unknown) => {
      failed = true;
      console.error(`[bench] handoff bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    });
  }
  if (!argv.includes('--skip-wallboard')) {
    log('supervisor wallboard bench (bench/wallboard.ts)');
    await runWallboardBench(parseWallboardBenchArgs(argv)).catch((err: unknown) => {
      failed = true;
      console.error(`[bench] wallboard bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    });
  }
  if (!argv.includes('--skip-cdr')) {
    log('CDR export bench (bench/cdr-export.ts)');
    await runCdrExportBench(parseCdrExportBenchArgs(argv)).catch((err: unknown) => {
      failed = true;
      console.error(`[bench] CDR export bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    });
  }
  if (!argv.includes('--skip-failover')) {
    log('failover drills (bench/failover.ts)');
    await runFailoverBench(parseFailoverBenchArgs(argv)).catch((err: unknown) => {
      failed = true;
      console.error(`[bench] failover bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    });
  }
  if (failed) process.exitCode = 1;
}

main()
  .then(() => (process.exitCode ? undefined : laterBenches()))
  .catch((err: unknown) => {
    console.error(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  });
