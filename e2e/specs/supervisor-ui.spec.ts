/**
 * The supervisor console in the real built app: a web host provisioned with
 * the supervisor role and hub tokens, an AI platform's events posted over
 * HTTP by the test, the page read by role and accessible name. No Kamailio:
 * the console needs no SIP account (Listen then says why it cannot start).
 */
import { test, expect, type Page, type WebSocketRoute } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { FeedEventInput } from '../../shared/feed/feed-event';
import { csvObjects } from '../../shared/feed/sessions-csv';
import { sessionEvents } from '../../shared/feed/test-support/feed-examples';
import { launchRigBrowser, recordConsole, type RigBrowser } from '../fixtures/browser';
import { HUB_SUBSCRIBER_TOKEN, hubConfig, postEvents } from '../fixtures/hub-client';
import { startWebHost, type ProvisioningDoc, type WebHost } from '../fixtures/web-host';

const supervisorConfig = (): ProvisioningDoc => ({ ...hubConfig(), profile: { name: 'Sam Supervisor', role: 'supervisor' } });

const sv = {
  tab: (page: Page, name: string) => page.getByRole('tab', { name, exact: true }),
  board: (page: Page) => page.getByRole('grid', { name: 'Live AI sessions' }),
  boardRow: (page: Page, caller: string) => sv.board(page).getByRole('row', { name: new RegExp(caller) }),
  counter: (page: Page, name: string) => page.getByRole('region', { name: 'Session counters' }).getByRole('group', { name, exact: true }).locator('.counter-value'),
  session: (page: Page) => page.getByRole('region', { name: 'Session details' }),
  transcript: (page: Page) => page.getByRole('log', { name: 'Transcript' }),
  feedStatus: (page: Page) => page.getByRole('status', { name: 'Feed status' }),
  pastSessions: (page: Page) => page.getByRole('table', { name: 'Past sessions' }),
  pastSession: (page: Page) => page.getByRole('region', { name: 'Past session' }),
};

async function post(host: WebHost, events: FeedEventInput[]): Promise<void> {
  const r = await postEvents(host.url, events);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** A short session the AI resolved on its own. */
function resolvedSession(sessionId: string, startAt: number): FeedEventInput[] {
  const at = (s: number) => new Date(startAt + s * 1000).toISOString();
  return [
    { sessionId, seq: 0, at: at(0), type: 'session.started', caller: { name: 'Lee Park', number: '+14155550199' } },
    { sessionId, seq: 1, at: at(1), type: 'transcript.turn', speaker: 'caller', text: 'What is my balance?' },
    { sessionId, seq: 2, at: at(2), type: 'session.updated', intent: 'Check balance', sentiment: 'positive', confidence: 0.95 },
    { sessionId, seq: 3, at: at(3), type: 'transcript.turn', speaker: 'ai', text: 'Your balance is $12.40.' },
    { sessionId, seq: 4, at: at(20), type: 'session.ended', outcome: 'resolved' },
  ];
}

let browser: RigBrowser;
test.beforeEach(async () => {
  browser = await launchRigBrowser();
});
test.afterEach(async () => {
  await browser.close();
});

test('a live session streams onto the wallboard and into its session view, then Review finds it and Export CSV yields its rows', async ({}, testInfo) => {
  const host = await startWebHost({ name: 'supervisor', logDir: testInfo.outputPath(), config: supervisorConfig() });
  const page = await browser.context.newPage();
  const closeConsole = recordConsole(page, testInfo.outputPath('console-supervisor.log'));
  try {
    await page.goto(host.url);
    await expect(sv.tab(page, 'Live AI sessions')).toHaveAttribute('aria-selected', 'true');
    await expect(sv.tab(page, 'Agent phone')).toBeVisible();
    await expect(sv.tab(page, 'Review')).toBeVisible();
    await expect(sv.feedStatus(page)).toHaveText('Live');
    await expect(sv.counter(page, 'Live')).toHaveText('0');

    // Everything happened in the last minute: "today" for the counters.
    const start = Date.now() - 60_000;
    const dana = sessionEvents('ui-dana', start);
    await post(host, dana.slice(0, 2));
    const row = sv.boardRow(page, 'Dana Reyes');
    await expect(row).toBeVisible();
    await expect(row).toContainText('+14155550100');
    await expect(row).toContainText('Talking');
    await expect(sv.counter(page, 'Live')).toHaveText('1');

    await row.getByRole('button', { name: 'Dana Reyes' }).click();
    const transcript = sv.transcript(page);
    await expect(transcript).toContainText('Hi, this is Ava. How can I help?');

    // An interim turn, then its final version: the log grows by one turn, not two.
    await post(host, dana.slice(2, 4));
    await expect(transcript).toContainText("There's a charge I don't recognise.");
    await expect(transcript.locator('.turn')).toHaveCount(2);

    await post(host, dana.slice(4, 6)); // session.updated, quality.sample
    await expect(row).toContainText('Dispute a charge');
    await expect(row).toContainText('82%');
    await expect(row).toContainText('4.3');
    await expect(sv.session(page)).toContainText('Caller disputes a $42.00 charge.');
    await expect(sv.session(page).getByRole('region', { name: 'Quality samples' })).toContainText('MOS 4.3');

    await post(host, dana.slice(6, 7)); // transfer.requested
    await expect(row).toContainText('Transferring');
    await expect(sv.counter(page, 'Transferring')).toHaveText('1');
    const transfer = sv.session(page).getByRole('region', { name: 'Transfer to alice@lab.warmline.test' });
    await expect(transfer).toContainText('Refunds over $25 need a human');
    await expect(transfer).toContainText('Waiting for alice@lab.warmline.test to answer');

    // Listen goes through the monitor controller; without a SIP account it says why it cannot.
    await row.getByRole('button', { name: 'Listen' }).click();
    await expect(page.getByRole('region', { name: 'Monitoring' }).getByRole('alert')).toContainText('Could not start listening');

    await post(host, dana.slice(7)); // transfer.completed, session.ended
    await expect(transfer).toContainText('Connected to alice@lab.warmline.test');
    await expect(row).toContainText('Ended');
    await expect(sv.counter(page, 'Transferred today')).toHaveText('1');
    await expect(sv.counter(page, 'Live')).toHaveText('0');

    await post(host, resolvedSession('ui-lee', start + 5000));
    await expect(sv.boardRow(page, 'Lee Park')).toContainText('Ended');
    await expect(sv.counter(page, 'Resolved by AI today')).toHaveText('1');
    // (16 s + 20 s) / 2
    await expect(sv.counter(page, 'Average handle time')).toHaveText('0:18');

    // Search and sort on the board.
    await page.getByRole('searchbox', { name: 'Search caller or intent' }).fill('balance');
    await expect(sv.board(page).getByRole('row')).toHaveCount(2); // header + Lee
    await expect(sv.boardRow(page, 'Lee Park')).toBeVisible();
    await page.getByRole('searchbox', { name: 'Search caller or intent' }).fill('');
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('confidence');
    await expect(sv.board(page).getByRole('row').nth(1)).toContainText('Dana Reyes'); // 82% before 95%

    // Review: both sessions, then the transferred one in full.
    await sv.tab(page, 'Review').click();
    const table = sv.pastSessions(page);
    await expect(table.getByRole('row', { name: /Dana Reyes/ })).toContainText('Transferred');
    await expect(table.getByRole('row', { name: /Lee Park/ })).toContainText('Resolved by AI');
    await table.getByRole('row', { name: /Dana Reyes/ }).getByRole('button', { name: 'Open' }).click();
    const past = sv.pastSession(page);
    await expect(past.getByRole('log', { name: 'Transcript' }).locator('.turn')).toHaveCount(2);
    await expect(past.getByRole('log', { name: 'Transcript' })).toContainText("There's a charge I don't recognise.");
    await expect(past).toContainText('Caller disputes a $42.00 charge.');
    await expect(past.locator('.outcome')).toHaveText('Transferred');
    await expect(past.getByRole('region', { name: 'Transfer to alice@lab.warmline.test' })).toContainText('What the agent saw');
    await expect(past.getByRole('region', { name: 'Quality samples' })).toContainText('MOS 4.3');
    await expect(past.locator('.recording')).toHaveText('No recording was made');

    // Filtered by outcome, and exported.
    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('resolved-by-ai');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(table.getByRole('row')).toHaveCount(2); // header + Lee
    const oneRow = await exportCsv(page);
    expect(oneRow.map((r) => r.sessionId)).toEqual(['ui-lee']);
    expect(oneRow[0]).toMatchObject({ callerName: 'Lee Park', callerNumber: "'+14155550199", intent: 'Check balance', outcome: 'resolved', transferred: 'false' });
    await expect(page.getByRole('status', { name: 'Export' })).toHaveText('Exported 1 session');

    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('any');
    await page.getByRole('textbox', { name: 'Transferred to agent' }).fill('alice');
    const agentRows = await exportCsv(page);
    expect(agentRows.map((r) => r.sessionId)).toEqual(['ui-dana']);
    expect(agentRows[0]).toMatchObject({ targetAgent: 'sip:alice@lab.warmline.test', transferred: 'true', turns: '2' });
    await page.getByRole('textbox', { name: 'Transferred to agent' }).fill('');
    expect((await exportCsv(page)).map((r) => r.sessionId).sort()).toEqual(['ui-dana', 'ui-lee']);
    await expect(page.getByRole('status', { name: 'Export' })).toHaveText('Exported 2 sessions');
  } finally {
    await closeConsole();
    await page.close();
    await host.stop();
  }
});

async function exportCsv(page: Page): Promise<Record<string, string>[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^warmline-sessions-.*\.csv$/);
  return csvObjects(readFileSync(await download.path(), 'utf8'));
}

test('after the host connection drops, the console catches up from its last cursor: nothing missed, nothing twice', async ({}, testInfo) => {
  const host = await startWebHost({ name: 'supervisor', logDir: testInfo.outputPath(), config: supervisorConfig() });
  const page = await browser.context.newPage();
  const closeConsole = recordConsole(page, testInfo.outputPath('console-supervisor.log'));
  // The bridge WebSocket goes through the test, so it can be cut and refused for a while.
  const bridge: { refuse: boolean; live: WebSocketRoute | null } = { refuse: false, live: null };
  await page.routeWebSocket(/\/bridge$/, (ws) => {
    if (bridge.refuse) return ws.close({ code: 1011, reason: 'test outage' });
    bridge.live = ws;
    ws.connectToServer();
  });
  try {
    await page.goto(host.url);
    await expect(sv.feedStatus(page)).toHaveText('Live');
    const events = sessionEvents('ui-resume', Date.now() - 30_000);
    await post(host, events.slice(0, 2));
    const row = sv.boardRow(page, 'Dana Reyes');
    await row.getByRole('button', { name: 'Dana Reyes' }).click();
    await expect(sv.transcript(page).locator('.turn')).toHaveCount(1);

    bridge.refuse = true;
    await bridge.live!.close({ code: 1011, reason: 'test outage' });
    await expect(sv.feedStatus(page)).toContainText('Lost the connection');
    // Stored while the console is away: it must get these from feed.replay.
    await post(host, events.slice(2, 6));
    bridge.refuse = false;

    await expect(sv.feedStatus(page)).toHaveText('Live', { timeout: 15_000 });
    await expect(row).toContainText('Dispute a charge');
    await post(host, events.slice(6));
    await expect(row).toContainText('Ended');
    await expect(sv.transcript(page).locator('.turn')).toHaveCount(2);
    await expect(sv.transcript(page)).toContainText("There's a charge I don't recognise.");
    await expect(sv.counter(page, 'Transferred today')).toHaveText('1');
    await expect(sv.session(page).getByRole('region', { name: 'Quality samples' }).getByRole('listitem')).toHaveCount(1);
  } finally {
    await closeConsole();
    await page.close();
    await host.stop();
  }
});

test('an agent sees no supervisor console until signing in as supervisor with a subscriber token', async ({}, testInfo) => {
  const host = await startWebHost({ name: 'agent', logDir: testInfo.outputPath(), config: hubConfig() });
  const page = await browser.context.newPage();
  const closeConsole = recordConsole(page, testInfo.outputPath('console-agent.log'));
  try {
    await page.goto(host.url);
    await expect(page.getByRole('button', { name: 'Settings' })).toBeVisible();
    await post(host, sessionEvents('ui-hidden', Date.now() - 10_000).slice(0, 3));
    await expect(page.getByRole('tablist', { name: 'Console' })).toHaveCount(0);
    await expect(page.getByRole('tab')).toHaveCount(0);
    await expect(sv.board(page)).toHaveCount(0);
    await expect(page.getByText('Dana Reyes')).toHaveCount(0);

    await page.getByRole('button', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Sign in as supervisor' });
    await form.getByLabel('Supervisor token').fill('not-the-right-token-at-all');
    await form.getByRole('button', { name: 'Sign in as supervisor' }).click();
    await expect(form.getByRole('alert')).not.toBeEmpty();
    await expect(page.getByRole('tab')).toHaveCount(0);

    await form.getByLabel('Supervisor token').fill(HUB_SUBSCRIBER_TOKEN);
    await form.getByRole('button', { name: 'Sign in as supervisor' }).click();
    await expect(sv.tab(page, 'Live AI sessions')).toBeVisible();
    await sv.tab(page, 'Live AI sessions').click();
    await expect(sv.boardRow(page, 'Dana Reyes')).toBeVisible();
  } finally {
    await closeConsole();
    await page.close();
    await host.stop();
  }
});
