import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * The desktop app itself (e2e/specs-electron), driven through Playwright's
 * _electron against the same real Kamailio as the other specs. Run by
 * `npm run test:electron`; needs the Electron binary (node_modules/electron/dist)
 * and a display (xvfb-run -a on a headless Linux), and reports itself skipped,
 * with the reason, where the binary is not installed.
 */
export default defineConfig({
  ...base,
  testDir: './specs-electron',
  outputDir: './.output/test-results-electron',
  timeout: 120_000,
  reporter: [['list'], ['./specs-electron/skip-reason-reporter.ts']],
});
