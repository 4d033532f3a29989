import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EMERGENCY_NUMBERS } from '../../../shared/e911/emergency-numbers';
import { memoryLogger, useTempDirs } from '../../test-support/temp-dir';
import { NoticeBoard } from '../notices';
import { E911ConfigStore, defaultE911Config } from './config-store';
import { AgentLocationStore, emptyAgentState } from './state-store';
import { HQ, OFFICE_NET } from './test-fixtures';

const tempDir = useTempDirs();

function configStore(dataDir: string) {
  const notices = new NoticeBoard();
  const { logger, lines } = memoryLogger();
  return { store: new E911ConfigStore(dataDir, notices, logger.child('e911')), notices, lines };
}

describe('e911.json', () => {
  it('starts from the defaults (the emergency numbers included) and round-trips through a restart', () => {
    const dataDir = tempDir();
    const { store } = configStore(dataDir);
    expect(store.get()).toEqual(defaultE911Config());
    expect(store.get().numbers).toEqual(DEFAULT_EMERGENCY_NUMBERS);
    const next = { ...store.get(), locations: [{ id: 'hq-4', address: HQ }], routeTemplate: 'sip:{number}@{domain};user=phone', alertTargets: [{ id: 'desk', name: 'Front desk', url: 'https://desk.example.com/alerts' }] };
    store.save(next);
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
    expect(configStore(dataDir).store.get()).toEqual(next);
  });

  it('fills what an older or hand-written file leaves out', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'e911.json'), JSON.stringify({ version: 1, locations: [{ id: 'hq-4', address: HQ }] }));
    const { store, notices } = configStore(dataDir);
    expect(store.get().numbers).toEqual(DEFAULT_EMERGENCY_NUMBERS);
    expect(store.get().locations).toHaveLength(1);
    expect(notices.list()).toEqual([]);
  });

  it.each([
    ['not JSON', '{oops', /not valid JSON/],
    ['a wrong shape', JSON.stringify({ version: 1, locations: 'all of them' }), /locations/],
    ['an address that is not dispatchable', JSON.stringify({ version: 1, locations: [{ id: 'po', address: { ...HQ, A6: 'PO Box 12' } }] }), /location "po".*PO box/],
  ])('moves a file with %s aside, says where it went and what to do, and never silently resets it', (_what, text, reason) => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'e911.json');
    fs.writeFileSync(file, text);
    const { store, notices, lines } = configStore(dataDir);
    expect(store.get()).toEqual(defaultE911Config());
    const aside = fs.readdirSync(dataDir).find((f) => f.startsWith('e911.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(fs.readFileSync(path.join(dataDir, aside as string), 'utf8')).toBe(text);
    expect(fs.existsSync(file)).toBe(false);
    const [notice] = notices.list();
    expect(notice?.level).toBe('error');
    expect(notice?.message).toMatch(reason);
    expect(notice?.message).toContain(path.join(dataDir, aside as string));
    expect(notice?.advice).toMatch(/put it back as e911.json/);
    expect(lines.some((l) => l.level === 'error' && l.message.includes('moved aside'))).toBe(true);
  });
});

describe('e911-state.json', () => {
  it('round-trips the confirmed location and the network it was confirmed on', () => {
    const dataDir = tempDir();
    const notices = new NoticeBoard();
    const { logger } = memoryLogger();
    const store = new AgentLocationStore(dataDir, notices, logger.child('e911'));
    expect(store.get()).toEqual(emptyAgentState());
    const state = {
      ...emptyAgentState(),
      location: { address: HQ, locationId: 'hq-4', source: 'mapped' as const, confirmedAt: '2026-01-15T14:03:22.000Z' },
      confirmedFingerprint: 'bssid=|gw=00:1a:2b:3c:4d:5e|nets=10.20.4.0/24',
      lastSnapshot: OFFICE_NET,
    };
    store.save(state);
    expect(new AgentLocationStore(dataDir, notices, logger.child('e911')).get()).toEqual(state);
  });

  it('moves a damaged state file aside and tells the agent to confirm again', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'e911-state.json'), '{"version":1,"location":');
    const notices = new NoticeBoard();
    const store = new AgentLocationStore(dataDir, notices, memoryLogger().logger.child('e911'));
    expect(store.get().location).toBeNull();
    expect(fs.readdirSync(dataDir).some((f) => f.startsWith('e911-state.json.corrupt-'))).toBe(true);
    expect(notices.list()[0]).toMatchObject({ level: 'error', advice: expect.stringMatching(/Confirm where you are again/) });
  });
});
