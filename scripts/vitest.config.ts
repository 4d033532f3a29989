import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Unit tests only: pure logic in shared/, host services in electron/, renderer logic.
// End-to-end specs live in e2e/ and run under Playwright against a real Kamailio.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
});
