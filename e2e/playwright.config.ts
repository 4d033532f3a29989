import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against a real Kamailio, the app's real web host and the
 * Debian Chromium (see e2e/fixtures). One worker: the machines have 2 cores
 * and every test runs a proxy, two hosts and a browser with live media.
 */
export default defineConfig({
  testDir: './specs',
  outputDir: './.output/test-results',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  forbidOnly: !!process.env.CI,
  // Browsers are launched by the fixtures (e2e/fixtures/browser.ts), not by
  // Playwright's own browser fixtures.
  use: {
    actionTimeout: 15_000,
  },
});
