import { create } from 'zustand';
import type { HostInfo, HostNotice, SettingsView } from '../../shared/contract/bridge';
import type { CallRecord } from '../../shared/history/call-record';
import { nextRegistration, type RegistrationEvent, type RegistrationState } from '../../shared/telephony/registration-state';
import { createCallsSlice, type CallsSlice } from './calls-slice';

export type HostSlice = {
  hostInfo: HostInfo | null;
  hostConnected: boolean;
  settings: SettingsView | null;
  notices: HostNotice[];
  history: CallRecord[];
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

export type AppState = HostSlice & PhoneSlice & CallsSlice;

/** The one bound store (style rule 9). Actions only set state; side effects live in controllers/. */
export const useAppStore = create<AppState>()((set, get, api) => ({
  hostInfo: null,
  hostConnected: false,
  settings: null,
  notices: [],
  history: [],
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
}));

/** Selectors: components read through these, never the whole state. */
export const selectActiveCall = (s: AppState) =>
  Object.values(s.calls).find((c) => c.phase !== 'ended' && c.phase !== 'ringing-in') ?? null;
export const selectRingingCall = (s: AppState) => Object.values(s.calls).find((c) => c.phase === 'ringing-in') ?? null;
export const selectPrimaryAccount = (s: AppState) => s.settings?.accounts[0] ?? null;
