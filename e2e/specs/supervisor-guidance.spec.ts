/**
 * Guidance to the AI, against the Lab (`npm run web -- --lab` with the
 * supervisor role): the supervisor opens the live Dana Whitfield session and
 * sends "Please transfer now". The hub stores it and hands it to the Lab's
 * simulated AI platform over its long poll (GET /feed/v1/guidance); the AI
 * says so in the transcript and transfers at once, skipping the rest of its
 * script, to the seat this host occupies, so the supervisor's own phone rings.
 */
import { test, expect } from '../fixtures/test';
import { goAvailable } from '../fixtures/browser';
import { startWebHost } from '../fixtures/web-host';
import { ui, waitForRegistered } from '../fixtures/ui';
import type { Page } from '@playwright/test';

const board = (page: Page) => page.getByRole('grid', { name: 'Live AI sessions' });
const row = (page: Page, caller: string) => board(page).getByRole('row').filter({ hasText: caller });

test('Lab: guidance "Please transfer now" reaches the AI, shows in the transcript, and the AI transfers at once', async ({ rigBrowser }, testInfo) => {
  test.setTimeout(120_000);
  const host = await startWebHost({ name: 'supervisor', logDir: testInfo.outputPath(), config: { profile: { name: 'Sam Supervisor', role: 'supervisor' } }, extraArgs: ['--lab'] });
  try {
    const page = await rigBrowser.context.newPage();
    await page.goto(host.url);
    await goAvailable(page);
    await waitForRegistered(page);

    // The Lab's first AI call (a card dispute the script transfers after its fifth line, about 30 s in) starts with the Lab.
    const dana = row(page, 'Dana Whitfield');
    await expect(dana).toBeVisible({ timeout: 30_000 });
    await dana.getByRole('button', { name: 'Dana Whitfield' }).click();
    const transcript = page.getByRole('log', { name: 'Transcript' });
    await expect(transcript).toBeVisible();

    const form = page.getByRole('form', { name: 'Guidance to the AI' });
    await form.getByRole('textbox', { name: 'Guidance' }).fill('Please transfer now');
    const sentAt = Date.now();
    await form.getByRole('button', { name: 'Send guidance' }).click();
    await expect(form.getByRole('status')).toHaveText('Sent');
    await expect(form.getByRole('textbox', { name: 'Guidance' })).toHaveValue('');

    await expect(transcript).toContainText('Guidance received', { timeout: 15_000 });
    await expect(transcript).toContainText('Please transfer now');
    expect(Date.now() - sentAt, 'the long poll delivered it at once').toBeLessThan(15_000);

    // The AI acted on it: it asks for the transfer (naming the supervisor) before the script's last line ...
    const session = page.getByRole('region', { name: 'Session details' });
    await expect(session).toContainText('a supervisor asked for the transfer now', { timeout: 15_000 });
    await expect(dana).toContainText('Transferring');
    await expect(transcript, 'the rest of the script was skipped').not.toContainText("you're verified");

    // An empty note is refused in the form, with the reason.
    await form.getByRole('button', { name: 'Send guidance' }).click();
    await expect(form.getByRole('alert')).toHaveText('Write the guidance first.');

    // ... and calls the seat this host occupies: the supervisor's own phone rings, visible on
    // the tab they are on (a ringing call never hides behind a tab).
    await expect(ui.answerButton(page)).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('tab', { name: 'Live AI sessions', exact: true })).toHaveAttribute('aria-selected', 'true');
  } finally {
    await host.stop();
  }
});
