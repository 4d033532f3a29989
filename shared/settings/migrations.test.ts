import { describe, expect, it } from 'vitest';
import { migrateSettings } from './migrations';
import { defaultSettings } from './schema';

describe('migrateSettings', () => {
  it('accepts the current version unchanged and fills defaults', () => {
    const r = migrateSettings({ version: 2 });
    expect(r).toEqual({ ok: true, settings: defaultSettings(), migratedFrom: null });
  });
  it('upgrades v1 with no account', () => {
    const r = migrateSettings({ version: 1, profile: { name: 'X', role: 'admin' } });
    expect(r.ok && r.settings.accounts).toEqual([]);
    expect(r.ok && r.settings.profile.role).toBe('admin');
    expect(r.ok && r.migratedFrom).toBe(1);
  });
  it('refuses a v1 file whose account is invalid, naming the field', () => {
    const r = migrateSettings({ version: 1, account: { server: 'http://nope', uri: 'sip:a@b', authorizationUsername: 'a' } });
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/^accounts\.0\.server|^accounts: /) });
  });
  it('ignores unknown keys rather than failing (forward compatible within a version)', () => {
    const r = migrateSettings({ version: 2, futureKey: true });
    expect(r.ok).toBe(true);
  });
  it.each([null, 'text', 42, [], { version: 0 }, { version: 1.5 }, { version: '2' }])('refuses %j', (raw) => {
    expect(migrateSettings(raw).ok).toBe(false);
  });
});
