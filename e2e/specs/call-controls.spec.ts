import { test, expect } from '../fixtures/test';
import { audioStats } from '../fixtures/browser';
import { connectCall, ui } from '../fixtures/ui';
import type { Page } from '@playwright/test';

/** Sum of a counter over the page's live peer connections. */
async function total(page: Page, key: 'packetsReceived' | 'packetsSent' | 'inboundEnergy' | 'sourceEnergy'): Promise<number> {
  return (await audioStats(page)).reduce((sum, s) => sum + s[key], 0);
}

/** How much a counter grows over `ms`. */
async function growth(page: Page, key: Parameters<typeof total>[1], ms = 1500): Promise<number> {
  const before = await total(page, key);
  await page.waitForTimeout(ms);
  return (await total(page, key)) - before;
}

test('the offer is Opus first with in-band FEC, PCMU kept as fallback; the call view shows the codec', async ({ agent }) => {
  const alice = await agent('alice');
  const bob = await agent('bob');
  await expect(ui.registration(bob.page)).toContainText('Registered');
  await connectCall(alice.page, bob.page, 'bob');

  const [stats] = await audioStats(alice.page);
  const offer = stats?.localSdp ?? '';
  const mline = /^m=audio \d+ \S+ ([\d ]+)$/m.exec(offer);
  expect(mline, 'the offer has an audio m-line').not.toBeNull();
  const payloads = mline![1]!.split(' ');
  const opus = /^a=rtpmap:(\d+) opus\/48000\/2$/im.exec(offer)?.[1];
  expect(opus, 'Opus is offered').toBeDefined();
  expect(payloads[0], 'Opus is the first codec').toBe(opus);
  expect(offer).toMatch(new RegExp(`^a=fmtp:${opus} .*useinbandfec=1`, 'm'));
  expect(payloads, 'PCMU (0) kept as fallback').toContain('0');
  expect(offer).toMatch(/^a=rtpmap:0 PCMU\/8000$/m);
  // Our receiver preference is also applied to the remote description, so our sender uses FEC.
  expect(stats?.remoteSdp ?? '').toMatch(new RegExp(`^a=fmtp:${opus} .*useinbandfec=1`, 'm'));
  await expect(ui.currentCall(alice.page)).toContainText('Opus');
});

test('hold stops the audio on the held side and resume brings it back', async ({ agent }) => {
  const alice = await agent('alice');
  const bob = await agent('bob');
  await expect(ui.registration(bob.page)).toContainText('Registered');
  await connectCall(alice.page, bob.page, 'bob');
  await expect.poll(() => growth(bob.page, 'packetsReceived', 500), { message: 'bob hears alice' }).toBeGreaterThan(0);

  await ui.button(alice.page, 'Hold').click();
  await expect(ui.currentCall(alice.page)).toContainText('On hold');
  await expect(ui.currentCall(bob.page)).toContainText('On hold');
  await expect(ui.button(alice.page, 'Resume')).toBeVisible();
  // Held side: no packets arrive any more (allow the in-flight ones to land first).
  await expect.poll(() => growth(bob.page, 'packetsReceived', 1000), { message: 'bob receives nothing while held', timeout: 10_000 }).toBe(0);
  await expect.poll(() => growth(alice.page, 'packetsReceived', 1000), { message: 'alice receives nothing while holding', timeout: 10_000 }).toBe(0);

  await ui.button(alice.page, 'Resume').click();
  await expect(ui.currentCall(alice.page)).toContainText('Connected');
  await expect(ui.currentCall(bob.page)).toContainText('Connected');
  await expect.poll(() => growth(bob.page, 'packetsReceived', 1000), { message: 'bob hears alice again' }).toBeGreaterThan(0);
  await expect.poll(() => growth(alice.page, 'packetsReceived', 1000), { message: 'alice hears bob again' }).toBeGreaterThan(0);
});

test('mute silences what we send and shows an indicator that cannot be missed', async ({ agent }) => {
  const alice = await agent('alice');
  const bob = await agent('bob');
  await expect(ui.registration(bob.page)).toContainText('Registered');
  await connectCall(alice.page, bob.page, 'bob');
  // The fake microphone beeps: bob receives sound energy from alice.
  await expect.poll(() => growth(bob.page, 'inboundEnergy', 1500), { message: 'bob hears sound from alice' }).toBeGreaterThan(0);

  await ui.button(alice.page, 'Mute').click();
  await expect(alice.page.getByRole('status', { name: 'Microphone' })).toContainText('Muted');
  await expect(ui.button(alice.page, 'Unmute')).toBeVisible();
  // Packets keep flowing (the call stays up) but carry silence.
  await expect.poll(() => growth(bob.page, 'inboundEnergy', 1500), { message: 'bob hears only silence', timeout: 10_000 }).toBe(0);
  expect(await growth(bob.page, 'packetsReceived', 500), 'packets still flow while muted').toBeGreaterThan(0);

  await ui.button(alice.page, 'Unmute').click();
  await expect(alice.page.getByRole('status', { name: 'Microphone' })).toHaveCount(0);
  await expect.poll(() => growth(bob.page, 'inboundEnergy', 1500), { message: 'bob hears alice again' }).toBeGreaterThan(0);
});

test('DTMF sent as SIP INFO arrives at the other page', async ({ agent }) => {
  const alice = await agent('alice', { dtmfMode: 'info' });
  const bob = await agent('bob');
  await expect(ui.registration(bob.page)).toContainText('Registered');
  await connectCall(alice.page, bob.page, 'bob');

  await ui.button(alice.page, 'Keypad').click();
  const keypad = alice.page.getByRole('group', { name: 'Keypad' });
  for (const d of ['1', '2', '#']) await keypad.getByRole('button', { name: `Digit ${d}` }).click();
  await expect(bob.page.getByLabel('Received digits')).toHaveText('12#');
  const infos = (await alice.page.evaluate(() => window.__rig.sipLog())).filter((e) => e.dir === 'out' && e.line.startsWith('INFO '));
  expect(infos.length).toBeGreaterThanOrEqual(3);
});
