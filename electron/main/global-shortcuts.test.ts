import { describe, expect, it } from 'vitest';
import { applyShortcuts, checkAccelerator, DEFAULT_SHORTCUTS, type ShortcutName } from './global-shortcuts';
import { FakeShortcutRegistry } from './test-support/electron-fakes';

describe('global shortcuts', () => {
  it('registers the defaults and runs the named action on each', () => {
    const registry = new FakeShortcutRegistry();
    const pressed: ShortcutName[] = [];
    const s = applyShortcuts(registry, DEFAULT_SHORTCUTS, (n) => pressed.push(n));
    expect(s.problems).toEqual([]);
    expect([...registry.registered.keys()].sort()).toEqual(['CommandOrControl+Shift+F10', 'CommandOrControl+Shift+F11', 'CommandOrControl+Shift+F9']);
    registry.press('CommandOrControl+Shift+F9');
    registry.press('CommandOrControl+Shift+F10');
    registry.press('CommandOrControl+Shift+F11');
    expect(pressed).toEqual(['answer', 'hangup', 'mute']);
    s.dispose();
    expect(registry.registered.size).toBe(0);
  });

  it('is configurable, and null turns one off', () => {
    const registry = new FakeShortcutRegistry();
    const s = applyShortcuts(registry, { answer: 'Alt+Shift+A', hangup: null, mute: 'F8' }, () => undefined);
    expect(s.registered).toEqual(['Alt+Shift+A', 'F8']);
  });

  it('reports, and skips, a shortcut taken by another app, bound twice, or invalid; the rest still work', () => {
    const registry = new FakeShortcutRegistry();
    registry.taken.add('Control+F9');
    const s = applyShortcuts(registry, { answer: 'Control+F9', hangup: 'Alt+F2', mute: 'alt+f2' }, () => undefined);
    expect(s.registered).toEqual(['Alt+F2']);
    expect(s.problems.map((p) => [p.name, p.reason])).toEqual([
      ['answer', 'Control+F9 is already used by another application'],
      ['mute', 'alt+f2 is already the hangup shortcut'],
    ]);
    const bad = applyShortcuts(new FakeShortcutRegistry(), { answer: 'A', hangup: 'Hyper+F1', mute: 'Ctrl+' }, () => undefined);
    expect(bad.registered).toEqual([]);
    expect(bad.problems.map((p) => p.name)).toEqual(['answer', 'hangup', 'mute']);
  });

  it('accepts Electron accelerators with a modifier, or function and media keys alone', () => {
    for (const ok of ['CommandOrControl+Shift+F9', 'Ctrl+Alt+Space', 'Super+Plus', 'F13', 'MediaPlayPause', 'Shift+/', 'CmdOrCtrl+1']) expect(checkAccelerator(ok), ok).toBeNull();
    for (const bad of ['', 'A', 'Space', 'Ctrl+Ctrl+A', 'Ctrl+Foo', 'Hyper+A', 'Ctrl + A', 'Ctrl+F25', 'Ctrl++']) expect(checkAccelerator(bad), bad).not.toBeNull();
  });
});
