import type { ShellAction, ShellState } from '../../shared/contract/shell';
import { describeRegistration } from '../../shared/telephony/registration-state';
import type { HostApi } from '../platform';
import { selectActiveCall, useAppStore, type AppState } from '../store/app-store';
import { answer, decline, goAvailable, goAway, hangup, setMute } from './call-actions';

/**
 * The desktop shell (Electron: tray, notifications with Answer/Decline,
 * global shortcuts, tel:/sip: links) sees the phone through `shell.update`
 * and acts through `shell.action`: the same call actions a click runs, on the
 * call id the user saw, so an action never lands on another call. The web
 * host has no shell, so nothing is sent there.
 */
export function shellStateOf(s: AppState): ShellState {
  const active = selectActiveCall(s);
  const ringing = Object.values(s.calls)
    .filter((c) => c.state.phase === 'ringing-in')
    .sort((a, b) => a.startedAt - b.startedAt)
    .slice(0, 8)
    .map((c) => ({ callId: c.id, caller: (c.remoteName || c.remoteUri.replace(/^sips?:/, '')).slice(0, 300) }));
  return {
    registration: s.registration.status,
    registrationText: describeRegistration(s.registration).text.slice(0, 200),
    available: s.available,
    activeCall: active ? { callId: active.id, muted: active.muted } : null,
    ringing,
  };
}

export function runShellAction(a: ShellAction): void {
  const calls = useAppStore.getState().calls;
  switch (a.action) {
    case 'answer':
      if (calls[a.callId]?.state.phase === 'ringing-in') answer(a.callId);
      return;
    case 'decline':
      if (calls[a.callId]?.state.phase === 'ringing-in') decline(a.callId);
      return;
    case 'hangup':
      if (calls[a.callId]) hangup(a.callId);
      return;
    case 'setMuted':
      if (calls[a.callId]) setMute(a.callId, a.muted);
      return;
    case 'setAvailable':
      if (a.available) void goAvailable();
      else goAway();
      return;
    case 'prefillDial':
      useAppStore.getState().setDialPrefill(a.target);
      return;
  }
}

/** Start following the store for the shell; returns the stop function. Only where the host is Electron. */
export function attachDesktopShell(host: HostApi): () => void {
  let last = '';
  const push = () => {
    if (useAppStore.getState().hostInfo?.kind !== 'electron') return;
    const state = shellStateOf(useAppStore.getState());
    const key = JSON.stringify(state);
    if (key === last) return;
    last = key;
    void host.call('shell.update', state);
  };
  const stopStore = useAppStore.subscribe(push);
  const stopActions = host.on('shell.action', runShellAction);
  push();
  return () => {
    stopStore();
    stopActions();
  };
}
