/**
 * Call detail records (issue #10) after real calls through Kamailio: a warm
 * transfer from the (simulated) AI agent with context, a failed call and an
 * answered one. The history view shows them and the CSV export, downloaded
 * from the host like a user would, is parsed with a CSV library. Then a host
 * killed mid-call (SIGKILL by PID) leaves that call marked interrupted after
 * it restarts on the same data folder.
 */
import { parse } from 'csv-parse/sync';
import { test, expect } from '../fixtures/test';
import { restartWebHost, type RestartedHost } from '../fixtures/hub-client';
import { signal } from '../fixtures/process';
import { connectCall, dial, ui, waitForConnected, waitForIdle, waitForRegistered } from '../fixtures/ui';
import { sampleContext, xWarmlineContext } from '../ai-agent/contexts';
import { goAvailable } from '../fixtures/browser';

type Row = Record<string, string>;

test('a transferred call with context, a failed call and an answered one are in the history view and in the CSV export', async ({ agent, aiAgent }) => {
  const alice = await agent('alice', { role: 'supervisor' });
  const bob = await agent('bob');
  await waitForRegistered(alice.page);
  await alice.page.getByRole('tab', { name: 'Agent phone' }).click();

  // 1. The AI hands a caller over with context; alice talks, then the AI side hangs up.
  const ctx = sampleContext({ sessionId: 'cdr-e2e-1' });
  await aiAgent.call('alice', [xWarmlineContext(ctx)]);
  await ui.answerButton(alice.page).click();
  await waitForConnected(alice.page);
  await alice.page.waitForTimeout(1500);
  await aiAgent.hangup();
  await waitForIdle(alice.page);

  // 2. A failed call: nobody is registered as "nobody" (404 from Kamailio).
  await dial(alice.page, 'nobody');
  await waitForIdle(alice.page);

  // 3. An answered call to bob, ~2 s.
  await connectCall(alice.page, bob.page, 'bob');
  await alice.page.waitForTimeout(2000);
  await ui.hangUpButton(alice.page).click();
  await waitForIdle(alice.page);

  const history = ui.history(alice.page);
  await expect(history.getByRole('listitem').filter({ hasText: 'aiagent' })).not.toHaveCount(0);
  await expect(history.getByRole('listitem').filter({ hasText: 'nobody' })).toContainText(/failed/i);
  await expect(history.getByRole('listitem').filter({ hasText: 'bob' }).first()).toContainText(/answered/i);

  // The export, streamed by the host to a file and downloaded over HTTP from the same origin.
  await alice.page.getByRole('button', { name: 'Export CSV' }).click();
  const download = alice.page.getByRole('link', { name: 'Download export' });
  await expect(download).toBeVisible({ timeout: 15_000 });
  await expect(alice.page.getByRole('progressbar', { name: 'Export progress' })).toHaveAttribute('aria-valuenow', '3');
  const href = await download.getAttribute('href');
  const res = await alice.page.request.get(new URL(href!, alice.host.url).toString());
  expect(res.status()).toBe(200);
  const rows = parse(await res.text(), { columns: true, skip_empty_lines: true }) as Row[];
  expect(rows).toHaveLength(3);

  const transferred = rows.find((r) => r['direction'] === 'inbound');
  expect(transferred, 'the transferred call').toBeDefined();
  expect(transferred!['from']).toContain('aiagent');
  expect(transferred!['outcome']).toBe('answered');
  expect(transferred!['aiSessionId']).toBe('cdr-e2e-1');
  expect(transferred!['consent']).toBe('granted');
  expect(Number(transferred!['durationSec'])).toBeGreaterThanOrEqual(1);
  expect(transferred!['state']).toBe('complete');

  const failed = rows.find((r) => r['to']?.includes('nobody'));
  expect(failed, 'the failed call').toBeDefined();
  expect(failed!['outcome']).toBe('failed');
  expect(failed!['sipStatus']).toBe('404');
  expect(failed!['durationSec']).toBe('0');

  const answered = rows.find((r) => r['to']?.includes('bob'));
  expect(answered, 'the answered call').toBeDefined();
  expect(answered!['outcome']).toBe('answered');
  expect(Number(answered!['durationSec'])).toBeGreaterThanOrEqual(1);
  expect(answered!['codec']).toMatch(/opus/i);
  expect(answered!['agent']).toBe('Alice');
  expect(Number(answered!['mos'])).toBeGreaterThan(3.5);
});

test('the host killed mid-call leaves a CDR marked interrupted after it restarts', async ({ agent, rigBrowser }, testInfo) => {
  const alice = await agent('alice');
  const bob = await agent('bob');
  await connectCall(alice.page, bob.page, 'bob');

  // alice's host dies (SIGKILL: no shutdown code runs) while the call is up.
  signal(alice.host.pid, 'SIGKILL');
  let restarted: RestartedHost | null = null;
  try {
    restarted = await restartWebHost(alice.host, testInfo.outputPath(), 'alice-restarted');
    const page = await rigBrowser.context.newPage();
    await page.goto(restarted.url);
    await goAvailable(page);
    const row = ui.history(page).getByRole('listitem').filter({ hasText: 'bob' });
    await expect(row).toContainText(/interrupted/i, { timeout: 15_000 });
    await page.close();
  } finally {
    await ui.hangUpButton(bob.page).click().catch(() => undefined);
    await restarted?.stop();
  }
});
