#!/usr/bin/env node
/**
 * Runs a command inside a fresh network namespace made for the test run, so
 * impairment (tc netem, or the NFQUEUE impairer where the kernel has no netem)
 * touches only traffic the tests made: Kamailio, the web hosts and Chromium all
 * run inside it, on its own loopback.
 *
 *   node e2e/netns/run-in-netns.mjs -- npx playwright test --config e2e/playwright.netns.config.ts
 *
 * The namespace gets `lo` plus a veth pair with 10.99.0.1/24 (Chromium gathers
 * no ICE candidates when a namespace has only `lo`; the traffic still goes over
 * `lo`). It is deleted afterwards, whatever the command's outcome. Needs root
 * (CAP_NET_ADMIN); without it this exits 1 saying so.
 */
import { spawn, spawnSync } from 'node:child_process';

const sep = process.argv.indexOf('--');
const cmd = sep >= 0 ? process.argv.slice(sep + 1) : process.argv.slice(2);
if (cmd.length === 0) {
  console.error('usage: run-in-netns.mjs -- COMMAND [ARGS...]');
  process.exit(2);
}

const ns = `wl-e2e-${process.pid}`;
// Not root: go through sudo (non-interactive, keeping the environment) as .ci/run does for apt.
const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n', '-E'];
const run = (args) => spawnSync(asRoot[0] ?? args[0], [...asRoot.slice(1), ...(asRoot.length ? args : args.slice(1))], { encoding: 'utf8' });
const ip = (...args) => run(['ip', ...args]);
const must = (...args) => {
  const r = ip(...args);
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${(r.stderr || r.error?.message || '').trim()}`);
};

function cleanup() {
  ip('netns', 'del', ns);
}

try {
  must('netns', 'add', ns);
} catch (err) {
  console.error(
    `[netns] cannot create a network namespace (${err.message}).\n` +
      '[netns] The impairment e2e tests need root (CAP_NET_ADMIN) and iproute2; run them as root or in CI (bash .ci/run).',
  );
  process.exit(1);
}
try {
  must('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
  must('netns', 'exec', ns, 'ip', 'link', 'add', 'wlveth0', 'type', 'veth', 'peer', 'name', 'wlveth1');
  must('netns', 'exec', ns, 'ip', 'addr', 'add', '10.99.0.1/24', 'dev', 'wlveth0');
  must('netns', 'exec', ns, 'ip', 'link', 'set', 'wlveth0', 'up');
  must('netns', 'exec', ns, 'ip', 'link', 'set', 'wlveth1', 'up');
} catch (err) {
  console.error(`[netns] setting up ${ns} failed: ${err.message}`);
  cleanup();
  process.exit(1);
}
console.log(`[netns] running in network namespace ${ns}: ${cmd.join(' ')}`);
const full = [...asRoot, 'ip', 'netns', 'exec', ns, ...cmd];
const child = spawn(full[0], full.slice(1), {
  stdio: 'inherit',
  env: { ...process.env, WARMLINE_NETNS: ns },
});
const forward = (sig) => () => child.kill(sig);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));
child.on('exit', (code, signal) => {
  cleanup();
  process.exit(code ?? (signal ? 1 : 0));
});
