/** Steps shared by the screen-pop specs: alice's side of a call from the simulated AI agent. */
import type { Page } from '@playwright/test';
import { expect, type AiAgent, type ContextServer } from '../fixtures/test';
import { inboundPackets } from '../fixtures/browser';
import { agentConfig, type ProvisioningDoc } from '../fixtures/web-host';
import { ui, waitForConnected, waitForIdle } from '../fixtures/ui';
import type { SampleContext } from './contexts';

export const BEARER_TOKEN = 't0ken';

/** alice's provisioning with the loopback context server (UUI ids via urlTemplate, bearer token). */
export function aliceWithContextServer(wsUrl: string, server: ContextServer): ProvisioningDoc {
  return {
    ...agentConfig(wsUrl, 'alice'),
    contextServer: { urlTemplate: server.url('/ctx/{id}'), bearerToken: BEARER_TOKEN },
  };
}

/** The call rings on alice: the Incoming call region with its Answer button. */
export async function expectRinging(page: Page, timeout = 10_000): Promise<void> {
  await expect(ui.incomingCall(page)).toBeVisible({ timeout });
  await expect(ui.answerButton(page)).toBeVisible({ timeout });
}

/** The screen-pop shows who, why and the summary (as text). */
export async function expectScreenPop(page: Page, ctx: SampleContext, timeout = 10_000): Promise<void> {
  const pop = ui.transferContext(page);
  await expect(pop).toBeVisible({ timeout });
  await expect(pop).toContainText(ctx.caller.name, { timeout });
  await expect(pop).toContainText(ctx.intent, { timeout });
  await expect(pop).toContainText(ctx.summary, { timeout });
}

/** alice answers; both ends are connected and alice hears the AI agent. */
export async function answerAndTalk(page: Page, ai: AiAgent): Promise<void> {
  await ui.answerButton(page).click();
  await waitForConnected(page);
  await expect.poll(() => ai.state(), { message: 'AI agent sees the call established' }).toBe('Established');
  await expect
    .poll(() => inboundPackets(page), { message: 'alice receives RTP from the AI agent', timeout: 10_000 })
    .toBeGreaterThan(0);
}

/** The call is over on both ends. */
export async function expectEnded(page: Page, ai: AiAgent): Promise<void> {
  await waitForIdle(page);
  await expect.poll(() => ai.state(), { message: 'AI agent back to idle' }).toBe('idle');
}

/** The history entry of the call keeps caller name, intent and summary. */
export async function expectHistory(page: Page, ctx: SampleContext): Promise<void> {
  const item = ui.history(page).getByRole('listitem').filter({ hasText: ctx.caller.name });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(ctx.intent);
  await expect(item).toContainText(ctx.summary);
}
