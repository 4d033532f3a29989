import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallRecordSchema, type CallRecord } from '../../../shared/history/call-record';
import { defaultSettings } from '../../../shared/settings/schema';
import { createLogger } from '../logger';
import { useTempDirs } from '../../test-support/temp-dir';
import { buildDiagnosticsBundle, diagnosticsFileName, scrubSettings, writeDiagnosticsBundle, DIAGNOSTICS_FORMAT } from './diagnostics-bundle';
import { readZip, zipArchive } from './zip-archive';

const tempDir = useTempDirs();
const NOW = new Date('2026-03-04T05:06:07.890Z');

function call(i: number, over: Partial<CallRecord> = {}): CallRecord {
  return CallRecordSchema.parse({
    id: `call-${i}`,
    direction: 'inbound',
    remote: `sip:+1415555${String(i).padStart(4, '0')}@pbx.example.com`,
    remoteName: `Caller ${i}`,
    accountId: 'acct',
    startedAt: '2026-03-04T05:00:00.000Z',
    answeredAt: '2026-03-04T05:00:05.000Z',
    endedAt: '2026-03-04T05:01:05.000Z',
    outcome: 'answered',
    notes: 'customer said their PIN is 4711',
    quality: { samples: 60, minMos: 3.9, avgMos: 4.2, maxJitterMs: 12, lossPct: 0.4, warningsRaised: ['loss'], path: 'host', codec: 'opus' },
    ...over,
  });
}

function settingsWithSecrets() {
  const s = defaultSettings();
  return {
    ...s,
    accounts: [
      {
        id: 'acct',
        server: 'wss://alice:hunter2@pbx.example.com/ws',
        uri: 'sip:alice@pbx.example.com',
        authorizationUsername: 'alice',
        displayName: 'Alice',
        iceServers: [{ urls: 'turn:turn.example.com', username: 'turnuser-1700000000', credential: 'turnsecret' }],
      },
    ],
    contextServer: { urlTemplate: 'https://ctx.example.com/contexts/{id}?api_key=k3y&x=1' },
    password: 'top-level-secret',
  };
}

function bundleFiles(zip: Buffer): Record<string, string> {
  return Object.fromEntries(readZip(zip).map((e) => [e.name, e.data.toString('utf8')]));
}

describe('export diagnostics', () => {
  it('bundles a manifest, the settings without secrets, the last calls and the logs', () => {
    const logDir = tempDir();
    const logger = createLogger({ dir: logDir, console: false, maxBytes: 300, keep: 2 });
    for (let i = 0; i < 12; i++) logger.log('info', 'sip', `REGISTER ${i}`, { password: 'hunter2' });
    const bundle = buildDiagnosticsBundle({
      app: { version: '0.1.0', host: 'electron', platform: 'linux', arch: 'x64' },
      settings: settingsWithSecrets(),
      history: [call(1), call(2)],
      logDir,
      notices: [{ id: 'n', level: 'warning', message: 'x', advice: '', at: NOW.toISOString() }],
      now: NOW,
    });
    expect(bundle.fileName).toBe('warmline-diagnostics-20260304-050607.zip');
    const files = bundleFiles(bundle.zip);
    expect(Object.keys(files)).toEqual(['manifest.json', 'settings.json', 'calls.json', 'notices.json', 'logs/warmline.log', 'logs/warmline.log.1', 'logs/warmline.log.2']);
    const manifest = JSON.parse(files['manifest.json']!);
    expect(manifest).toMatchObject({ format: DIAGNOSTICS_FORMAT, createdAt: NOW.toISOString(), app: { version: '0.1.0', host: 'electron' } });
    expect(manifest.files.map((f: { name: string }) => f.name)).toEqual(Object.keys(files).slice(1));
    expect(files['logs/warmline.log.2']).toContain('REGISTER');
  });

  it('never contains a secret, nor who called or what was said', () => {
    const logDir = tempDir();
    // A line an older version might have written unredacted.
    fs.writeFileSync(path.join(logDir, 'warmline.log'), '{"message":"connect wss://bob:s3cret@pbx/ws","fields":{"x":"response=\\"abcdef\\""}}\n');
    const bundle = buildDiagnosticsBundle({
      app: { version: '0.1.0', host: 'electron', platform: 'linux', arch: 'x64' },
      settings: settingsWithSecrets(),
      history: [call(1, { context: null })],
      logDir,
      now: NOW,
    });
    const all = Object.values(bundleFiles(bundle.zip)).join('\n');
    for (const secret of ['hunter2', 'turnsecret', 'turnuser-1700000000', 'k3y', 'top-level-secret', 's3cret']) expect(all, secret).not.toContain(secret);
    for (const personal of ['+14155550001', 'Caller 1', 'PIN is 4711']) expect(all, personal).not.toContain(personal);
    // What support needs is still there.
    const calls = JSON.parse(bundleFiles(bundle.zip)['calls.json']!);
    expect(calls[0]).toMatchObject({ id: 'call-1', outcome: 'answered', talkSeconds: 60, quality: { avgMos: 4.2, codec: 'opus' } });
    const settings = JSON.parse(bundleFiles(bundle.zip)['settings.json']!);
    expect(settings.accounts[0].uri).toBe('sip:alice@pbx.example.com');
    expect(settings.contextServer.urlTemplate).toBe('https://ctx.example.com/contexts/{id}?api_key=[redacted]&x=[redacted]');
  });

  it('keeps only the last calls and the newest part of a big log, from a line start', () => {
    const logDir = tempDir();
    fs.writeFileSync(path.join(logDir, 'warmline.log'), Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n'));
    fs.writeFileSync(path.join(logDir, 'other.txt'), 'not ours');
    const history = Array.from({ length: 80 }, (_, i) => call(i));
    const files = bundleFiles(
      buildDiagnosticsBundle({ app: { version: '1', host: 'web', platform: 'linux', arch: 'x64' }, settings: {}, history, logDir, now: NOW, calls: 5, maxLogBytes: 100 }).zip,
    );
    expect(JSON.parse(files['calls.json']!)).toHaveLength(5);
    expect(files['logs/warmline.log']!.startsWith('line ')).toBe(true);
    expect(files['logs/warmline.log']).toContain('line 999');
    expect(files['logs/warmline.log']!.length).toBeLessThanOrEqual(100);
    expect(files['logs/other.txt']).toBeUndefined();
  });

  it('writes the ZIP owner-only; any unzip can read it', () => {
    const dir = tempDir();
    const out = path.join(dir, diagnosticsFileName(NOW));
    writeDiagnosticsBundle({ app: { version: '1', host: 'electron', platform: 'linux', arch: 'x64' }, settings: {}, history: [], logDir: path.join(dir, 'none'), now: NOW }, out);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    if (fs.existsSync('/usr/bin/unzip')) expect(execFileSync('/usr/bin/unzip', ['-t', out]).toString()).toContain('No errors detected');
    expect(readZip(fs.readFileSync(out)).map((e) => e.name)).toEqual(['manifest.json', 'settings.json', 'calls.json']);
  });

  it('scrubs secrets wherever they sit in settings', () => {
    expect(scrubSettings({ a: { bearerToken: 't', nested: [{ secret: 's' }] }, url: 'https://u:p@h/x?token=1' })).toEqual({
      a: { bearerToken: '[redacted]', nested: [{ secret: '[redacted]' }] },
      url: 'https://u:[redacted]@h/x?token=[redacted]',
    });
  });
});

describe('zip archive', () => {
  it('round-trips entries and refuses unsafe names', () => {
    const zip = zipArchive([
      { name: 'a.txt', data: 'hello', modified: NOW },
      { name: 'dir/b.bin', data: Buffer.from([0, 1, 2, 255]), modified: NOW },
    ]);
    expect(readZip(zip)).toEqual([
      { name: 'a.txt', data: Buffer.from('hello') },
      { name: 'dir/b.bin', data: Buffer.from([0, 1, 2, 255]) },
    ]);
    for (const name of ['../x', '/abs', 'a/../../b', 'sp ace', '']) expect(() => zipArchive([{ name, data: '', modified: NOW }]), name).toThrow();
    expect(() => zipArchive([{ name: 'a', data: '', modified: NOW }, { name: 'a', data: '', modified: NOW }])).toThrow();
  });
});
