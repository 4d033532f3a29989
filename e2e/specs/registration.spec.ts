import { test, expect } from '../fixtures/test';
import { ui } from '../fixtures/ui';

test('a wrong password is reported as wrong credentials with the SIP status', async ({ agent }) => {
  const alice = await agent('alice', { password: 'wrong' });
  const status = ui.registration(alice.page);
  await expect(status).toContainText(/Wrong credentials/);
  await expect(status).toContainText(/401|403/);
});

test('registration survives a Kamailio crash and comes back by itself', async ({ agent, kamailio }) => {
  test.setTimeout(120_000);
  const alice = await agent('alice');
  const status = ui.registration(alice.page);
  await expect(status).toContainText('Registered');

  await kamailio.kill();
  await expect(status).toContainText(/Server unreachable/i, { timeout: 10_000 });

  // Same ports; the app's reconnect backoff is capped at 15 s.
  await kamailio.restart();
  await expect(status).toContainText('Registered', { timeout: 45_000 });
  await expect(status).not.toContainText(/unreachable/i);
});
