import { test, expect } from '../fixtures/test';
import { connectCall, dial, ui, waitForConnected } from '../fixtures/ui';

test('call waiting: a second call rings during the first; answering holds the first; the agent switches between them', async ({ agent }) => {
  const alice = await agent('alice');
  const bob = await agent('bob');
  const carol = await agent('carol');
  await expect(ui.registration(bob.page)).toContainText('Registered');
  await connectCall(alice.page, bob.page, 'bob');

  await dial(carol.page, 'bob');
  // Bob keeps his call with alice on screen and sees the second call with its own buttons.
  await expect(ui.incomingCall(bob.page)).toContainText('carol');
  await expect(ui.currentCall(bob.page)).toContainText('alice');
  await expect(ui.button(bob.page, 'Decline')).toBeVisible();

  await ui.answerButton(bob.page).click();
  await waitForConnected(carol.page);
  await expect(ui.currentCall(alice.page)).toContainText('On hold');
  await expect(ui.currentCall(bob.page)).toContainText('carol');
  const calls = ui.callList(bob.page);
  await expect(calls.getByRole('listitem')).toHaveCount(2);
  await expect(calls.getByRole('listitem').filter({ hasText: 'alice' })).toContainText('On hold');

  await calls.getByRole('button', { name: /Switch to alice/i }).click();
  await expect(ui.currentCall(bob.page)).toContainText('alice');
  await expect(ui.currentCall(bob.page)).toContainText('Connected');
  await expect(ui.currentCall(alice.page)).toContainText('Connected');
  await expect(ui.currentCall(carol.page)).toContainText('On hold');

  await ui.hangUpButton(bob.page).click();
  await expect(ui.currentCall(alice.page)).toHaveCount(0);
  // The held call with carol is still there; bob resumes and ends it.
  await expect(ui.currentCall(bob.page)).toContainText('carol');
  await ui.button(bob.page, 'Resume').click();
  await expect(ui.currentCall(carol.page)).toContainText('Connected');
  await ui.hangUpButton(bob.page).click();
  await expect(ui.currentCall(bob.page)).toHaveCount(0);
  await expect(ui.currentCall(carol.page)).toHaveCount(0);
});

test('a second call can be declined without disturbing the first', async ({ agent }) => {
  const alice = await agent('alice');
  const bob = await agent('bob');
  const carol = await agent('carol');
  await expect(ui.registration(bob.page)).toContainText('Registered');
  await connectCall(alice.page, bob.page, 'bob');
  await dial(carol.page, 'bob');
  await expect(ui.incomingCall(bob.page)).toBeVisible();
  await ui.button(bob.page, 'Decline').click();
  await expect(ui.incomingCall(bob.page)).toHaveCount(0);
  // The dialer's failure line or the history entry says why (the history filter's "Declined" option is not it).
  await expect(carol.page.getByText(/failed: 603|603 Decline/).first()).toBeVisible();
  await expect(ui.currentCall(bob.page)).toContainText('Connected');
  await expect(ui.currentCall(alice.page)).toContainText('Connected');
});
