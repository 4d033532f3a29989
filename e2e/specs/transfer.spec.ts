import { test, expect } from '../fixtures/test';
import { inboundPackets } from '../fixtures/browser';
import { connectCall, ui, waitForConnected } from '../fixtures/ui';
import type { Page } from '@playwright/test';

/** Audio flows both ways between two pages: each side's inbound packet count keeps growing. */
async function expectTwoWayAudio(a: Page, b: Page): Promise<void> {
  for (const page of [a, b]) {
    const before = await inboundPackets(page);
    await expect.poll(() => inboundPackets(page), { message: 'inbound audio grows', timeout: 10_000 }).toBeGreaterThan(before);
  }
}

test('blind transfer: alice calls bob, bob transfers her to carol, alice ends up talking to carol', async ({ agent }) => {
  const alice = await agent('alice');
  const bob = await agent('bob');
  const carol = await agent('carol');
  for (const a of [bob, carol]) await expect(ui.registration(a.page)).toContainText('Registered');
  await connectCall(alice.page, bob.page, 'bob');

  await ui.button(bob.page, 'Transfer').click();
  await ui.transferTo(bob.page).fill('carol');
  await ui.button(bob.page, 'Blind transfer').click();

  // Alice's phone follows the REFER: carol rings with alice calling.
  await expect(ui.incomingCall(carol.page)).toContainText('alice');
  await ui.answerButton(carol.page).click();
  await waitForConnected(carol.page);

  // Bob saw the outcome (NOTIFY sipfrag 200) and left the call.
  await expect(ui.currentCall(bob.page)).toHaveCount(0);
  await expect(ui.history(bob.page).getByRole('listitem').filter({ hasText: 'alice' })).not.toHaveCount(0);
  await expect(ui.currentCall(alice.page)).toContainText('carol');
  await expect(ui.currentCall(alice.page)).toContainText('Connected');
  await expectTwoWayAudio(alice.page, carol.page);
});

test('attended transfer: bob consults carol, completes, and alice is talking to carol', async ({ agent }) => {
  const alice = await agent('alice');
  const bob = await agent('bob');
  const carol = await agent('carol');
  for (const a of [bob, carol]) await expect(ui.registration(a.page)).toContainText('Registered');
  await connectCall(alice.page, bob.page, 'bob');

  await ui.button(bob.page, 'Transfer').click();
  await ui.transferTo(bob.page).fill('carol');
  await ui.button(bob.page, 'Consult').click();
  // Alice is held while bob talks to carol.
  await expect(ui.currentCall(alice.page)).toContainText('On hold');
  await expect(ui.incomingCall(carol.page)).toContainText('bob');
  await ui.answerButton(carol.page).click();
  await waitForConnected(bob.page);
  await expect(ui.currentCall(bob.page)).toContainText('carol');
  await expect(ui.callList(bob.page).getByRole('listitem')).toHaveCount(2);

  await ui.button(bob.page, 'Complete transfer').click();

  // Carol's call with bob is replaced (RFC 3891) by one with alice, without ringing.
  await expect(ui.currentCall(bob.page)).toHaveCount(0, { timeout: 15_000 });
  await expect(ui.currentCall(carol.page)).toContainText('alice');
  await expect(ui.currentCall(carol.page)).toContainText('Connected');
  await expect(ui.currentCall(alice.page)).toContainText('carol');
  await expect(ui.currentCall(alice.page)).toContainText('Connected');
  await expect(ui.incomingCall(carol.page)).toHaveCount(0);
  await expectTwoWayAudio(alice.page, carol.page);
});
