import type { StateCreator } from 'zustand';
import type { CallEvent, CallPhase } from '../../shared/telephony/call-state';
import { nextCallPhase } from '../../shared/telephony/call-state';
import type { CallOutcome } from '../../shared/history/call-record';
import type { AppState } from './app-store';

export type CallView = {
  id: string;
  accountId: string;
  direction: 'inbound' | 'outbound';
  remoteUri: string;
  remoteName: string;
  phase: CallPhase;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  outcome: CallOutcome | null;
  reason: string;
};

export type CallsSlice = {
  calls: Record<string, CallView>;
  /** The reason the last dial attempt was refused before any call started. */
  dialError: string | null;
  /** The last call that ended with a failure, shown until the next call starts. */
  lastFailure: { remote: string; reason: string } | null;
  callAdded: (call: Omit<CallView, 'phase' | 'answeredAt' | 'endedAt' | 'outcome' | 'reason'> & { phase: CallPhase }) => void;
  callChanged: (id: string, ev: CallEvent) => CallView | null;
  callRemoved: (id: string) => void;
  setDialError: (reason: string | null) => void;
};

export const createCallsSlice: StateCreator<AppState, [], [], CallsSlice> = (set, get) => ({
  calls: {},
  dialError: null,
  lastFailure: null,
  callAdded: (call) =>
    set((s) => ({
      calls: { ...s.calls, [call.id]: { ...call, answeredAt: null, endedAt: null, outcome: null, reason: '' } },
      dialError: null,
      lastFailure: null,
    })),
  callChanged: (id, ev) => {
    const call = get().calls[id];
    if (!call) return null;
    const phase = nextCallPhase(call.phase, ev);
    if (phase === null) return null;
    const next: CallView = {
      ...call,
      phase,
      answeredAt: ev.type === 'accepted' ? ev.at : call.answeredAt,
      endedAt: ev.type === 'ended' ? ev.at : call.endedAt,
      outcome: ev.type === 'ended' ? ev.outcome : call.outcome,
      reason: ev.type === 'ended' ? ev.reason : call.reason,
    };
    set((s) => ({
      calls: { ...s.calls, [id]: next },
      lastFailure:
        ev.type === 'ended' && (ev.outcome === 'failed' || ev.outcome === 'busy')
          ? { remote: call.remoteUri, reason: ev.reason }
          : s.lastFailure,
    }));
    return next;
  },
  callRemoved: (id) =>
    set((s) => {
      const { [id]: _gone, ...rest } = s.calls;
      return { calls: rest };
    }),
  setDialError: (reason) => set({ dialError: reason }),
});
