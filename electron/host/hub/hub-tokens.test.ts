import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger, useTempDirs } from '../../test-support/temp-dir';
import { HostServices } from '../host-services';
import { applyProvisioningFile } from '../provisioning';
import { createKeyFileCipher } from '../vault';
import { loadHubTokens } from './hub-tokens';
import { TokenBook, bearerToken } from './token-book';

const tempDir = useTempDirs();

function makeHost() {
  const dataDir = tempDir();
  const { logger } = memoryLogger();
  const host = new HostServices({ kind: 'web', version: 't', dataDir, cipher: createKeyFileCipher(path.join(tempDir(), 'k')), logger });
  return { host, dataDir, log: logger.child('hub') };
}

function provision(host: HostServices, doc: unknown) {
  const file = path.join(tempDir(), 'config.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  return applyProvisioningFile(file, host);
}

const HUB = { platforms: [{ id: 'lab', token: 'lab-platform-token-0001' }], subscriberTokens: ['supervisor-token-0001'] };

describe('hub tokens from the provisioning file', () => {
  it('go to the vault, encrypted, never to settings.json, and are read back for the hub', () => {
    const { host, dataDir, log } = makeHost();
    expect(provision(host, { hub: HUB })).toEqual({ ok: true, accounts: 0 });
    expect(loadHubTokens(host.vault, log)).toEqual(HUB);
    for (const f of fs.readdirSync(dataDir)) {
      const p = path.join(dataDir, f);
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p, 'utf8')).not.toMatch(/token-0001/);
    }
  });

  it('a file without "hub" keeps the stored tokens; a file with it replaces them', () => {
    const { host, log } = makeHost();
    provision(host, { hub: HUB });
    provision(host, { profile: { name: 'A' } });
    expect(loadHubTokens(host.vault, log)).toEqual(HUB);
    provision(host, { hub: { subscriberTokens: [] } });
    expect(loadHubTokens(host.vault, log)).toEqual({ platforms: [], subscriberTokens: [] });
  });

  it.each([
    [{ platforms: [{ id: 'lab', token: 'short' }] }, /hub\.platforms\.0\.token must be at least 16 characters/],
    [{ platforms: [{ id: 'a b', token: 'x'.repeat(16) }] }, /hub\.platforms\.0\.id must use only/],
    [{ platforms: [{ id: 'a', token: 'x'.repeat(16) }, { id: 'a', token: 'y'.repeat(16) }] }, /hub\.platforms\.1\.id repeats/],
    [{ platforms: [{ id: 'a', token: 'x'.repeat(16) }], subscriberTokens: ['x'.repeat(16)] }, /hub\.subscriberTokens\.0 repeats a token/],
  ])('refuses %j naming the field, without quoting a token', (hub, message) => {
    const { host } = makeHost();
    const r = provision(host, { hub });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(message);
    expect(!r.ok && r.reason).not.toMatch(/xxxxxxxxxxxxxxxx/);
  });

  it('nothing stored means no tokens: the hub refuses everyone', () => {
    const { host, log } = makeHost();
    expect(loadHubTokens(host.vault, log)).toEqual({ platforms: [], subscriberTokens: [] });
  });
});

describe('TokenBook', () => {
  const book = new TokenBook([{ id: 'lab', token: 'lab-platform-token-0001' }], ['supervisor-token-0001']);
  it('finds the role of a token, and nothing for anything else', () => {
    expect(book.lookup('lab-platform-token-0001')).toEqual({ kind: 'platform', platformId: 'lab' });
    expect(book.lookup('supervisor-token-0001')).toEqual({ kind: 'subscriber' });
    for (const t of [null, '', 'lab-platform-token-000', 'lab-platform-token-00011', 'LAB-PLATFORM-TOKEN-0001']) expect(book.lookup(t)).toBeNull();
  });
  it('reads only the Bearer scheme', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    for (const h of [undefined, '', 'Basic abc', 'Bearer', 'Bearer a b', 'abc']) expect(bearerToken(h)).toBeNull();
  });
});
