/**
 * The Lab, as a newcomer meets it: `npm run web -- --lab` (here: the built web
 * host with --lab, no account, no PBX), the printed URL opened in Chromium.
 * Within 60 s a simulated AI agent warm-transfers a caller to the human with
 * context; the call has real audio (Opus over WebRTC from the simulator).
 */
import { test, expect } from '../fixtures/test';
import { audioStats, goAvailable, inboundPackets } from '../fixtures/browser';
import { startWebHost } from '../fixtures/web-host';
import { ui, waitForRegistered } from '../fixtures/ui';

test('npm run web -- --lab: a simulated warm transfer with context arrives within 60 s, with audio', async ({ rigBrowser }, testInfo) => {
  test.setTimeout(150_000);
  const host = await startWebHost({ name: 'lab', logDir: testInfo.outputPath(), config: {}, extraArgs: ['--lab'] });
  try {
    const page = await rigBrowser.context.newPage();
    const openedAt = Date.now();
    await page.goto(host.url);
    await goAvailable(page);
    await waitForRegistered(page);

    await expect(ui.answerButton(page)).toBeVisible({ timeout: 60_000 - (Date.now() - openedAt) });
    const pop = ui.transferContext(page);
    await expect(pop).toContainText('Dana Whitfield');
    await expect(pop).toContainText('Dispute a card charge');
    await expect(pop).toContainText('charged twice');
    await expect(pop).toContainText('Identity verified');
    expect(Date.now() - openedAt, 'transfer rang within 60 s of opening the page').toBeLessThan(60_000);

    await ui.answerButton(page).click();
    await expect(ui.currentCall(page)).toContainText('Connected');
    await expect.poll(() => inboundPackets(page), { message: 'RTP from the simulated caller', timeout: 10_000 }).toBeGreaterThan(100);
    // Speech, not silence: the received audio carries energy (the simulator sends Opus speech).
    await expect
      .poll(async () => (await audioStats(page)).reduce((n, s) => n + s.inboundEnergy, 0), { message: 'the caller is audible', timeout: 15_000 })
      .toBeGreaterThan(0);

    await ui.hangUpButton(page).click();
    await expect(ui.currentCall(page)).toHaveCount(0);
    const item = ui.history(page).getByRole('listitem').filter({ hasText: 'Dana Whitfield' });
    await expect(item).toContainText('Dispute a card charge');
  } finally {
    await host.stop();
  }
});
