// The process boundaries of style rule 1 and the SDK rule 7, checked on every
// typecheck: a forbidden import fails the build with the file and line.
import fs from 'node:fs';
import path from 'node:path';

const RULES = [
  { dir: 'shared', forbid: [/^electron$/, /^node:/, /^(fs|path|os|crypto|child_process|net|http)$/, /^react/, /^sip\.js/, /^@twilio\//], why: 'shared/ is pure: no I/O, no electron, no DOM libraries, no SDKs' },
  { dir: 'renderer', forbid: [/^electron$/, /^node:/], why: 'the renderer reaches the host only through the bridge' },
  { dir: 'electron/host', forbid: [/^electron$/], why: 'host services are plain Node so both hosts and tests run them' },
  { dir: 'electron/web-host', forbid: [/^electron$/], why: 'the web host runs without Electron' },
];
// Each SDK has its adapter folders. sip.js also powers the Lab's simulated AI
// platform (a SIP client of its own, media by werift) and the Lab proxy's
// message parser (sip-message.ts, the proxy's only sip.js import).
const SDKS = [
  { pkg: /^sip\.js/, homes: ['renderer/telephony/sipjs/', 'electron/host/lab/simulator/', 'electron/host/lab/sip-proxy/sip-message.ts'] },
  { pkg: /^@twilio\/voice-sdk/, homes: ['renderer/telephony/twilio/'] },
  { pkg: /^werift/, homes: ['electron/host/lab/simulator/'] },
];
const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function* walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (/\.(ts|tsx|mts)$/.test(e.name)) yield p;
  }
}

const problems = [];
for (const root of ['shared', 'renderer', 'electron']) {
  for (const file of walk(root)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const line = text.slice(0, m.index).split('\n').length;
      for (const r of RULES) {
        if (file.startsWith(r.dir + path.sep) && !file.endsWith('vite.config.ts') && r.forbid.some((f) => f.test(spec))) {
          problems.push(`${file}:${line}: imports "${spec}" (${r.why})`);
        }
      }
      for (const s of SDKS) {
        if (s.pkg.test(spec) && !s.homes.some((h) => file.startsWith(h))) problems.push(`${file}:${line}: imports "${spec}" outside its adapter ${s.homes.join(' or ')}`);
        if (s.pkg.test(spec) && /\/lib\//.test(spec)) problems.push(`${file}:${line}: deep import "${spec}" (use the package entry point)`);
      }
    }
  }
}
if (problems.length) {
  console.error(`Boundary check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('Boundary check passed.');
