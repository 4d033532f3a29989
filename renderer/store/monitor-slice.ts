import type { StateCreator } from 'zustand';
import type { MonitorMode } from '../../shared/telephony/monitor-address';
import type { AppState } from './app-store';

/** The supervisor's monitor call on a live AI session, if any. */
export type MonitorView = { callId: string; sessionId: string; mode: MonitorMode; pending: MonitorMode | null; error: string | null };

export type MonitorSlice = {
  monitor: MonitorView | null;
  monitorStarted: (m: { callId: string; sessionId: string; mode: MonitorMode }) => void;
  monitorModeRequested: (mode: MonitorMode) => void;
  monitorModeSettled: (mode: MonitorMode, error: string | null) => void;
  monitorEnded: (callId: string) => void;
};

export const createMonitorSlice: StateCreator<AppState, [], [], MonitorSlice> = (set) => ({
  monitor: null,
  monitorStarted: (m) => set({ monitor: { ...m, pending: null, error: null } }),
  monitorModeRequested: (mode) => set((s) => (s.monitor ? { monitor: { ...s.monitor, pending: mode, error: null } } : {})),
  monitorModeSettled: (mode, error) => set((s) => (s.monitor ? { monitor: { ...s.monitor, mode, pending: null, error } } : {})),
  monitorEnded: (callId) => set((s) => (s.monitor?.callId === callId ? { monitor: null } : {})),
});
