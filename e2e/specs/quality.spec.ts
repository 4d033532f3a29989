/**
 * Call quality on a clean loopback call through Kamailio: the meter, the
 * details panel, the four-stack diagnosis, and the summary kept in history.
 * Impaired networks are in e2e/specs-netns (they need their own namespace).
 */
import { test, expect } from '../fixtures/test';
import { connectCall, meterMos, ui, waitForRegistered } from '../fixtures/ui';

test('a clean call scores MOS >= 4.3 with no warning; details, diagnosis and history show it', async ({ agent }) => {
  const alice = await agent('alice');
  const bob = await agent('bob');
  await waitForRegistered(alice.page);
  await waitForRegistered(bob.page);
  await connectCall(alice.page, bob.page, 'bob');

  for (const side of [alice, bob]) {
    await expect.poll(() => meterMos(side.page), { message: `${side.name}: MOS on a clean call`, timeout: 15_000 }).toBeGreaterThanOrEqual(4.3);
    await expect(ui.qualityWarnings(side.page)).toHaveCount(0);
  }
  await expect(ui.qualityMeter(alice.page)).toHaveAttribute('aria-valuetext', /excellent/);

  await alice.page.getByRole('button', { name: 'Quality details' }).click();
  const details = ui.qualityDetails(alice.page);
  await expect(details.getByLabel('Packet loss')).toHaveText('0.0 %');
  await expect(details.getByLabel('Network path')).toHaveText('host');
  await expect(details.getByRole('img', { name: 'Call quality over the last minute' }).locator('canvas')).toHaveCount(1);

  await alice.page.getByRole('button', { name: 'Diagnosis' }).click();
  const diagnosis = ui.diagnosis(alice.page);
  for (const stack of ['Telephony', 'Audio', 'Intelligence', 'Output']) await expect(diagnosis.getByRole('group', { name: stack })).toBeVisible();
  await expect(diagnosis.getByRole('group', { name: 'Telephony' })).toContainText('Registered: calls can reach you.');
  await expect(diagnosis.getByRole('group', { name: 'Audio' })).toContainText('loss protection (FEC) on');
  await expect(diagnosis.getByRole('group', { name: 'Output' })).toContainText("Playing the caller's audio.");
  await expect(diagnosis.locator('[data-health="bad"]')).toHaveCount(0);

  await ui.hangUpButton(alice.page).click();
  const summary = ui.history(alice.page).getByRole('listitem').filter({ hasText: 'bob' }).first().getByLabel('Call quality summary');
  await expect(summary).toContainText('MOS 4.');
  await expect(summary).toContainText('path host');
  await expect(summary).not.toContainText('warnings');
});
