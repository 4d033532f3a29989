import fs from 'node:fs';
import path from 'node:path';
import type { HostNotice } from '../../../shared/contract/bridge';
import { talkSeconds, type CallRecord } from '../../../shared/history/call-record';
import { writeFileAtomic } from '../atomic-file';
import { redact, redactText } from '../logger';
import { zipArchive, type ZipEntry } from './zip-archive';

/**
 * "Export diagnostics": one ZIP for support with the logs, the settings with
 * every secret removed, and the last calls' quality summaries. Plain Node (no
 * electron), so either host can offer it. Deliberately left out: passwords
 * and tokens (they live only in the vault, which is never read here), and
 * what identifies callers: numbers, names, transfer context, notes.
 */
export const DIAGNOSTICS_FORMAT = 'warmline.diagnostics/1';

export type DiagnosticsSources = {
  app: { version: string; host: 'electron' | 'web'; platform: string; arch: string; versions?: Record<string, string | undefined> };
  /** Settings as stored (SettingsStore.get()): scrubbed here, whatever they hold. */
  settings: unknown;
  /** Call history, newest first (CallHistoryStore.list). */
  history: readonly CallRecord[];
  /** The logger's folder (warmline.log and its rotations). */
  logDir: string;
  notices?: readonly HostNotice[];
  now: Date;
  /** How many of the last calls (default 50). */
  calls?: number;
  /** Per log file, the newest bytes kept (default 4 MiB). */
  maxLogBytes?: number;
};

export type DiagnosticsBundle = { fileName: string; zip: Buffer; files: { name: string; bytes: number }[] };

const LOG_FILE = /^warmline\.log(\.\d{1,3})?$/;
const REDACTED = '[redacted]';

export function buildDiagnosticsBundle(src: DiagnosticsSources): DiagnosticsBundle {
  const entries: ZipEntry[] = [];
  const add = (name: string, data: string | Buffer) => entries.push({ name, data, modified: src.now });

  add('settings.json', `${JSON.stringify(scrubSettings(src.settings), null, 2)}\n`);
  add('calls.json', `${JSON.stringify(callSummaries(src.history, src.calls ?? 50), null, 2)}\n`);
  if (src.notices) add('notices.json', `${JSON.stringify(src.notices.map((n) => redact(n)), null, 2)}\n`);
  for (const file of logFiles(src.logDir)) add(`logs/${file}`, logTail(path.join(src.logDir, file), src.maxLogBytes ?? 4 * 1024 * 1024));

  const files = entries.map((e) => ({ name: e.name, bytes: Buffer.byteLength(e.data) }));
  const manifest = {
    format: DIAGNOSTICS_FORMAT,
    createdAt: src.now.toISOString(),
    app: src.app,
    files,
    leftOut: ['passwords and tokens (stored only in the encrypted vault, never read for this)', "callers' numbers and names, transfer context, call notes"],
  };
  entries.unshift({ name: 'manifest.json', data: `${JSON.stringify(manifest, null, 2)}\n`, modified: src.now });
  return { fileName: diagnosticsFileName(src.now), zip: zipArchive(entries), files };
}

/** Build and write atomically (owner-only: logs are personal data). Returns the bundle written. */
export function writeDiagnosticsBundle(src: DiagnosticsSources, outFile: string): DiagnosticsBundle {
  const bundle = buildDiagnosticsBundle(src);
  writeFileAtomic(outFile, bundle.zip, 0o600);
  return bundle;
}

export function diagnosticsFileName(now: Date): string {
  return `warmline-diagnostics-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-')}.zip`;
}

/**
 * Settings with secrets removed: every field named like a secret (the
 * logger's rule), TURN usernames (they are half of a credential), passwords
 * in URLs and query values (an API key in the context server's template).
 */
export function scrubSettings(settings: unknown): unknown {
  return scrubValue(redact(settings), null);
}

function scrubValue(value: unknown, parentKey: string | null): unknown {
  if (typeof value === 'string') return scrubUrl(value);
  if (Array.isArray(value)) return value.map((v) => (parentKey === 'iceServers' ? scrubIceServer(v) : scrubValue(v, null)));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, k)]));
  return value;
}

function scrubIceServer(server: unknown): unknown {
  const s = scrubValue(server, null);
  return s && typeof s === 'object' && !Array.isArray(s) && 'username' in s ? { ...s, username: REDACTED } : s;
}

/** Userinfo passwords (redactText) and every query value of a URL; the path, with its {id} placeholder, stays readable. */
function scrubUrl(text: string): string {
  const cleaned = redactText(text);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(cleaned)) return cleaned;
  return cleaned.replace(/([?&][^=&#\s]+=)[^&#\s]*/g, `$1${REDACTED}`);
}

/** The last calls as support needs them: outcome, timing, quality; nothing about who called. */
export function callSummaries(history: readonly CallRecord[], limit: number) {
  return history.slice(0, limit).map((r) => ({
    id: r.id,
    direction: r.direction,
    accountId: r.accountId,
    startedAt: r.startedAt,
    answeredAt: r.answeredAt,
    endedAt: r.endedAt,
    talkSeconds: talkSeconds(r),
    outcome: r.outcome,
    reason: redactText(r.reason),
    hadTransferContext: r.context !== null,
    quality: r.quality,
  }));
}

function logFiles(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const generation = (n: string) => Number(/\.(\d+)$/.exec(n)?.[1] ?? 0);
  return names.filter((n) => LOG_FILE.test(n)).sort((a, b) => generation(a) - generation(b));
}

/** The newest maxBytes of a log, from a line start, each line redacted again (older versions may have logged more). */
function logTail(file: string, maxBytes: number): string {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r');
    try {
      const length = Math.min(size, maxBytes);
      const buf = Buffer.alloc(length);
      fs.readSync(fd, buf, 0, length, size - length);
      text = buf.toString('utf8');
      if (length < size) text = text.slice(text.indexOf('\n') + 1);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    return `(this log could not be read: ${(e as Error).message})\n`;
  }
  return text
    .split('\n')
    .map((line) => redactText(line))
    .join('\n');
}
