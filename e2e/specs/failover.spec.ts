/**
 * Failover between providers (issue #9): two private Kamailio instances, the
 * fixture's as the primary and a second one as the backup; alice and bob have
 * an account on each (same user, same domain), primary first.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test as base, expect, type Agent, type AgentFactory } from '../fixtures/test';
import { inboundPackets } from '../fixtures/browser';
import { startKamailio, type Kamailio } from '../fixtures/kamailio';
import { dial, ui } from '../fixtures/ui';
import type { UserName } from '../fixtures/web-host';

const test = base.extend<{ secondary: Kamailio }>({
  // eslint-disable-next-line no-empty-pattern
  secondary: async ({}, use, testInfo) => {
    const k = await startKamailio({ logDir: testInfo.outputPath('secondary') });
    await use(k);
    await k.stop();
  },
});

/**
 * A hung server is found by the OPTIONS health check: with a 1 s interval and
 * a 1 s timeout it is noticed at most 2 s after it hangs (a check answered
 * just before, the next one unanswered for its full timeout).
 */
const FAST_HEALTH_CHECK = { healthCheckIntervalMs: 1000, healthCheckTimeoutMs: 1000, failBack: 'manual' as const, coolDownMs: 30_000 };

/** How the app names a provider when both accounts read "Alice"/"Bob": by the server's host and port. */
const onServer = (k: Kamailio) => `127.0.0.1:${k.wsPort}`;

function twoProviderAgent(agent: AgentFactory, name: UserName, secondary: Kamailio): Promise<Agent> {
  return agent(name, { backupServers: [secondary.wsUrl], preferences: { failover: FAST_HEALTH_CHECK } });
}

/** The status names the provider: "Registered on Alice (127.0.0.1:PORT)". */
async function expectRegisteredOn(page: Page, k: Kamailio, timeout = 10_000): Promise<void> {
  await expect(ui.registration(page)).toContainText(new RegExp(`Registered on .*${onServer(k).replace(/\./g, '\\.')}`), { timeout });
}

async function expectAudioGrowing(page: Page, what: string): Promise<void> {
  const before = await inboundPackets(page);
  await expect.poll(() => inboundPackets(page), { message: `${what}: inbound RTP keeps growing`, timeout: 5000 }).toBeGreaterThan(before + 10);
}

test('primary killed: registration moves to the secondary, the call in progress keeps its audio and ends cleanly, new calls both ways go through the secondary', async ({
  agent,
  kamailio,
  secondary,
}) => {
  test.setTimeout(120_000);
  const alice = await twoProviderAgent(agent, 'alice', secondary);
  const bob = await twoProviderAgent(agent, 'bob', secondary);
  await expectRegisteredOn(alice.page, kamailio);
  await expectRegisteredOn(bob.page, kamailio);

  // A call through the primary; its media is peer to peer on loopback, not through the proxy.
  await dial(alice.page, 'bob');
  await ui.answerButton(bob.page).click();
  await expect(ui.currentCall(alice.page)).toContainText('Connected');
  await expect(ui.currentCall(bob.page)).toContainText('Connected');
  await expect.poll(() => inboundPackets(alice.page), { timeout: 10_000 }).toBeGreaterThan(0);

  await kamailio.kill();

  await expectRegisteredOn(alice.page, secondary);
  await expectRegisteredOn(bob.page, secondary);
  await expect(alice.page.getByRole('alert').filter({ hasText: /stopped answering; you are now registered on .*took \d+ ms/ })).toBeVisible();

  // The call that was up when the primary died: still connected, audio still arriving on both sides.
  await expect(ui.currentCall(alice.page)).toContainText('Connected');
  await expectAudioGrowing(alice.page, 'alice, after the primary died');
  await expectAudioGrowing(bob.page, 'bob, after the primary died');
  await alice.page.waitForTimeout(1500);
  await expectAudioGrowing(alice.page, 'alice, 1.5 s later');

  // Its BYE has nowhere to go (the dialog's route is the dead proxy): each side still ends it cleanly.
  await ui.hangUpButton(alice.page).click();
  await expect(ui.currentCall(alice.page)).toHaveCount(0);
  await expect(ui.dialInput(alice.page)).toBeEnabled();
  if ((await ui.currentCall(bob.page).count()) > 0) await ui.hangUpButton(bob.page).click();
  await expect(ui.currentCall(bob.page)).toHaveCount(0);
  await expect(ui.dialInput(bob.page)).toBeEnabled();

  // A new call goes out through the secondary...
  await dial(alice.page, 'bob');
  await ui.answerButton(bob.page).click();
  await expect(ui.currentCall(alice.page)).toContainText('Connected');
  await expectAudioGrowing(alice.page, 'alice, call through the secondary');
  await ui.hangUpButton(alice.page).click();
  await expect(ui.currentCall(bob.page)).toHaveCount(0);

  // ...and one comes in through it.
  await dial(bob.page, 'alice');
  await ui.answerButton(alice.page).click();
  await expect(ui.currentCall(bob.page)).toContainText('Connected');
  await expectAudioGrowing(alice.page, 'alice, incoming call through the secondary');
  await ui.hangUpButton(bob.page).click();
  await expect(ui.currentCall(alice.page)).toHaveCount(0);
  await expectRegisteredOn(alice.page, secondary);
});

test('hung primary (SIGSTOP on its whole process group): registered on the secondary within 3 s of the hang', async ({ agent, kamailio, secondary }, testInfo) => {
  test.setTimeout(60_000);
  const alice = await twoProviderAgent(agent, 'alice', secondary);
  await expectRegisteredOn(alice.page, kamailio);
  // Let a few health checks pass first: the hang then lands at a random point of the check cycle.
  await alice.page.waitForTimeout(2500);

  // Seen in the page (a MutationObserver on the status, wall clock): Playwright's own polling would add up to 500 ms.
  const pattern = `Registered on .*${onServer(secondary).replace(/\./g, '\\.')}`;
  const seenAt = alice.page.evaluate(
    (source) =>
      new Promise<number>((resolve) => {
        const re = new RegExp(source);
        const check = () => {
          const el = document.querySelector('[role="status"][aria-label="Registration"]');
          if (el && re.test(el.textContent ?? '')) {
            observer.disconnect();
            resolve(Date.now());
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        check();
      }),
    pattern,
  );
  const hungAt = Date.now();
  kamailio.suspend();
  let ms: number;
  try {
    ms = (await Promise.race([seenAt, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('not registered on the secondary within 10 s of the hang')), 10_000))])) - hungAt;
  } finally {
    kamailio.resume();
  }
  await expectRegisteredOn(alice.page, secondary);
  const notice = await alice.page.getByRole('alert').filter({ hasText: /stopped answering/ }).first().textContent();
  const rendererMs = Number(/took (\d+) ms/.exec(notice ?? '')?.[1] ?? NaN);
  testInfo.annotations.push({ type: 'hang → registered on the secondary', description: `${ms} ms (detection → registered, measured in the renderer: ${rendererMs} ms)` });
  writeFileSync(testInfo.outputPath('hang-failover.json'), JSON.stringify({ hangToSecondaryMs: ms, rendererMs, healthCheck: FAST_HEALTH_CHECK }, null, 2));
  console.log(`[failover] hang -> registered on the secondary: ${ms} ms (renderer: detection -> registered ${rendererMs} ms)`);
  // The Done-when (R20: failover within 3 seconds), measured from the SIGSTOP to the UI naming the secondary.
  expect(ms).toBeLessThan(3000);
});

test('admin failover drill from the diagnosis panel: primary marked down, time to the secondary shown', async ({ agent, kamailio, secondary }) => {
  const alice = await agent('alice', { role: 'admin', backupServers: [secondary.wsUrl], preferences: { failover: FAST_HEALTH_CHECK } });
  await expectRegisteredOn(alice.page, kamailio);
  await alice.page.getByRole('tab', { name: 'Agent phone' }).click();
  await ui.button(alice.page, 'Diagnosis').click();
  const providers = alice.page.getByRole('region', { name: 'Providers' });
  await expect(providers.getByRole('listitem').filter({ hasText: '(primary): active' })).toContainText(onServer(kamailio));

  await providers.getByRole('button', { name: 'Run failover drill' }).click();
  await expectRegisteredOn(alice.page, secondary);
  await expect(providers.getByRole('status', { name: 'Failover drill' })).toContainText(/marked down until .*; registered on .* in \d+ ms/);
  await expect(providers.getByRole('list', { name: 'Failovers' }).getByRole('listitem').first()).toHaveAttribute('data-kind', 'drill');
  await expect(providers.getByRole('listitem').filter({ hasText: '(primary)' })).toContainText(/circuit open: .*failover drill/);
  // The primary itself is fine: nothing else may pull registration back during the drill's minute (fail-back is manual here anyway).
  await expect(providers.getByRole('button', { name: 'Run failover drill' })).toBeDisabled();
});

test('one provider: the status reads as before and calls go through the routed phone', async ({ agent }) => {
  const alice = await agent('alice');
  const bob = await agent('bob');
  await expect(ui.registration(alice.page)).toHaveText('Registered');
  await dial(alice.page, 'bob');
  await ui.answerButton(bob.page).click();
  await expect(ui.currentCall(alice.page)).toContainText('Connected');
  await expectAudioGrowing(bob.page, 'bob');
  await ui.button(alice.page, 'Hold').click();
  await expect(ui.currentCall(bob.page)).toContainText(/On hold/i);
  await ui.hangUpButton(alice.page).click();
  await expect(ui.currentCall(bob.page)).toHaveCount(0);
});
