// `npm run dist [-- electron-builder args]`: desktop packages with electron-builder
// (electron-builder.yml). electron-builder needs the Electron binary of each target; where it
// can be neither found nor downloaded it fails deep inside with a stack trace, after a full
// build. So this script first finds one, and otherwise stops at once saying why and what to do:
//   1. -c.electronDist=... given by you: used as is;
//   2. node_modules/electron/dist (or ELECTRON_OVERRIDE_DIST_PATH), for this machine's own
//      platform and arch: handed to electron-builder, nothing is downloaded;
//   3. electron-v<version>-<platform>-<arch>.zip in Electron's download cache
//      (electron_config_cache, or ~/.cache/electron, ~/Library/Caches/electron,
//      %LOCALAPPDATA%\electron\Cache): handed to electron-builder, nothing is downloaded;
//   4. otherwise the release must be downloadable (ELECTRON_MIRROR or GitHub): checked now.
// Then `npm run build` and electron-builder. `--check` only does the finding (exit 0 or 1).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/';
const PLATFORM_FLAGS = { '--linux': 'linux', '-l': 'linux', '--win': 'win32', '--windows': 'win32', '-w': 'win32', '--mac': 'darwin', '--macos': 'darwin', '-m': 'darwin' };
const ARCH_FLAGS = { '--x64': 'x64', '--arm64': 'arm64', '--ia32': 'ia32', '--armv7l': 'armv7l', '--universal': 'universal' };
const PLATFORM_NAMES = { linux: 'Linux', win32: 'Windows', darwin: 'macOS' };

/** The (platform, arch) pairs an electron-builder command line builds; this machine's by default. */
export function targetsOf(args, host = { platform: process.platform, arch: process.arch }) {
  const platforms = [...new Set(args.map((a) => PLATFORM_FLAGS[a]).filter(Boolean))];
  const arches = [...new Set(args.map((a) => ARCH_FLAGS[a]).filter(Boolean))];
  const ps = platforms.length ? platforms : [host.platform];
  const as = arches.length ? arches : [host.arch];
  // A universal macOS app is assembled from the x64 and arm64 builds.
  return ps.flatMap((platform) => as.flatMap((arch) => (arch === 'universal' ? ['x64', 'arm64'] : [arch]).map((a) => ({ platform, arch: a }))));
}

export const zipName = (version, t) => `electron-v${version}-${t.platform}-${t.arch}.zip`;

/** Electron's own download cache (@electron/get's default cacheRoot). */
export function electronCacheDir(env, platform = process.platform, home = os.homedir()) {
  if (env.electron_config_cache) return env.electron_config_cache;
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'electron');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'electron', 'Cache');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'electron');
}

/** The unpacked Electron of the electron npm package, if its binary is really there. */
export function installedElectron(root, env) {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkgDir, 'dist');
  let rel = null;
  try {
    rel = fs.readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim();
  } catch {
    rel = null;
  }
  const binary = rel ? path.join(dist, rel) : null;
  return binary && fs.existsSync(binary) ? dist : null;
}

/** The release zip in the cache, at its top or one folder down (@electron/get keeps it under a hash of its URL). */
export function cachedZip(cacheDir, name) {
  const direct = path.join(cacheDir, name);
  if (fs.existsSync(direct)) return direct;
  let subdirs = [];
  try {
    subdirs = fs.readdirSync(cacheDir, { withFileTypes: true }).filter((d) => d.isDirectory());
  } catch {
    return null;
  }
  for (const d of subdirs) {
    const p = path.join(cacheDir, d.name, name);
    if (fs.existsSync(p)) return p;
  }
  return null;
}

/** Whether the release zip can be fetched now: { ok } or { ok: false, reason }. */
export async function probeDownload(url, fetchImpl = fetch, timeoutMs = 8000) {
  try {
    const res = await fetchImpl(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? { ok: true } : { ok: false, reason: `${url} answered HTTP ${res.status}` };
  } catch (e) {
    const detail = e?.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (e?.cause?.code ?? e?.cause?.message ?? e?.message ?? 'network error');
    return { ok: false, reason: `${new URL(url).host} cannot be reached (${detail})` };
  }
}

/**
 * Where electron-builder will get Electron for these targets, or why it cannot.
 * Returns { ok: true, extraArgs, source } or { ok: false, message }.
 */
export async function resolveElectron({ args, root, env, host = { platform: process.platform, arch: process.arch }, fetchImpl = fetch, home = os.homedir() }) {
  if (args.some((a) => /^(-c|--config)\.electronDist(=|$)/.test(a))) return { ok: true, extraArgs: [], source: 'your -c.electronDist' };
  let version;
  try {
    version = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  } catch {
    return { ok: false, message: 'npm run dist: the electron package is not installed (node_modules/electron). Run `npm install` first.' };
  }
  const targets = targetsOf(args, host);
  const cacheDir = electronCacheDir(env, host.platform, home);
  const installed = installedElectron(root, env);
  const local = targets.map((t) => {
    if (installed && t.platform === host.platform && t.arch === host.arch) return { t, path: installed, what: `the installed Electron (${path.relative(root, installed) || installed})` };
    const zip = cachedZip(cacheDir, zipName(version, t));
    return zip ? { t, path: zip, what: zip } : { t, path: null };
  });
  if (targets.length === 1 && local[0].path) {
    return { ok: true, extraArgs: [`-c.electronDist=${local[0].path}`], source: local[0].what };
  }
  // Several targets (or none on disk): electron-builder downloads each release.
  const mirror = env.ELECTRON_MIRROR || DEFAULT_MIRROR;
  const problems = [];
  for (const t of targets) {
    const url = `${mirror.endsWith('/') ? mirror : `${mirror}/`}v${version}/${zipName(version, t)}`;
    const probe = await probeDownload(url, fetchImpl);
    if (!probe.ok) problems.push({ t, reason: probe.reason });
  }
  if (problems.length === 0) return { ok: true, extraArgs: [], source: `downloads from ${mirror}` };
  return { ok: false, message: failureMessage({ version, problems, installed, cacheDir, several: targets.length > 1, anyLocal: local.some((l) => l.path), host }) };
}

export function failureMessage({ version, problems, installed, cacheDir, several, anyLocal, host }) {
  const names = problems.map(({ t }) => `${PLATFORM_NAMES[t.platform] ?? t.platform} ${t.arch}`).join(', ');
  const first = problems[0];
  const lines = [
    `npm run dist: cannot package Warmline for ${names}: no Electron ${version} binary is available, and it cannot be downloaded.`,
    `  - node_modules/electron/dist: ${installed ? `holds ${host.platform}-${host.arch} only` : 'missing (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1?)'}`,
    `  - Electron download cache ${cacheDir}: no ${zipName(version, first.t)}`,
    ...problems.map(({ t, reason }) => `  - download of ${zipName(version, t)}: ${reason}`),
    ...(several && anyLocal ? ['  (a binary on disk serves one target: package one platform and arch at a time, e.g. `npm run dist -- --linux dir`)'] : []),
    'What to do:',
    '  - where the internet (or your ELECTRON_MIRROR) is reachable: `node node_modules/electron/install.js`, then `npm run dist` again; or',
    `  - copy ${zipName(version, first.t)} (from https://github.com/electron/electron/releases/tag/v${version}) into ${cacheDir}; or`,
    `  - point at one: \`npm run dist -- ${hostFlag(first.t.platform)} dir -c.electronDist=/path/to/${zipName(version, first.t)}\``,
  ];
  return lines.join('\n');
}

const hostFlag = (platform) => (platform === 'win32' ? '--win' : platform === 'darwin' ? '--mac' : '--linux');

function run(cmd, args, opts) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...opts });
    child.on('error', (e) => {
      console.error(`npm run dist: ${cmd} could not start: ${e.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export async function main(argv, { root, env = process.env, out = console } = {}) {
  const check = argv.includes('--check');
  const args = argv.filter((a) => a !== '--check');
  const found = await resolveElectron({ args, root, env });
  if (!found.ok) {
    out.error(found.message);
    return 1;
  }
  out.log(`npm run dist: Electron from ${found.source}`);
  if (check) return 0;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = await run(npm, ['run', 'build'], { cwd: root, shell: process.platform === 'win32' });
  if (built !== 0) return built;
  const cli = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
  return run(process.execPath, [cli, '--config', 'electron-builder.yml', ...args, ...found.extraArgs], { cwd: root });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  main(process.argv.slice(2), { root }).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`npm run dist: ${e?.message ?? e}`);
      process.exit(1);
    },
  );
}
