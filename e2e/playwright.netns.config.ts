import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * Specs that impair the network for real (e2e/specs-netns). They run inside a
 * network namespace made for them (e2e/netns/run-in-netns.mjs; `npm run
 * test:e2e` does this), so loss and delay touch only the tests' own traffic.
 */
export default defineConfig({
  ...base,
  testDir: './specs-netns',
  outputDir: './.output/test-results-netns',
});
