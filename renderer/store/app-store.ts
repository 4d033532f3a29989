import { create } from 'zustand';
import type { HostInfo, HostNotice, SettingsView } from '../../shared/contract/bridge';
import type { CallRecord } from '../../shared/history/call-record';
import type { AudioDeviceInfo } from '../../shared/telephony/audio-device';
import { nextRegistration, type RegistrationEvent, type RegistrationState } from '../../shared/telephony/registration-state';
import { createCallsSlice, type CallsSlice, type CallView } from './calls-slice';
import { createQualitySlice, type QualitySlice } from './quality-slice';
import { createHandoffSlice, type HandoffSlice } from './handoff-slice';
import { createMonitorSlice, type MonitorSlice } from './monitor-slice';
import { createSupervisorSlice, type SupervisorSlice } from './supervisor-slice';
import { createE911Slice, type E911Slice } from './e911-slice';
import { createCdrSlice, type CdrSlice } from './cdr-slice';
import { createFailoverSlice, type FailoverSlice } from './failover-slice';

export type HostSlice = {
  hostInfo: HostInfo | null;
  hostConnected: boolean;
  settings: SettingsView | null;
  notices: HostNotice[];
  history: CallRecord[];
  devices: AudioDeviceInfo[];
  setDevices: (d: AudioDeviceInfo[]) => void;
  setHostInfo: (i: HostInfo) => void;
  setHostConnected: (c: boolean) => void;
  setSettings: (s: SettingsView) => void;
  addNotices: (n: HostNotice[]) => void;
  dismissNotice: (id: string) => void;
  setHistory: (h: CallRecord[]) => void;
};

export type PhoneSlice = {
  registration: RegistrationState;
  /** The agent clicked "Go available": audio is unlocked and they take calls. */
  available: boolean;
  audioUnlocked: boolean;
  registrationChanged: (ev: RegistrationEvent) => void;
  setAvailable: (available: boolean, audioUnlocked: boolean) => void;
};

export type AppState = HostSlice & PhoneSlice & CallsSlice & QualitySlice & HandoffSlice & MonitorSlice & SupervisorSlice & E911Slice & CdrSlice & FailoverSlice;

/** The one bound store (style rule 9). Actions only set state; side effects live in controllers/. */
export const useAppStore = create<AppState>()((set, get, api) => ({
  hostInfo: null,
  hostConnected: false,
  settings: null,
  notices: [],
  history: [],
  devices: [],
  setDevices: (devices) => set({ devices }),
  setHostInfo: (hostInfo) => set({ hostInfo }),
  setHostConnected: (hostConnected) => set({ hostConnected }),
  setSettings: (settings) => set({ settings }),
  addNotices: (n) =>
    set((s) => {
      const known = new Set(s.notices.map((x) => x.id));
      return { notices: [...s.notices, ...n.filter((x) => !known.has(x.id))] };
    }),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  setHistory: (history) => set({ history }),

  registration: { status: 'unconfigured' },
  available: false,
  audioUnlocked: false,
  registrationChanged: (ev) => set((s) => ({ registration: nextRegistration(s.registration, ev) })),
  setAvailable: (available, audioUnlocked) => set({ available, audioUnlocked }),

  ...createCallsSlice(set, get, api),
  ...createQualitySlice(set, get, api),
  ...createHandoffSlice(set, get, api),
  ...createMonitorSlice(set, get, api),
  ...createSupervisorSlice(set, get, api),
  ...createE911Slice(set, get, api),
  ...createCdrSlice(set, get, api),
  ...createFailoverSlice(set, get, api),
}));

/** Selectors: components read through these, never the whole state. */
const live = (c: CallView) => c.state.phase !== 'ended';
/** The call the controls act on: the focused one, unless it is still ringing in. */
export const selectActiveCall = (s: AppState): CallView | null => {
  const focused = s.focusedId ? s.calls[s.focusedId] : undefined;
  if (focused && live(focused) && focused.state.phase !== 'ringing-in') return focused;
  return Object.values(s.calls).find((c) => live(c) && c.state.phase !== 'ringing-in') ?? null;
};
export const selectRingingCall = (s: AppState) => Object.values(s.calls).find((c) => c.state.phase === 'ringing-in') ?? null;
/** Every call in progress (not ringing in), for the call list shown when there is more than one. */
export const selectCallsInProgress = (s: AppState) => Object.values(s.calls).filter((c) => live(c) && c.state.phase !== 'ringing-in');
export const selectPrimaryAccount = (s: AppState) => s.settings?.accounts[0] ?? null;
