import { test, expect } from '../fixtures/test';
import { inboundPackets } from '../fixtures/browser';
import { dial, ui } from '../fixtures/ui';

test('alice calls bob: both hear audio, alice hangs up, both histories keep the call', async ({ agent }) => {
  const alice = await agent('alice');
  const bob = await agent('bob');

  await expect(ui.registration(alice.page)).toContainText('Registered');
  await expect(ui.registration(bob.page)).toContainText('Registered');

  await dial(alice.page, 'bob');
  await expect(ui.answerButton(bob.page)).toBeVisible();
  await ui.answerButton(bob.page).click();

  await expect(ui.currentCall(alice.page)).toContainText('Connected');
  await expect(ui.currentCall(bob.page)).toContainText('Connected');

  // Media flows both ways: packet counters are non-zero and still growing.
  for (const side of [alice, bob]) {
    await expect
      .poll(() => inboundPackets(side.page), { message: `${side.name} receives RTP`, timeout: 10_000 })
      .toBeGreaterThan(0);
  }
  const before = await Promise.all([inboundPackets(alice.page), inboundPackets(bob.page)]);
  await alice.page.waitForTimeout(1000);
  const after = await Promise.all([inboundPackets(alice.page), inboundPackets(bob.page)]);
  expect(before[0], 'alice inbound packets').toBeGreaterThan(0);
  expect(before[1], 'bob inbound packets').toBeGreaterThan(0);
  expect(after[0], 'alice inbound packets a second later').toBeGreaterThan(before[0]!);
  expect(after[1], 'bob inbound packets a second later').toBeGreaterThan(before[1]!);

  await ui.hangUpButton(alice.page).click();

  for (const side of [alice, bob]) {
    await expect(ui.currentCall(side.page), `${side.name} back to idle`).toHaveCount(0);
    await expect(ui.dialInput(side.page)).toBeEnabled();
  }

  // Bob's page is reloaded first: his history must come from the host, not page memory.
  await bob.reload();
  await expect(ui.history(alice.page).getByRole('listitem').filter({ hasText: 'bob' })).not.toHaveCount(0);
  await expect(ui.history(bob.page).getByRole('listitem').filter({ hasText: 'alice' })).not.toHaveCount(0);
});
