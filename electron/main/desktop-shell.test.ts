import { describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../test-support/temp-dir';
import { DesktopShell } from './desktop-shell';
import type { ShellAction, ShellState } from './shell-contract';
import { FakeTray, fakeNotifications } from './test-support/electron-fakes';

const idle: ShellState = { registration: 'registered', registrationText: 'Registered', available: true, activeCall: null, ringing: [] };

function setup(opts: { foreground?: boolean; tray?: boolean } = {}) {
  const tray = new FakeTray();
  const notes = fakeNotifications();
  const sent: ShellAction[] = [];
  let startAtLogin = false;
  let foreground = opts.foreground ?? false;
  const window = { show: vi.fn(), inForeground: () => foreground };
  const commands = {
    quit: vi.fn(),
    exportDiagnostics: vi.fn(),
    startAtLogin: () => startAtLogin,
    setStartAtLogin: vi.fn((on: boolean) => {
      startAtLogin = on;
    }),
  };
  const notice = vi.fn();
  const { logger, lines } = memoryLogger();
  const shell = new DesktopShell({
    tray: opts.tray === false ? null : tray,
    window,
    notifications: { create: notes.create, supported: true, actionsSupported: true },
    sendAction: (a) => sent.push(a),
    commands,
    notice,
    log: logger.child('desktop'),
  });
  return { shell, tray, notes, sent, window, commands, notice, lines, setForeground: (f: boolean) => (foreground = f) };
}

describe('desktop shell: tray state follows the renderer', () => {
  it('starts offline, then shows what the renderer reports', () => {
    const { shell, tray } = setup();
    expect(tray.icon).toBe('offline');
    shell.update(idle);
    expect(tray.icon).toBe('registered');
    expect(tray.tooltip).toBe('Warmline: Registered, available');
    shell.update({ ...idle, ringing: [{ callId: 'c1', caller: 'Carol' }] });
    expect(tray.icon).toBe('ringing');
    expect(tray.item('Answer Carol').enabled).toBe(true);
  });

  it('ignores a report that does not match the contract', () => {
    const { shell, tray, lines } = setup();
    shell.update(idle);
    shell.update({ ...idle, registration: 'sideways' });
    shell.update({ ...idle, extra: true });
    expect(tray.icon).toBe('registered');
    expect(lines.filter((l) => l.message === 'shell state from the renderer refused')).toHaveLength(2);
  });

  it('forgets the phone when the page reloads', () => {
    const { shell, tray } = setup();
    shell.update({ ...idle, activeCall: { callId: 'c1', muted: false } });
    shell.rendererReset();
    expect(tray.icon).toBe('offline');
    expect(tray.item('Hang up').enabled).toBe(false);
  });
});

describe('desktop shell: quick actions', () => {
  it('tray Available / Away, Mute and Hang up become call actions for the renderer', () => {
    const { shell, tray, sent } = setup();
    shell.update({ ...idle, activeCall: { callId: 'c1', muted: false } });
    shell.tray(tray.item('Away').command!);
    shell.tray(tray.item('Mute').command!);
    shell.tray(tray.item('Hang up').command!);
    expect(sent).toEqual([
      { action: 'setAvailable', available: false },
      { action: 'setMuted', callId: 'c1', muted: true },
      { action: 'hangup', callId: 'c1' },
    ]);
  });

  it('tray Answer shows the window first', () => {
    const { shell, tray, sent, window } = setup();
    shell.update({ ...idle, ringing: [{ callId: 'c9', caller: 'Dan' }] });
    shell.tray(tray.item('Answer Dan').command!);
    expect(window.show).toHaveBeenCalled();
    expect(sent).toEqual([{ action: 'answer', callId: 'c9' }]);
  });

  it('shell commands: show, export diagnostics, start at login, quit', () => {
    const { shell, tray, window, commands } = setup();
    shell.update(idle);
    shell.tray(tray.item('Show Warmline').command!);
    expect(window.show).toHaveBeenCalled();
    shell.tray(tray.item('Export diagnostics…').command!);
    expect(commands.exportDiagnostics).toHaveBeenCalled();
    shell.tray(tray.item('Start at login').command!);
    expect(commands.setStartAtLogin).toHaveBeenCalledWith(true);
    expect(tray.item('Start at login').checked).toBe(true);
    shell.tray(tray.item('Quit Warmline').command!);
    expect(commands.quit).toHaveBeenCalled();
  });

  it('global shortcuts: answer the oldest ringing call, hang up and mute the active one, nothing when there is none', () => {
    const { shell, sent, window } = setup();
    shell.update(idle);
    shell.shortcut('answer');
    shell.shortcut('hangup');
    shell.shortcut('mute');
    expect(sent).toEqual([]);
    shell.update({ ...idle, ringing: [{ callId: 'r1', caller: 'A' }, { callId: 'r2', caller: 'B' }], activeCall: { callId: 'c1', muted: true } });
    shell.shortcut('answer');
    shell.shortcut('mute');
    shell.shortcut('hangup');
    expect(window.show).toHaveBeenCalledTimes(1);
    expect(sent).toEqual([
      { action: 'answer', callId: 'r1' },
      { action: 'setMuted', callId: 'c1', muted: false },
      { action: 'hangup', callId: 'c1' },
    ]);
  });
});

describe('desktop shell: incoming-call notification', () => {
  it('rings with the window hidden; Answer from the notification reaches the renderer; the notification closes when answered', () => {
    const { shell, notes, sent, window } = setup();
    shell.update(idle);
    shell.update({ ...idle, ringing: [{ callId: 'c1', caller: 'Carol' }] });
    expect(notes.made).toHaveLength(1);
    notes.made[0]!.press(0);
    expect(window.show).toHaveBeenCalled();
    expect(sent).toEqual([{ action: 'answer', callId: 'c1' }]);
    shell.update({ ...idle, activeCall: { callId: 'c1', muted: false } });
    expect(notes.made[0]!.closed).toBe(true);
  });

  it('is raised when the window goes to the background while a call rings', () => {
    const { shell, notes, setForeground } = setup({ foreground: true });
    shell.update({ ...idle, ringing: [{ callId: 'c1', caller: 'Carol' }] });
    expect(notes.made).toHaveLength(0);
    setForeground(false);
    shell.windowBackgrounded();
    expect(notes.made).toHaveLength(1);
  });
});

describe('desktop shell: tel:/sip: links and second starts', () => {
  it('a link opens the dialer pre-filled (never dialled), once the renderer listens', () => {
    const { shell, sent, window } = setup();
    shell.activate({ link: 'tel:+1 (415) 555-0100' });
    expect(window.show).toHaveBeenCalled();
    expect(sent).toEqual([]);
    shell.update(idle);
    expect(sent).toEqual([{ action: 'prefillDial', target: '+14155550100' }]);
    shell.activate({ link: 'sip:bob@example.com?Replaces=x' });
    expect(sent.at(-1)).toEqual({ action: 'prefillDial', target: 'sip:bob@example.com' });
  });

  it('while the renderer is away only the newest of each action waits', () => {
    const { shell, sent } = setup();
    shell.activate({ link: 'tel:1111' });
    shell.activate({ link: 'tel:2222' });
    shell.update(idle);
    expect(sent).toEqual([{ action: 'prefillDial', target: '2222' }]);
    shell.rendererReset();
    shell.activate({ link: 'tel:3333' });
    expect(sent).toHaveLength(1);
    shell.update(idle);
    expect(sent.at(-1)).toEqual({ action: 'prefillDial', target: '3333' });
  });

  it('a second start without a link only shows the window', () => {
    const { shell, sent, window } = setup();
    shell.update(idle);
    shell.activate({ link: null });
    expect(window.show).toHaveBeenCalled();
    expect(sent).toEqual([]);
  });

  it('a bad link is refused with a notice saying why', () => {
    const { shell, sent, notice } = setup();
    shell.update(idle);
    shell.activate({ link: 'sip:alice:pw@example.com' });
    expect(sent).toEqual([]);
    expect(notice).toHaveBeenCalledWith('warning', expect.stringContaining('must not carry a password'), expect.any(String));
  });

  it('works without a tray (desktops that have none)', () => {
    const { shell, sent } = setup({ tray: false });
    shell.update({ ...idle, activeCall: { callId: 'c1', muted: false } });
    shell.shortcut('mute');
    expect(sent).toEqual([{ action: 'setMuted', callId: 'c1', muted: true }]);
  });
});
