import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger, useTempDirs } from '../test-support/temp-dir';
import { HostServices } from './host-services';
import { applyProvisioningFile } from './provisioning';
import { createKeyFileCipher } from './vault';

const tempDir = useTempDirs();

function makeHost() {
  const dataDir = tempDir();
  const keyDir = tempDir();
  const { logger, lines } = memoryLogger();
  const host = new HostServices({ kind: 'web', version: '0.0.0-test', dataDir, cipher: createKeyFileCipher(path.join(keyDir, 'k')), logger });
  return { host, dataDir, keyDir, lines };
}

const ALICE = {
  profile: { name: 'Alice', role: 'agent' },
  accounts: [
    { server: 'ws://127.0.0.1:5066', uri: 'sip:alice@warmline.test', authorizationUsername: 'alice', password: 'secret', displayName: 'Alice' },
  ],
};

describe('provisioning file (--config)', () => {
  it('accepts the documented example and stores the password only encrypted', async () => {
    const { host, dataDir } = makeHost();
    const file = path.join(tempDir(), 'config.json');
    fs.writeFileSync(file, JSON.stringify(ALICE));
    expect(applyProvisioningFile(file, host)).toEqual({ ok: true, accounts: 1 });
    const view = await host.dispatch('settings.get', {});
    expect(view).toMatchObject({ ok: true, value: { profile: { name: 'Alice', role: 'agent' } } });
    expect(view.ok && (view.value as { accounts: { id: string; hasPassword: boolean }[] }).accounts[0]).toMatchObject({
      id: 'alice@warmline.test',
      hasPassword: true,
    });
    for (const f of fs.readdirSync(dataDir)) {
      if (fs.statSync(path.join(dataDir, f)).isFile()) expect(fs.readFileSync(path.join(dataDir, f), 'utf8')).not.toContain('secret');
    }
    expect(await host.dispatch('accounts.credentials', { id: 'alice@warmline.test' })).toEqual({ ok: true, value: { password: 'secret' } });
  });

  it('is idempotent: applying the same file twice keeps one account', () => {
    const { host } = makeHost();
    const file = path.join(tempDir(), 'config.json');
    fs.writeFileSync(file, JSON.stringify(ALICE));
    applyProvisioningFile(file, host);
    applyProvisioningFile(file, host);
    expect(host.view().accounts).toHaveLength(1);
  });

  it.each([
    [{ accounts: [{ ...ALICE.accounts[0], server: 'http://pbx' }] }, /accounts\.0\.server must be a ws:\/\/ or wss:\/\/ URL/],
    [{ accounts: [{ ...ALICE.accounts[0], uri: 'alice' }] }, /accounts\.0\.uri/],
    [{ profile: { role: 'boss' } }, /profile\.role/],
  ])('rejects %j naming the field', (doc, reason) => {
    const { host } = makeHost();
    const file = path.join(tempDir(), 'config.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    const r = applyProvisioningFile(file, host);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
    expect(host.view().accounts).toEqual([]);
  });

  it('says when the file is not JSON', () => {
    const { host } = makeHost();
    const file = path.join(tempDir(), 'config.json');
    fs.writeFileSync(file, '{oops');
    expect(applyProvisioningFile(file, host)).toEqual({ ok: false, reason: expect.stringContaining('cannot read') });
  });
});

describe('bridge dispatch', () => {
  it('validates every payload and names the bad field', async () => {
    const { host } = makeHost();
    expect(await host.dispatch('settings.updatePreferences', { ringVolume: 3 })).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('ringVolume') },
    });
    expect(await host.dispatch('settings.updateProfile', { name: 'x', isAdmin: true })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await host.dispatch('no.such.method', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await host.dispatch('history.record', { id: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('emits settings.changed after a change, and history round-trips newest first', async () => {
    const { host } = makeHost();
    const seen: string[] = [];
    host.on('settings.changed', (v) => seen.push(v.profile.name));
    await host.dispatch('settings.updateProfile', { name: 'Zed' });
    expect(seen).toEqual(['Zed']);
    const rec = (id: string, at: string) => ({
      id,
      direction: 'outbound',
      remote: 'sip:bob@warmline.test',
      remoteName: 'bob',
      accountId: 'a',
      startedAt: at,
      answeredAt: null,
      endedAt: at,
      outcome: 'failed',
      reason: '404 Not Found',
    });
    await host.dispatch('history.record', rec('1', '2026-01-01T00:00:00.000Z'));
    await host.dispatch('history.record', rec('2', '2026-01-01T00:01:00.000Z'));
    const list = await host.dispatch('history.list', { limit: 10 });
    expect(list.ok && (list.value as { id: string }[]).map((r) => r.id)).toEqual(['2', '1']);
  });

  it('reports a missing password as NOT_FOUND rather than an empty string', async () => {
    const { host } = makeHost();
    expect(await host.dispatch('accounts.credentials', { id: 'nobody' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('keeps a damaged history line in the file and still lists the good ones', async () => {
    const { host, dataDir, lines } = makeHost();
    fs.writeFileSync(path.join(dataDir, 'call-history.jsonl'), 'garbage\n');
    await host.dispatch('history.record', {
      id: 'ok',
      direction: 'inbound',
      remote: 'sip:a@b',
      accountId: 'a',
      startedAt: '2026-01-01T00:00:00.000Z',
      answeredAt: null,
      endedAt: '2026-01-01T00:00:00.000Z',
      outcome: 'missed',
    });
    const list = await host.dispatch('history.list', { limit: 10 });
    expect(list.ok && (list.value as unknown[]).length).toBe(1);
    expect(fs.readFileSync(path.join(dataDir, 'call-history.jsonl'), 'utf8')).toContain('garbage');
    expect(lines.some((l) => l.level === 'warn' && /not JSON/.test(l.message))).toBe(true);
  });
});

describe('key-file vault', () => {
  it('encrypts with a per-installation key and refuses a tampered secret', () => {
    const keyFile = path.join(tempDir(), 'k');
    const cipher = createKeyFileCipher(keyFile);
    const sealed = cipher.encrypt('hunter2');
    expect(sealed.toString('utf8')).not.toContain('hunter2');
    expect(createKeyFileCipher(keyFile).decrypt(sealed)).toBe('hunter2');
    expect((fs.statSync(keyFile).mode & 0o777).toString(8)).toBe('600');
    sealed[sealed.length - 1]! ^= 1;
    expect(() => cipher.decrypt(sealed)).toThrow();
    expect(() => createKeyFileCipher(path.join(tempDir(), 'other')).decrypt(cipher.encrypt('x'))).toThrow();
  });
});
