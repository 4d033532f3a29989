/**
 * Screen-pop against hostile or broken transfer context: markup in the AI's
 * text, oversized headers, bad encodings, a context server that hangs or
 * answers too much. Whatever the context, the call rings at once, Answer works
 * and the call connects; the problem is reported in "Context problems".
 */
import { test, expect } from '../fixtures/test';
import { ui, waitForRegistered } from '../fixtures/ui';
import { base64url, callInfo, sampleContext, xWarmlineContext, xWarmlineContextRaw } from '../ai-agent/contexts';
import { aliceWithContextServer, answerAndTalk, expectEnded, expectRinging, expectScreenPop } from '../ai-agent/steps';
import type { Agent, AiAgent } from '../fixtures/test';

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

/** The call still works: answer, connect, media, the AI hangs up, alice is idle again. */
async function callStillWorks(alice: Agent, ai: AiAgent): Promise<void> {
  await answerAndTalk(alice.page, ai);
  await ai.hangup();
  await expectEnded(alice.page, ai);
}

test('markup in the summary is shown as text and never runs', async ({ agent, aiAgent }) => {
  const alice = await agent('alice');
  await waitForRegistered(alice.page);
  const payload = '<img src=x onerror="window.__pwned=1">';
  const ctx = sampleContext({ summary: `Caller said ${payload} twice.`, intent: `<b>${payload}</b>` });

  await aiAgent.call('alice', [xWarmlineContext(ctx)]);
  await expectScreenPop(alice.page, ctx);
  await expectRinging(alice.page);
  const pop = ui.transferContext(alice.page);
  await expect(pop).toContainText(payload); // the literal characters, visible
  await expect(pop.locator('img')).toHaveCount(0);
  await expect(pop.locator('b')).toHaveCount(0);
  // Give a would-be onerror (a failed load of "x") time to fire.
  await alice.page.waitForTimeout(500);
  expect(await alice.page.evaluate(() => window.__pwned)).toBeUndefined();

  await callStillWorks(alice, aiAgent);
  const item = ui.history(alice.page).getByRole('listitem').filter({ hasText: ctx.caller.name });
  await expect(item).toContainText(payload);
  await expect(ui.history(alice.page).locator('img')).toHaveCount(0);
  expect(await alice.page.evaluate(() => window.__pwned)).toBeUndefined();
});

test('a 12 KB X-Warmline-Context header: the call rings and connects, the problem names the 8 KB limit', async ({ agent, aiAgent }) => {
  const alice = await agent('alice');
  await waitForRegistered(alice.page);
  // A well-formed context whose base64url is exactly 12288 characters.
  // Bytes, not UTF-16 units: the sample's facts hold multi-byte characters.
  const baseBytes = Buffer.byteLength(JSON.stringify(sampleContext({ summary: '' })), 'utf8');
  const ctx = sampleContext({ summary: 'y'.repeat(9216 - baseBytes) });
  const value = base64url(JSON.stringify(ctx));
  expect(value.length).toBe(12288);

  await aiAgent.call('alice', [xWarmlineContextRaw(value)]);
  await expectRinging(alice.page);
  await expect(ui.contextProblems(alice.page)).toContainText('8 KB');
  await expect(ui.transferContext(alice.page)).not.toContainText('yyyyyyyy');
  await callStillWorks(alice, aiAgent);
});

test('X-Warmline-Context that is not base64url', async ({ agent, aiAgent }) => {
  const alice = await agent('alice');
  await waitForRegistered(alice.page);

  await aiAgent.call('alice', [xWarmlineContextRaw('%%%not*base64url!!%%%')]);
  await expectRinging(alice.page);
  await expect(ui.contextProblems(alice.page)).toContainText('not valid base64url');
  await callStillWorks(alice, aiAgent);
});

test('X-Warmline-Context that decodes to invalid JSON', async ({ agent, aiAgent }) => {
  const alice = await agent('alice');
  await waitForRegistered(alice.page);

  await aiAgent.call('alice', [xWarmlineContextRaw(base64url('{"version":"warmline.context/1","summary": "cut off'))]);
  await expectRinging(alice.page);
  await expect(ui.contextProblems(alice.page)).toContainText('not valid JSON');
  await callStillWorks(alice, aiAgent);
});

test('a context server that never answers: the call rings at once, "timed out" after ~1.5 s', async ({ agent, aiAgent, kamailio, contextServer }) => {
  contextServer.route('/ctx/1', { kind: 'hang' });
  const alice = await agent('alice', { config: aliceWithContextServer(kamailio.wsUrl, contextServer) });
  await waitForRegistered(alice.page);

  await aiAgent.call('alice', [callInfo(contextServer.url('/ctx/1'))]);
  await expectRinging(alice.page);
  const ringingAt = Date.now();
  await expect(ui.contextStatus(alice.page)).toContainText('Loading context…');
  await expect(ui.contextProblems(alice.page)).toContainText('timed out', { timeout: 10_000 });
  const elapsed = Date.now() - ringingAt;
  expect(elapsed, 'the timeout is about 1.5 s, not the test timeout').toBeLessThan(4000);
  expect(elapsed).toBeGreaterThan(800);
  await expect(ui.contextStatus(alice.page)).toHaveCount(0);
  expect(contextServer.requests.filter((r) => r.path === '/ctx/1')).toHaveLength(1);
  await expectRinging(alice.page);
  await callStillWorks(alice, aiAgent);
});

test('a context server answering 1 MB (with Content-Length): refused as too large', async ({ agent, aiAgent, kamailio, contextServer }) => {
  contextServer.route('/ctx/1', { kind: 'big', bytes: 1024 * 1024 });
  const alice = await agent('alice', { config: aliceWithContextServer(kamailio.wsUrl, contextServer) });
  await waitForRegistered(alice.page);

  await aiAgent.call('alice', [callInfo(contextServer.url('/ctx/1'))]);
  await expectRinging(alice.page);
  await expect(ui.contextProblems(alice.page)).toContainText('larger than');
  await expect(ui.transferContext(alice.page)).not.toContainText('xxxxxxxx');
  await callStillWorks(alice, aiAgent);
});

test('a context server streaming 1 MB (chunked, no Content-Length): refused as too large', async ({ agent, aiAgent, kamailio, contextServer }) => {
  contextServer.route('/ctx/1', { kind: 'big', bytes: 1024 * 1024, chunked: true });
  const alice = await agent('alice', { config: aliceWithContextServer(kamailio.wsUrl, contextServer) });
  await waitForRegistered(alice.page);

  await aiAgent.call('alice', [callInfo(contextServer.url('/ctx/1'))]);
  await expectRinging(alice.page);
  await expect(ui.contextProblems(alice.page)).toContainText('larger than');
  await expect(ui.transferContext(alice.page)).not.toContainText('xxxxxxxx');
  await callStillWorks(alice, aiAgent);
});

test('a context server answering 404: reported, the call works', async ({ agent, aiAgent, kamailio, contextServer }) => {
  const alice = await agent('alice', { config: aliceWithContextServer(kamailio.wsUrl, contextServer) });
  await waitForRegistered(alice.page);

  await aiAgent.call('alice', [callInfo(contextServer.url('/ctx/missing'))]);
  await expectRinging(alice.page);
  await expect(ui.contextProblems(alice.page)).toContainText('404');
  await callStillWorks(alice, aiAgent);
});
