import { test, expect } from '../fixtures/test';
import { rigSnapshot } from '../fixtures/browser';
import { dial, ui } from '../fixtures/ui';

test('an incomplete number is refused inline; a formatted US number is dialled and fails with 404', async ({ agent }) => {
  const alice = await agent('alice');
  const { page } = alice;
  await expect(ui.registration(page)).toContainText('Registered');
  const dialer = page.getByRole('form', { name: 'Dialer' });

  // "+1 555" is not a number: inline reason, no call, no INVITE.
  await dial(page, '+1 555');
  const reason = dialer.getByRole('alert');
  await expect(reason).toBeVisible();
  await expect(reason).not.toHaveText('');
  await expect(ui.currentCall(page)).toHaveCount(0);
  expect((await rigSnapshot(page)).invitesSent, 'no INVITE for an invalid number').toHaveLength(0);

  // "(415) 555-2671" is a US number: it goes out as E.164 with user=phone.
  // Nobody is registered as +14155552671, so Kamailio answers 404 Not Found.
  await dial(page, '(415) 555-2671');
  await expect(dialer.getByRole('alert')).toHaveCount(0);
  await expect
    .poll(async () => (await rigSnapshot(page)).invitesSent.length, { message: 'an INVITE is sent' })
    .toBeGreaterThan(0);
  const sent = (await page.evaluate(() => window.__rig.sipLog())).filter((e) => e.dir === 'out' && e.line.startsWith('INVITE '));
  expect(sent[0]?.line).toBe('INVITE sip:+14155552671@warmline.test;user=phone SIP/2.0');

  const failure = dialer.getByText(/failed/i);
  await expect(failure).toContainText('404');
  await expect(ui.currentCall(page)).toHaveCount(0);
  await expect(ui.dialInput(page)).toBeEnabled();

  const item = ui.history(page).getByRole('listitem').filter({ hasText: '4155552671' });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Failed');
  await expect(item).toContainText('404');
});
