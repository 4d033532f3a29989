import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger, useTempDirs } from '../test-support/temp-dir';
import { DesktopPrefsStore } from './desktop-prefs';
import { DEFAULT_SHORTCUTS } from './global-shortcuts';

const tempDir = useTempDirs();

describe('desktop.json', () => {
  it('defaults when missing: the default shortcuts, no start at login, close to tray', () => {
    const { logger } = memoryLogger();
    const store = new DesktopPrefsStore(tempDir(), logger.child('desktop'));
    expect(store.get()).toEqual({ version: 1, shortcuts: DEFAULT_SHORTCUTS, startAtLogin: false, closeToTray: true });
  });

  it('keeps what was saved, and fills what a hand-written file leaves out', () => {
    const dir = tempDir();
    const { logger } = memoryLogger();
    new DesktopPrefsStore(dir, logger.child('d')).update((p) => ({ ...p, startAtLogin: true }));
    expect(new DesktopPrefsStore(dir, logger.child('d')).get().startAtLogin).toBe(true);
    fs.writeFileSync(path.join(dir, 'desktop.json'), JSON.stringify({ shortcuts: { mute: 'Alt+F5', answer: null } }));
    const prefs = new DesktopPrefsStore(dir, logger.child('d')).get();
    expect(prefs.shortcuts).toEqual({ answer: null, hangup: DEFAULT_SHORTCUTS.hangup, mute: 'Alt+F5' });
  });

  it('moves an invalid file aside, says so in the log, and uses the defaults', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'desktop.json'), '{"startAtLogin": "yes"}');
    const { logger, lines } = memoryLogger();
    const store = new DesktopPrefsStore(dir, logger.child('desktop'));
    expect(store.get().startAtLogin).toBe(false);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('desktop.json.invalid-'))).toBe(true);
    expect(lines.find((l) => l.message === 'desktop.json is invalid; using the defaults')?.fields).toMatchObject({ problem: expect.stringContaining('startAtLogin') });
  });
});
