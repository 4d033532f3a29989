import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings, SETTINGS_VERSION } from '../../shared/settings/schema';
import { memoryLogger, useTempDirs } from '../test-support/temp-dir';
import { NoticeBoard } from './notices';
import { SettingsStore } from './settings-store';

const tempDir = useTempDirs();
const account = {
  id: 'alice@warmline.test',
  kind: 'sip' as const,
  server: 'wss://pbx.example.com:8089/ws',
  uri: 'sip:alice@warmline.test',
  authorizationUsername: 'alice',
  displayName: 'Alice',
  iceServers: [{ urls: 'stun:stun.example.com:3478' }],
  iceGatheringTimeoutMs: 400,
  registerExpiresSec: 600,
  dtmfMode: 'info' as const,
  opusDtx: true,
  forceRelay: true,
};

function open(dir: string) {
  const notices = new NoticeBoard();
  const { logger, lines } = memoryLogger();
  return { store: new SettingsStore(dir, notices, logger.child('settings')), notices, lines };
}

describe('SettingsStore', () => {
  it('starts from defaults when there is no file, without creating one', () => {
    const dir = tempDir();
    const { store, notices } = open(dir);
    expect(store.get()).toEqual(defaultSettings());
    expect(notices.list()).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'settings.json'))).toBe(false);
  });

  it('round-trips every field through the file', () => {
    const dir = tempDir();
    const saved = open(dir).store.update((s) => ({
      ...s,
      profile: { name: 'Alice Agent', role: 'supervisor' },
      accounts: [account],
      preferences: {
        defaultCountry: 'GB',
        autoAnswer: true,
        ringVolume: 0.3,
        microphoneId: 'mic-1',
        speakerId: null,
        ringerId: 'spk-2',
        qualitySampleMs: 2000,
        qualityThresholds: { maxJitterMs: 30, minMos: 3.6 },
        prewarmHandoff: false,
        echoTestTarget: '*43',
        failover: { healthCheckIntervalMs: 20_000, healthCheckTimeoutMs: 2000, failBack: 'manual', coolDownMs: 60_000 },
      },
    }));
    const reopened = open(dir).store.get();
    expect(reopened).toEqual(saved);
    expect(reopened.accounts[0]).toMatchObject({ kind: 'sip', iceServers: [{ urls: 'stun:stun.example.com:3478' }] });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')).version).toBe(SETTINGS_VERSION);
  });

  it('writes atomically: no temp files left, and a failed validation leaves the file untouched', () => {
    const dir = tempDir();
    const { store } = open(dir);
    store.update((s) => ({ ...s, profile: { name: 'A', role: 'agent' } }));
    const before = fs.readFileSync(path.join(dir, 'settings.json'), 'utf8');
    expect(() => store.update((s) => ({ ...s, preferences: { ...s.preferences, defaultCountry: 'usa' } }))).toThrow();
    expect(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')).toBe(before);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('migrates a version 1 file, keeping a backup of the original', () => {
    const dir = tempDir();
    const v1 = {
      version: 1,
      profile: { name: 'Bob', role: 'agent' },
      defaultCountry: 'CA',
      account: { server: 'ws://127.0.0.1:5066', uri: 'sip:bob@warmline.test', authorizationUsername: 'bob', displayName: 'Bob' },
    };
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(v1));
    const { store, notices, lines } = open(dir);
    const s = store.get();
    expect(s.version).toBe(2);
    expect(s.preferences.defaultCountry).toBe('CA');
    expect(s.accounts).toHaveLength(1);
    expect(s.accounts[0]).toMatchObject({ id: 'bob@warmline.test', uri: 'sip:bob@warmline.test', iceServers: [] });
    expect(notices.list()).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'settings.json.v1.bak'), 'utf8'))).toEqual(v1);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')).version).toBe(2);
    expect(lines.some((l) => l.message === 'settings migrated')).toBe(true);
  });

  it.each([
    ['not JSON', '{"version": 2, "profile": ', /not valid JSON/],
    ['a JSON array', '[1,2,3]', /not a JSON object/],
    ['missing its version', '{"profile": {}}', /"version" field is missing/],
    ['from a newer Warmline', '{"version": 99}', /newer Warmline/],
    ['with an invalid field', '{"version": 2, "preferences": {"ringVolume": 7}}', /preferences\.ringVolume/],
  ])('moves a file %s aside and reports it, never silently replacing it', (_label, content, reason) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'settings.json'), content);
    const { store, notices } = open(dir);
    expect(store.get()).toEqual(defaultSettings());
    const aside = fs.readdirSync(dir).filter((f) => f.startsWith('settings.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe(content);
    expect(fs.existsSync(path.join(dir, 'settings.json'))).toBe(false);
    const [notice] = notices.list();
    expect(notice?.level).toBe('error');
    expect(notice?.message).toMatch(reason);
    expect(notice?.message).toContain(aside[0]);
    expect(notice?.advice).not.toBe('');
  });
});
