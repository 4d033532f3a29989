/**
 * The supervisor console against the Lab (`npm run web -- --lab` with the
 * supervisor role): a simulated AI session appears on the wallboard, its
 * transcript grows turn by turn, Listen dials the session's monitor address
 * and receives its audio while sending none (no microphone is opened),
 * Whisper switches in place (the microphone joins, the call is not dropped),
 * and after the session ends it is in Review with its transcript and outcome.
 */
import { test, expect } from '../fixtures/test';
import { audioStats, goAvailable, inboundPackets } from '../fixtures/browser';
import { startWebHost } from '../fixtures/web-host';
import { waitForRegistered } from '../fixtures/ui';
import type { Page } from '@playwright/test';

const board = (page: Page) => page.getByRole('grid', { name: 'Live AI sessions' });
const row = (page: Page, caller: string) => board(page).getByRole('row').filter({ hasText: caller });
const monitorBar = (page: Page) => page.getByRole('region', { name: 'Monitoring' });
const sent = async (page: Page) => (await audioStats(page)).reduce((n, s) => n + s.packetsSent, 0);

test('Lab: watch a live AI session, listen (nothing sent), whisper in place, then find it in Review', async ({ rigBrowser }, testInfo) => {
  test.setTimeout(170_000);
  const host = await startWebHost({ name: 'supervisor', logDir: testInfo.outputPath(), config: { profile: { name: 'Sam Supervisor', role: 'supervisor' } }, extraArgs: ['--lab'] });
  try {
    const page = await rigBrowser.context.newPage();
    await page.goto(host.url);
    await goAvailable(page);
    await waitForRegistered(page);
    await expect(page.getByRole('tab', { name: 'Live AI sessions', exact: true })).toHaveAttribute('aria-selected', 'true');

    // The Lab's second AI call (resolved by the AI, about 25 s long) starts 20 s after the first.
    const priya = row(page, 'Priya Raman');
    await expect(priya).toBeVisible({ timeout: 45_000 });
    await priya.getByRole('button', { name: 'Priya Raman' }).click();
    const transcript = page.getByRole('log', { name: 'Transcript' });
    await expect.poll(() => transcript.locator('.turn:not(.interim)').count(), { message: 'first turn streamed', timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const turnsBefore = await transcript.locator('.turn:not(.interim)').count();
    await expect.poll(() => transcript.locator('.turn:not(.interim)').count(), { message: 'the transcript grows', timeout: 15_000 }).toBeGreaterThan(turnsBefore);

    await priya.getByRole('button', { name: 'Listen' }).click();
    await expect(monitorBar(page)).toContainText('Listening to', { timeout: 15_000 });
    await expect.poll(() => inboundPackets(page), { message: 'the session audio arrives', timeout: 15_000 }).toBeGreaterThan(50);
    expect(await sent(page), 'listening sends no audio at all').toBe(0);

    await monitorBar(page).getByRole('button', { name: 'Whisper' }).click();
    await expect(monitorBar(page)).toContainText('Whispering on', { timeout: 10_000 });
    await expect.poll(() => sent(page), { message: 'whisper: the microphone joined the same call', timeout: 10_000 }).toBeGreaterThan(0);
    const still = await inboundPackets(page);
    await expect.poll(() => inboundPackets(page), { message: 'still receiving after the switch', timeout: 5000 }).toBeGreaterThan(still);

    await monitorBar(page).getByRole('button', { name: 'Stop listening' }).click();
    await expect(monitorBar(page)).toHaveCount(0);

    // Once the AI has resolved it, the session is in Review with its transcript and outcome.
    await page.getByRole('tab', { name: 'Review', exact: true }).click();
    const past = page.getByRole('table', { name: 'Past sessions' });
    await expect(async () => {
      await page.getByRole('search', { name: 'Search past sessions' }).getByRole('button').first().click();
      await expect(past.getByRole('row').filter({ hasText: 'Priya Raman' }).filter({ hasText: 'Resolved by AI' })).toHaveCount(1, { timeout: 2000 });
    }).toPass({ timeout: 45_000 });
    await past.getByRole('row').filter({ hasText: 'Priya Raman' }).getByRole('button').first().click();
    const session = page.getByRole('region', { name: 'Past session' });
    await expect(session).toContainText('debit card');
    await expect(session).toContainText('Resolved by AI');
  } finally {
    await host.stop();
  }
});
