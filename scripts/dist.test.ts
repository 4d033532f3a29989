import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no declaration file
import { cachedZip, electronCacheDir, main, resolveElectron, targetsOf, zipName } from './dist.mjs';

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, '..');
const host = { platform: 'linux', arch: 'x64' };
const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function temp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'warmline-dist-'));
  made.push(d);
  return d;
}

/** A project folder with the electron package, with or without its binary. */
function project(withBinary: boolean): string {
  const root = temp();
  const pkg = path.join(root, 'node_modules', 'electron');
  fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'electron', version: '45.3.4' }));
  if (withBinary) {
    fs.writeFileSync(path.join(pkg, 'path.txt'), 'electron');
    fs.writeFileSync(path.join(pkg, 'dist', 'electron'), '');
  }
  return root;
}

const unreachable = async () => {
  throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
};
const reachable = async () => new Response(null, { status: 200 });

describe('npm run dist: finding the Electron binary first', () => {
  it('reads the targets from electron-builder flags, defaulting to this machine', () => {
    expect(targetsOf(['--linux', 'dir'], host)).toEqual([{ platform: 'linux', arch: 'x64' }]);
    expect(targetsOf([], { platform: 'darwin', arch: 'arm64' })).toEqual([{ platform: 'darwin', arch: 'arm64' }]);
    expect(targetsOf(['-w', '--arm64', '--x64'], host)).toEqual([
      { platform: 'win32', arch: 'arm64' },
      { platform: 'win32', arch: 'x64' },
    ]);
    expect(targetsOf(['--mac', '--universal'], host)).toEqual([
      { platform: 'darwin', arch: 'x64' },
      { platform: 'darwin', arch: 'arm64' },
    ]);
  });

  it('uses node_modules/electron/dist for this machine, downloading nothing', async () => {
    const root = project(true);
    const r = await resolveElectron({ args: ['--linux', 'dir'], root, env: { electron_config_cache: temp() }, host, fetchImpl: unreachable });
    expect(r).toEqual({ ok: true, extraArgs: [`-c.electronDist=${path.join(root, 'node_modules/electron/dist')}`], source: expect.stringContaining('installed Electron') });
  });

  it('uses the release zip from Electron download cache, also in a hashed subfolder', async () => {
    const root = project(false);
    const cache = temp();
    fs.mkdirSync(path.join(cache, 'a1b2c3'));
    const zip = path.join(cache, 'a1b2c3', zipName('45.3.4', { platform: 'win32', arch: 'x64' }));
    fs.writeFileSync(zip, 'zip');
    expect(cachedZip(cache, 'electron-v45.3.4-win32-x64.zip')).toBe(zip);
    const r = await resolveElectron({ args: ['--win'], root, env: { electron_config_cache: cache }, host, fetchImpl: unreachable });
    expect(r).toMatchObject({ ok: true, extraArgs: [`-c.electronDist=${zip}`] });
  });

  it('lets electron-builder download when the release is reachable', async () => {
    const r = await resolveElectron({ args: ['--linux', 'dir'], root: project(false), env: { electron_config_cache: temp() }, host, fetchImpl: reachable });
    expect(r).toEqual({ ok: true, extraArgs: [], source: expect.stringContaining('github.com') });
  });

  it('respects a -c.electronDist you give', async () => {
    expect(await resolveElectron({ args: ['--linux', '-c.electronDist=/x.zip'], root: project(false), env: {}, host, fetchImpl: unreachable })).toMatchObject({ ok: true, extraArgs: [] });
  });

  it('fails with the reason and what to do when there is no binary and no way to download one', async () => {
    const cache = temp();
    const lines: string[] = [];
    const code = await main(['--linux', 'dir'], {
      root: project(false),
      env: { electron_config_cache: cache, ELECTRON_MIRROR: 'https://mirror.invalid/electron/' },
      out: { log: (m: string) => lines.push(m), error: (m: string) => lines.push(m) },
    });
    expect(code).toBe(1);
    const text = lines.join('\n');
    expect(text).toContain('cannot package Warmline for Linux x64: no Electron 45.3.4 binary is available');
    expect(text).toContain('node_modules/electron/dist: missing (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1?)');
    expect(text).toContain(`${cache}: no electron-v45.3.4-linux-x64.zip`);
    expect(text).toContain('mirror.invalid cannot be reached');
    expect(text).toContain('node node_modules/electron/install.js');
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('the cache is where @electron/get keeps it on each system', () => {
    expect(electronCacheDir({}, 'linux', '/home/a')).toBe('/home/a/.cache/electron');
    expect(electronCacheDir({ XDG_CACHE_HOME: '/c' }, 'linux', '/home/a')).toBe('/c/electron');
    expect(electronCacheDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Caches/electron');
    expect(electronCacheDir({ electron_config_cache: '/e' }, 'linux', '/home/a')).toBe('/e');
  });

  it('the real command stops at once, without a stack trace, where no binary can be had', async () => {
    const env = { ...process.env, electron_config_cache: temp(), ELECTRON_MIRROR: 'http://127.0.0.1:9/' };
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    const hasBinary = fs.existsSync(path.join(REPO, 'node_modules/electron/path.txt'));
    const result = await run(process.execPath, ['scripts/dist.mjs', '--check', '--linux', 'dir'], { cwd: REPO, env }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    if (hasBinary && process.platform === 'linux' && process.arch === 'x64') {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('installed Electron');
    } else {
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('no Electron');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
