/**
 * The Lab's own SIP proxy with real components and no Kamailio: two web
 * hosts, Debian Chromium with fake media, sip.js in the app, real WebRTC.
 */
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures/lab-proxy';
import { audioStats, inboundPackets } from '../fixtures/browser';
import { dial, ui } from '../fixtures/ui';

async function packetsGrow(page: Page, ms = 1000): Promise<number> {
  const sum = async () => (await audioStats(page)).reduce((n, s) => n + s.packetsReceived, 0);
  const before = await sum();
  await page.waitForTimeout(ms);
  return (await sum()) - before;
}

/** How many times the proxy forwarded `method` (its debug log has one line per forwarded request). */
function forwarded(logs: readonly string[], method: string): number {
  return logs.filter((l) => l.startsWith(`debug ${method} `) && l.includes(' -> ws#')).length;
}

test('alice calls bob through the Lab proxy: audio both ways, hold and resume, bob hangs up', async ({ labProxy, labAgent }) => {
  const alice = await labAgent('alice');
  const bob = await labAgent('bob');
  await expect(ui.registration(alice.page)).toContainText('Registered');
  await expect(ui.registration(bob.page)).toContainText('Registered');
  expect(labProxy.registrations().map((r) => r.aor).sort()).toEqual(['alice@warmline.test', 'bob@warmline.test']);
  for (const r of labProxy.registrations()) expect(r.contact, 'sip.js registers a .invalid contact').toMatch(/\.invalid/);

  await dial(alice.page, 'bob');
  await expect(ui.answerButton(bob.page)).toBeVisible();
  await ui.answerButton(bob.page).click();
  await expect(ui.currentCall(alice.page)).toContainText('Connected');
  await expect(ui.currentCall(bob.page)).toContainText('Connected');

  for (const side of [alice, bob]) {
    await expect.poll(() => inboundPackets(side.page), { message: `${side.name} receives RTP`, timeout: 10_000 }).toBeGreaterThan(0);
  }
  const before = await Promise.all([inboundPackets(alice.page), inboundPackets(bob.page)]);
  await alice.page.waitForTimeout(1000);
  const after = await Promise.all([inboundPackets(alice.page), inboundPackets(bob.page)]);
  expect(after[0], 'alice inbound packets keep growing').toBeGreaterThan(before[0]!);
  expect(after[1], 'bob inbound packets keep growing').toBeGreaterThan(before[1]!);

  // Hold and resume are re-INVITEs inside the dialog: they reach bob only through the proxy's Record-Route.
  await ui.button(alice.page, 'Hold').click();
  await expect(ui.currentCall(alice.page)).toContainText('On hold');
  await expect(ui.currentCall(bob.page)).toContainText('On hold');
  await ui.button(alice.page, 'Resume').click();
  await expect(ui.currentCall(alice.page)).toContainText('Connected');
  await expect(ui.currentCall(bob.page)).toContainText('Connected');
  await expect.poll(() => packetsGrow(bob.page), { message: 'bob hears alice again' }).toBeGreaterThan(0);
  await expect.poll(() => packetsGrow(alice.page), { message: 'alice hears bob again' }).toBeGreaterThan(0);
  expect(forwarded(labProxy.logs, 'INVITE'), 'the INVITE and two re-INVITEs went through the proxy').toBeGreaterThanOrEqual(3);

  await ui.hangUpButton(bob.page).click();
  for (const side of [alice, bob]) {
    await expect(ui.currentCall(side.page), `${side.name} back to idle`).toHaveCount(0);
    await expect(ui.dialInput(side.page)).toBeEnabled();
  }
  expect(forwarded(labProxy.logs, 'BYE'), 'the BYE went through the proxy').toBe(1);
});

test('a call to a user nobody registered fails with 404 on the caller', async ({ labAgent }) => {
  const alice = await labAgent('alice');
  await expect(ui.registration(alice.page)).toContainText('Registered');
  await dial(alice.page, 'nobody');
  const failure = alice.page.getByRole('form', { name: 'Dialer' }).getByText(/failed/i);
  await expect(failure).toContainText('404');
  await expect(ui.currentCall(alice.page)).toHaveCount(0);
  await expect(ui.dialInput(alice.page)).toBeEnabled();
});

test('bob declines: the call ends on alice with the decline reason', async ({ labProxy, labAgent }) => {
  const alice = await labAgent('alice');
  const bob = await labAgent('bob');
  await expect(ui.registration(bob.page)).toContainText('Registered');
  await dial(alice.page, 'bob');
  await expect(ui.incomingCall(bob.page)).toBeVisible();
  await ui.button(bob.page, 'Decline').click();
  await expect(ui.incomingCall(bob.page)).toHaveCount(0);
  await expect(ui.currentCall(alice.page)).toHaveCount(0);
  const call = ui.history(alice.page).getByRole('listitem').filter({ hasText: 'bob' });
  await expect(call).toContainText('Declined');
  await expect(call).toContainText('603 Decline');
  await expect(ui.dialInput(alice.page)).toBeEnabled();
  // Both stay registered and reachable: a second call still rings.
  await dial(alice.page, 'bob');
  await expect(ui.incomingCall(bob.page)).toBeVisible();
  expect(labProxy.logs.filter((l) => l.startsWith('error'))).toEqual([]);
});
