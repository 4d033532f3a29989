import { test, expect } from '../fixtures/test';
import { inboundPackets } from '../fixtures/browser';
import { connectCall, ui, waitForRegistered } from '../fixtures/ui';

test('the signalling connection drops mid-call: the app reconnects, restarts ICE, and audio keeps flowing', async ({ agent }) => {
  const alice = await agent('alice');
  const bob = await agent('bob');
  await expect(ui.registration(bob.page)).toContainText('Registered');
  await connectCall(alice.page, bob.page, 'bob');

  const log = () => alice.page.evaluate(() => window.__rig.sipLog());
  const firstUfrag = (await log()).find((e) => e.dir === 'out' && e.line.startsWith('INVITE ') && e.iceUfrag)?.iceUfrag;
  expect(firstUfrag, 'the first INVITE carried ICE credentials').toBeTruthy();

  const dropped = await alice.page.evaluate(() => window.__rig.dropSipSockets());
  expect(dropped, 'a SIP WebSocket was open and got closed').toBe(1);
  await waitForRegistered(alice.page, 30_000);

  // The re-INVITE after the reconnect restarts ICE: new ICE credentials in the offer.
  await expect
    .poll(async () => (await log()).filter((e) => e.dir === 'out' && e.line.startsWith('INVITE ') && e.iceUfrag && e.iceUfrag !== firstUfrag).length, {
      message: 'an ICE-restart re-INVITE is sent',
      timeout: 15_000,
    })
    .toBeGreaterThan(0);
  await expect
    .poll(async () => (await log()).some((e) => e.dir === 'in' && e.line.startsWith('SIP/2.0 200') && /INVITE$/.test(e.cseq ?? '') && e.at > 0), {
      message: 'the re-INVITE is answered',
    })
    .toBe(true);
  await expect(ui.currentCall(alice.page)).toContainText('Connected');
  await expect(ui.currentCall(bob.page)).toContainText('Connected');
  for (const page of [alice.page, bob.page]) {
    const before = await inboundPackets(page);
    await expect.poll(() => inboundPackets(page), { message: 'audio keeps flowing after the ICE restart', timeout: 10_000 }).toBeGreaterThan(before);
  }
  // The call still ends cleanly over the new connection, from either side.
  await ui.hangUpButton(bob.page).click();
  await expect(ui.currentCall(alice.page)).toHaveCount(0);
});
