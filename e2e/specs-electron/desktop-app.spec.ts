/**
 * The Electron app end to end: launched from the built main process
 * (dist/electron/main.cjs) with a fresh profile, signed in by its provisioning
 * file, registered to the test's Kamailio, taking a call from an agent on the
 * web host, with its window's hardening read back from the running app.
 */
import { _electron as electron, type ElectronApplication } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/contract/csp';
import { goAvailable, recordConsole } from '../fixtures/browser';
import { expect, test } from '../fixtures/test';
import { dial, ui } from '../fixtures/ui';
import { agentConfig, REPO_ROOT } from '../fixtures/web-host';

const ELECTRON_PACKAGE = join(REPO_ROOT, 'node_modules', 'electron');
const ELECTRON_DIST = join(ELECTRON_PACKAGE, 'dist');
const MAIN_ENTRY = join(REPO_ROOT, 'dist', 'electron', 'main.cjs');

/** The binary the electron package installed (path.txt names it inside dist/), without require('electron'), which would try to download it. */
function installedElectron(): string | null {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  try {
    const rel = readFileSync(join(ELECTRON_PACKAGE, 'path.txt'), 'utf8').trim();
    const binary = join(override ?? ELECTRON_DIST, rel);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const electronBinary = installedElectron();

test.skip(
  electronBinary === null,
  `the Electron binary is not installed (${ELECTRON_DIST} is missing: npm installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1?); ` +
    'run `node node_modules/electron/install.js` where the internet is reachable, then `npm run test:electron`',
);

test('the desktop app signs in, registers to Kamailio and takes a call, in a locked-down window', async ({ kamailio, agent }, testInfo) => {
  if (!existsSync(MAIN_ENTRY)) throw new Error(`the app is not built (${MAIN_ENTRY} missing): run npm run build (npm run test:electron does)`);
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new Error('no display for the Electron window: run it under a virtual one, `xvfb-run -a npm run test:electron`');
  }
  const profile = testInfo.outputPath('electron-alice');
  const dataDir = join(profile, 'data');
  const configPath = join(profile, 'provisioning.json');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(configPath, JSON.stringify(agentConfig(kamailio.wsUrl, 'alice'), null, 2));

  const app: ElectronApplication = await electron.launch({
    executablePath: electronBinary!,
    args: [
      REPO_ROOT,
      '--data-dir',
      dataDir,
      '--config',
      configPath,
      // No keyring on a test machine: Chromium's plain store lets safeStorage work.
      '--password-store=basic',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      // Chromium refuses to run its sandbox as root (CI containers); the renderer is still sandboxed by Electron's own settings checked below.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
    cwd: REPO_ROOT,
    env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
    timeout: 60_000,
  });
  try {
    const page = await app.firstWindow();
    const closeConsole = recordConsole(page, testInfo.outputPath('console-electron-alice.log'));
    await page.waitForLoadState('domcontentloaded');

    // The hardening, as the running app has it.
    expect(page.url()).toBe('app://warmline/index.html');
    // No Node in the page and only the bridge from the isolated preload (contextIsolation, nodeIntegration off).
    expect(
      await page.evaluate(() => {
        const g = globalThis as Record<string, unknown>;
        return { require: typeof g.require, process: typeof g.process, ipcRenderer: typeof g.ipcRenderer, bridgeFrozen: Object.isFrozen(g.warmlineHost) };
      }),
    ).toEqual({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined', bridgeFrozen: true });
    // The renderer runs in the OS sandbox (Electron reports it on macOS and Windows; Linux leaves it undefined).
    const renderers = await app.evaluate(({ app: a }) => a.getAppMetrics().filter((m) => m.type === 'Tab').map((m) => m.sandboxed ?? null));
    expect(renderers.length).toBeGreaterThan(0);
    expect(renderers).not.toContain(false);
    expect(await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'))).toBe(CONTENT_SECURITY_POLICY);

    // Signed in by the provisioning file; going available registers.
    await goAvailable(page);
    await expect(ui.registration(page)).toContainText('Registered', { timeout: 20_000 });

    // Bob, on the web host, calls Alice's desktop app; she answers there.
    const bob = await agent('bob');
    await expect(ui.registration(bob.page)).toContainText('Registered');
    await dial(bob.page, 'alice');
    await expect(ui.answerButton(page)).toBeVisible();
    await ui.answerButton(page).click();
    await expect(ui.currentCall(page)).toContainText('Connected');
    await expect(ui.currentCall(bob.page)).toContainText('Connected');

    await ui.hangUpButton(page).click();
    await expect(ui.currentCall(page)).toHaveCount(0);
    await expect(ui.currentCall(bob.page)).toHaveCount(0);
    await expect(ui.history(page).getByRole('listitem').filter({ hasText: 'bob' })).not.toHaveCount(0);
    await closeConsole();
  } finally {
    await app.close().catch(() => undefined);
  }
});
