/**
 * Listening in must work on a machine with no microphone at all (a known gap
 * in other softphones): a supervisor browser with no capture device, in the
 * Lab, listens to a live AI session and hears it.
 */
import { test, expect } from '@playwright/test';
import { goAvailable, inboundPackets, launchRigBrowser, NO_AUDIO_DEVICES } from '../fixtures/browser';
import { startWebHost } from '../fixtures/web-host';
import { waitForRegistered } from '../fixtures/ui';

test('a supervisor with no microphone listens to a live Lab session and receives its audio', async ({}, testInfo) => {
  test.setTimeout(120_000);
  const browser = await launchRigBrowser({ args: NO_AUDIO_DEVICES });
  const host = await startWebHost({ name: 'supervisor', logDir: testInfo.outputPath(), config: { profile: { name: 'Sam', role: 'supervisor' } }, extraArgs: ['--lab'] });
  try {
    const page = await browser.context.newPage();
    await page.goto(host.url);
    const microphones = await page.evaluate(async () => {
      try {
        await navigator.mediaDevices.getUserMedia({ audio: true });
        return 'opened';
      } catch (e) {
        return (e as Error).name;
      }
    });
    expect(microphones, 'this browser really has no microphone').not.toBe('opened');
    await goAvailable(page);
    await waitForRegistered(page);
    const row = page.getByRole('grid', { name: 'Live AI sessions' }).getByRole('row').filter({ hasText: 'Dana Whitfield' });
    await expect(row).toBeVisible({ timeout: 30_000 });
    await row.getByRole('button', { name: 'Listen' }).click();
    const bar = page.getByRole('region', { name: 'Monitoring' });
    await expect(bar).toContainText('Listening to', { timeout: 15_000 });
    await expect.poll(() => inboundPackets(page), { message: 'the session audio arrives without a microphone', timeout: 15_000 }).toBeGreaterThan(50);
    await bar.getByRole('button', { name: 'Stop listening' }).click();
    await expect(bar).toHaveCount(0);
  } finally {
    await browser.close();
    await host.stop();
  }
});
