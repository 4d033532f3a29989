import type { ShellAction, ShellState } from './shell-contract';

/** What a menu item does: a call action carried to the renderer, or something the shell does itself. */
export type TrayCommand =
  | { to: 'renderer'; action: ShellAction }
  | { to: 'shell'; command: 'show' | 'exportDiagnostics' | 'toggleStartAtLogin' | 'quit' };

/** A menu item as data (the Electron adapter maps it to Menu.buildFromTemplate). */
export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'normal' | 'checkbox' | 'radio'; label: string; enabled: boolean; checked?: boolean; command: TrayCommand | null };

/** The three tray pictures (resources/tray/<name>.png). */
export type TrayIcon = 'registered' | 'offline' | 'ringing';

export type TrayExtras = { startAtLogin: boolean };

export function trayIcon(state: ShellState): TrayIcon {
  if (state.ringing.length > 0) return 'ringing';
  return state.registration === 'registered' ? 'registered' : 'offline';
}

export function trayTooltip(state: ShellState): string {
  const first = state.ringing[0];
  if (first) {
    return state.ringing.length === 1 ? `Warmline: incoming call from ${first.caller}` : `Warmline: ${state.ringing.length} incoming calls`;
  }
  const presence = state.registration === 'registered' ? (state.available ? ', available' : ', away') : '';
  const call = state.activeCall ? (state.activeCall.muted ? ', on a call (muted)' : ', on a call') : '';
  return `Warmline: ${state.registrationText}${presence}${call}`;
}

/** The tray menu for a state: registration first, then what can be done now. */
export function trayMenu(state: ShellState, extras: TrayExtras): TrayMenuItem[] {
  const items: TrayMenuItem[] = [{ type: 'normal', label: state.registrationText, enabled: false, command: null }];
  for (const call of state.ringing) {
    items.push(
      { type: 'normal', label: `Answer ${call.caller}`, enabled: true, command: { to: 'renderer', action: { action: 'answer', callId: call.callId } } },
      { type: 'normal', label: `Decline ${call.caller}`, enabled: true, command: { to: 'renderer', action: { action: 'decline', callId: call.callId } } },
    );
  }
  items.push({ type: 'separator' });
  // Presence needs an account; going available before registration is allowed (the app registers then).
  const canChoose = state.registration !== 'unconfigured';
  items.push(
    {
      type: 'radio',
      label: 'Available',
      enabled: canChoose,
      checked: state.available,
      command: { to: 'renderer', action: { action: 'setAvailable', available: true } },
    },
    {
      type: 'radio',
      label: 'Away',
      enabled: canChoose,
      checked: !state.available,
      command: { to: 'renderer', action: { action: 'setAvailable', available: false } },
    },
  );
  const call = state.activeCall;
  items.push(
    { type: 'separator' },
    {
      type: 'checkbox',
      label: 'Mute',
      enabled: call !== null,
      checked: call?.muted ?? false,
      command: call ? { to: 'renderer', action: { action: 'setMuted', callId: call.callId, muted: !call.muted } } : null,
    },
    {
      type: 'normal',
      label: 'Hang up',
      enabled: call !== null,
      command: call ? { to: 'renderer', action: { action: 'hangup', callId: call.callId } } : null,
    },
    { type: 'separator' },
    { type: 'normal', label: 'Show Warmline', enabled: true, command: { to: 'shell', command: 'show' } },
    { type: 'normal', label: 'Export diagnostics…', enabled: true, command: { to: 'shell', command: 'exportDiagnostics' } },
    { type: 'checkbox', label: 'Start at login', enabled: true, checked: extras.startAtLogin, command: { to: 'shell', command: 'toggleStartAtLogin' } },
    { type: 'separator' },
    { type: 'normal', label: 'Quit Warmline', enabled: true, command: { to: 'shell', command: 'quit' } },
  );
  return items;
}
