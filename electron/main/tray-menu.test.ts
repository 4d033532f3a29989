import { describe, expect, it } from 'vitest';
import { INITIAL_SHELL_STATE, type ShellState } from './shell-contract';
import { trayIcon, trayMenu, trayTooltip, type TrayMenuItem } from './tray-menu';

const registered: ShellState = { registration: 'registered', registrationText: 'Registered', available: true, activeCall: null, ringing: [] };
const labels = (menu: TrayMenuItem[]) => menu.map((i) => (i.type === 'separator' ? '---' : i.label));
const item = (menu: TrayMenuItem[], label: string) => {
  const found = menu.find((i) => i.type !== 'separator' && i.label === label);
  if (!found || found.type === 'separator') throw new Error(`no ${label}`);
  return found;
};

describe('tray state', () => {
  it('shows registration in the icon and tooltip', () => {
    expect(trayIcon(registered)).toBe('registered');
    expect(trayTooltip(registered)).toBe('Warmline: Registered, available');
    expect(trayTooltip({ ...registered, available: false })).toBe('Warmline: Registered, away');
    const failed: ShellState = { ...registered, registration: 'failed', registrationText: 'Failed: wrong password' };
    expect(trayIcon(failed)).toBe('offline');
    expect(trayTooltip(failed)).toBe('Warmline: Failed: wrong password');
    expect(trayIcon(INITIAL_SHELL_STATE)).toBe('offline');
  });

  it('a ringing call wins over registration', () => {
    const ringing = { ...registered, ringing: [{ callId: 'c1', caller: 'Carol' }] };
    expect(trayIcon(ringing)).toBe('ringing');
    expect(trayTooltip(ringing)).toBe('Warmline: incoming call from Carol');
    expect(trayTooltip({ ...ringing, ringing: [...ringing.ringing, { callId: 'c2', caller: 'Dan' }] })).toBe('Warmline: 2 incoming calls');
  });

  it('mentions a call in progress and its mute', () => {
    expect(trayTooltip({ ...registered, activeCall: { callId: 'c1', muted: true } })).toBe('Warmline: Registered, available, on a call (muted)');
  });
});

describe('tray menu', () => {
  it('idle: registration, Available/Away, disabled call controls, then the app items', () => {
    const menu = trayMenu(registered, { startAtLogin: false });
    expect(labels(menu)).toEqual([
      'Registered',
      '---',
      'Available',
      'Away',
      '---',
      'Mute',
      'Hang up',
      '---',
      'Show Warmline',
      'Export diagnostics…',
      'Start at login',
      '---',
      'Quit Warmline',
    ]);
    expect(item(menu, 'Registered').enabled).toBe(false);
    expect(item(menu, 'Available')).toMatchObject({ type: 'radio', checked: true, command: { to: 'renderer', action: { action: 'setAvailable', available: true } } });
    expect(item(menu, 'Away')).toMatchObject({ type: 'radio', checked: false, command: { to: 'renderer', action: { action: 'setAvailable', available: false } } });
    expect(item(menu, 'Mute')).toMatchObject({ enabled: false, command: null });
    expect(item(menu, 'Hang up')).toMatchObject({ enabled: false, command: null });
    expect(item(menu, 'Start at login')).toMatchObject({ type: 'checkbox', checked: false, command: { to: 'shell', command: 'toggleStartAtLogin' } });
    expect(item(menu, 'Quit Warmline').command).toEqual({ to: 'shell', command: 'quit' });
  });

  it('on a call: Mute toggles that call, Hang up ends it', () => {
    const menu = trayMenu({ ...registered, activeCall: { callId: 'c7', muted: false } }, { startAtLogin: true });
    expect(item(menu, 'Mute')).toMatchObject({ enabled: true, checked: false, command: { to: 'renderer', action: { action: 'setMuted', callId: 'c7', muted: true } } });
    expect(item(menu, 'Hang up').command).toEqual({ to: 'renderer', action: { action: 'hangup', callId: 'c7' } });
    const muted = trayMenu({ ...registered, activeCall: { callId: 'c7', muted: true } }, { startAtLogin: true });
    expect(item(muted, 'Mute')).toMatchObject({ checked: true, command: { action: { action: 'setMuted', muted: false } } });
    expect(item(muted, 'Start at login').checked).toBe(true);
  });

  it('ringing: Answer and Decline for each call, by id', () => {
    const menu = trayMenu({ ...registered, ringing: [{ callId: 'a', caller: 'Alice' }, { callId: 'b', caller: '+14155550100' }] }, { startAtLogin: false });
    expect(labels(menu).slice(0, 5)).toEqual(['Registered', 'Answer Alice', 'Decline Alice', 'Answer +14155550100', 'Decline +14155550100']);
    expect(item(menu, 'Answer +14155550100').command).toEqual({ to: 'renderer', action: { action: 'answer', callId: 'b' } });
    expect(item(menu, 'Decline Alice').command).toEqual({ to: 'renderer', action: { action: 'decline', callId: 'a' } });
  });

  it('no account: presence cannot be chosen', () => {
    const menu = trayMenu(INITIAL_SHELL_STATE, { startAtLogin: false });
    expect(item(menu, 'Available').enabled).toBe(false);
    expect(item(menu, 'Away').enabled).toBe(false);
  });
});
