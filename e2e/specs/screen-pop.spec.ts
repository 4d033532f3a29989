/**
 * Screen-pop: a (simulated) AI voice agent calls alice through the real
 * Kamailio with transfer context in each carrier the app reads; alice sees who
 * is calling, why and the AI's summary while the call rings, before answering,
 * and the call history keeps it afterwards.
 */
import { test, expect } from '../fixtures/test';
import { ui, waitForRegistered } from '../fixtures/ui';
import { callInfo, otherContext, sampleContext, userToUser, xWarmlineContext } from '../ai-agent/contexts';
import { aliceWithContextServer, answerAndTalk, BEARER_TOKEN, expectEnded, expectHistory, expectRinging, expectScreenPop } from '../ai-agent/steps';

test('X-Warmline-Context header: screen-pop while ringing, kept in history (AI hangs up)', async ({ agent, aiAgent }) => {
  const alice = await agent('alice');
  await waitForRegistered(alice.page);
  const ctx = sampleContext();

  await aiAgent.call('alice', [xWarmlineContext(ctx)]);
  await expectScreenPop(alice.page, ctx);
  await expectRinging(alice.page); // still ringing: the pop came before Answer
  await expect(ui.contextProblems(alice.page)).toHaveCount(0);

  await answerAndTalk(alice.page, aiAgent);
  await expectScreenPop(alice.page, ctx); // pinned during the call
  await aiAgent.hangup();
  await expectEnded(alice.page, aiAgent);
  await expectHistory(alice.page, ctx);
});

test('User-to-User carrying the context JSON (alice hangs up)', async ({ agent, aiAgent }) => {
  const alice = await agent('alice');
  await waitForRegistered(alice.page);
  const ctx = sampleContext({ sessionId: 's-uui' });

  await aiAgent.call('alice', [userToUser(JSON.stringify(ctx))]);
  await expectScreenPop(alice.page, ctx);
  await expectRinging(alice.page);
  await expect(ui.contextProblems(alice.page)).toHaveCount(0);

  await answerAndTalk(alice.page, aiAgent);
  await ui.hangUpButton(alice.page).click();
  await expectEnded(alice.page, aiAgent);
  await expectHistory(alice.page, ctx);
});

test('Call-Info URL fetched from the context server, with the bearer token', async ({ agent, aiAgent, kamailio, contextServer }) => {
  const ctx = sampleContext({ sessionId: 's-call-info' });
  // A little latency so "Loading context…" is observable while the call rings.
  contextServer.route('/ctx/1', { kind: 'json', body: ctx, delayMs: 400 });
  const alice = await agent('alice', { config: aliceWithContextServer(kamailio.wsUrl, contextServer) });
  await waitForRegistered(alice.page);

  await aiAgent.call('alice', [callInfo(contextServer.url('/ctx/1'))]);
  await expectRinging(alice.page);
  await expect(ui.contextStatus(alice.page)).toContainText('Loading context…');
  await expectScreenPop(alice.page, ctx);
  await expectRinging(alice.page);
  await expect(ui.contextStatus(alice.page)).toHaveCount(0);
  await expect(ui.contextProblems(alice.page)).toHaveCount(0);

  const fetched = contextServer.requests.filter((r) => r.path === '/ctx/1');
  expect(fetched, 'the context was fetched once').toHaveLength(1);
  expect(fetched[0]!.authorization).toBe(`Bearer ${BEARER_TOKEN}`);

  await answerAndTalk(alice.page, aiAgent);
  await aiAgent.hangup();
  await expectEnded(alice.page, aiAgent);
  await expectHistory(alice.page, ctx);
});

test('User-to-User carrying a context id, fetched through the urlTemplate', async ({ agent, aiAgent, kamailio, contextServer }) => {
  const ctx = sampleContext({ sessionId: 's-uui-id' });
  contextServer.route('/ctx/c-7f3a', { kind: 'json', body: ctx });
  const alice = await agent('alice', { config: aliceWithContextServer(kamailio.wsUrl, contextServer) });
  await waitForRegistered(alice.page);

  await aiAgent.call('alice', [userToUser('c-7f3a')]);
  await expectScreenPop(alice.page, ctx);
  await expectRinging(alice.page);
  await expect(ui.contextProblems(alice.page)).toHaveCount(0);
  const fetched = contextServer.requests.filter((r) => r.path === '/ctx/c-7f3a');
  expect(fetched, 'the id was resolved through the template').toHaveLength(1);
  expect(fetched[0]!.authorization).toBe(`Bearer ${BEARER_TOKEN}`);

  await answerAndTalk(alice.page, aiAgent);
  await ui.hangUpButton(alice.page).click();
  await expectEnded(alice.page, aiAgent);
  await expectHistory(alice.page, ctx);
});

test('X-Warmline-Context and User-to-User with different contexts: the X header wins', async ({ agent, aiAgent }) => {
  const alice = await agent('alice');
  await waitForRegistered(alice.page);
  const winner = sampleContext({ sessionId: 's-x' });
  const loser = otherContext();

  await aiAgent.call('alice', [xWarmlineContext(winner), userToUser(JSON.stringify(loser))]);
  await expectScreenPop(alice.page, winner);
  await expectRinging(alice.page);
  const pop = ui.transferContext(alice.page);
  await expect(pop).not.toContainText(loser.caller.name);
  await expect(pop).not.toContainText(loser.summary);
  await expect(pop).not.toContainText(loser.intent);
  await expect(ui.contextProblems(alice.page)).toHaveCount(0);

  await answerAndTalk(alice.page, aiAgent);
  await aiAgent.hangup();
  await expectEnded(alice.page, aiAgent);
  await expectHistory(alice.page, winner);
  await expect(ui.history(alice.page)).not.toContainText(loser.summary);
});
