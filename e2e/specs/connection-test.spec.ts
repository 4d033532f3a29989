/**
 * Settings → "Test my connection" against the real Kamailio: microphone level
 * (Chromium's fake device plays a tone), a speaker tone, a timed REGISTER, and
 * the loopback call. The "echo extension" here is bob, auto-answering: the
 * test checks the app's call path and the quality it reports, not an echo.
 */
import { test, expect } from '../fixtures/test';
import { ui, waitForRegistered } from '../fixtures/ui';

test('Test my connection: microphone, speaker, time to register and a call to the echo extension', async ({ agent }) => {
  test.setTimeout(90_000);
  await agent('bob', { preferences: { autoAnswer: true } });
  const alice = await agent('alice', { preferences: { echoTestTarget: 'bob' } });
  await waitForRegistered(alice.page);

  await ui.button(alice.page, 'Settings').click();
  await ui.button(alice.page, 'Test my connection').click();
  const results = alice.page.getByRole('list', { name: 'Connection test results' });
  const step = (name: string) => results.getByRole('listitem').filter({ hasText: name });

  await expect(step('Microphone')).toContainText('Passed', { timeout: 15_000 });
  await expect(step('Microphone')).toContainText('Hears you');
  await expect(step('Speaker')).toContainText('Passed', { timeout: 15_000 });
  await expect(step('Time to register')).toContainText(/Passed.*\d+ ms to register/, { timeout: 15_000 });
  await expect(step('Echo test call')).toContainText('Passed', { timeout: 40_000 });
  await expect(step('Echo test call')).toContainText(/Call quality \d\.\d of 5/);
  await expect(ui.button(alice.page, 'Test my connection')).toBeEnabled();
});

test('Test my connection without an echo extension says how to get one', async ({ agent }) => {
  const alice = await agent('alice');
  await waitForRegistered(alice.page);
  await ui.button(alice.page, 'Settings').click();
  await ui.button(alice.page, 'Test my connection').click();
  const echo = alice.page.getByRole('list', { name: 'Connection test results' }).getByRole('listitem').filter({ hasText: 'Echo test call' });
  await expect(echo).toContainText('Skipped', { timeout: 20_000 });
  await expect(echo).toContainText('echoTestTarget');
});
