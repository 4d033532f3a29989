import type { StateCreator } from 'zustand';
import type { TransferContext } from '../../shared/context/transfer-context';
import type { AppState } from './app-store';

/** A warm transfer the AI session feed announced to us, before its INVITE arrives. */
export type AnnouncedTransfer = { sessionId: string; context: TransferContext; reason: string | null; at: number; prewarmed: boolean };

export type HandoffSlice = {
  announced: AnnouncedTransfer[];
  transferAnnounced: (t: AnnouncedTransfer) => void;
  transferArrived: (sessionId: string) => void;
  announcementsExpired: (before: number) => void;
};

export const createHandoffSlice: StateCreator<AppState, [], [], HandoffSlice> = (set) => ({
  announced: [],
  transferAnnounced: (t) => set((s) => ({ announced: [...s.announced.filter((x) => x.sessionId !== t.sessionId), t] })),
  transferArrived: (sessionId) => set((s) => ({ announced: s.announced.filter((x) => x.sessionId !== sessionId) })),
  announcementsExpired: (before) => set((s) => ({ announced: s.announced.filter((x) => x.at >= before) })),
});
