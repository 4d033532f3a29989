// `npm start`: the Electron app where its binary is installed; otherwise (e.g. installed
// with ELECTRON_SKIP_BINARY_DOWNLOAD=1) the same app through the web host, saying so.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

// Look for the binary without require('electron'): since Electron 4x that require tries to
// download a missing binary, which fails (with a stack trace) where there is no internet.
const require = createRequire(import.meta.url);
let electronBinary = null;
try {
  const dir = path.dirname(require.resolve('electron/package.json'));
  const rel = fs.existsSync(path.join(dir, 'path.txt')) ? fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim() : null;
  const candidate = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel ?? 'electron')
    : rel && path.join(dir, 'dist', rel);
  if (candidate && fs.existsSync(candidate)) electronBinary = candidate;
} catch {
  electronBinary = null;
}

// With no account yet, the app opens on the Lab (local PBX + simulated AI callers): the embedded default.
const passthrough = ['--lab-if-unconfigured', ...process.argv.slice(2)];
const child = electronBinary
  ? spawn(electronBinary, ['.', ...passthrough], { stdio: 'inherit' })
  : (console.log(
      'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD?): starting the web host instead.\n' +
        'Open the address below in Chromium or Chrome. To get the desktop app, run `node node_modules/electron/install.js` where the internet is reachable.',
    ),
    spawn(process.execPath, ['dist/host/web-host.mjs', ...passthrough], { stdio: 'inherit' }));
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
