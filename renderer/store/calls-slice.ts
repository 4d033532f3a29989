import type { StateCreator } from 'zustand';
import type { CallOutcome } from '../../shared/history/call-record';
import { INITIAL_HOLD, nextCallState, type CallEvent, type CallPhase, type CallState } from '../../shared/telephony/call-state';
import type { CallDetail } from '../../shared/telephony/phone-port';
import type { AppState } from './app-store';
import type { ContextIssue, TransferContext } from '../../shared/context/transfer-context';
import type { ContextSource } from '../../shared/context/carriers';
import type { CallerAttestation } from '../../shared/context/stir-shaken';

/** What the AI handed over with a call, and how getting it went. */
export type ContextView = {
  status: 'none' | 'loading' | 'ready' | 'failed';
  context: TransferContext | null;
  source: ContextSource | null;
  issues: ContextIssue[];
  ignored: ContextSource[];
  attestation: CallerAttestation | null;
};

export const NO_CONTEXT: ContextView = { status: 'none', context: null, source: null, issues: [], ignored: [], attestation: null };

export type TransferStatus = { progress: 'requested' | 'trying' | 'ringing' | 'succeeded' | 'failed'; text: string };

export type CallView = {
  id: string;
  accountId: string;
  direction: 'inbound' | 'outbound';
  remoteUri: string;
  remoteName: string;
  state: CallState;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  outcome: CallOutcome | null;
  reason: string;
  muted: boolean;
  codec: string | null;
  receivedDigits: string;
  transfer: TransferStatus | null;
  /** The latest thing the agent should know about this call (a refused hold, a network change). */
  notice: string | null;
  /** For a consult call of an attended transfer: the call being transferred. */
  consultOf: string | null;
  context: ContextView;
  notes: string;
};

export type NewCall = Pick<CallView, 'id' | 'accountId' | 'direction' | 'remoteUri' | 'remoteName' | 'startedAt'> & {
  phase: CallPhase;
  consultOf?: string | null;
};

export type CallsSlice = {
  calls: Record<string, CallView>;
  /** The call the agent is working on: the one the call controls act on. */
  focusedId: string | null;
  /** The reason the last dial attempt was refused before any call started. */
  dialError: string | null;
  /** A number the dialer should show (a tel:/sip: link opened the app); the dialer takes it once. */
  dialPrefill: string | null;
  /** The last call that ended with a failure, shown until the next call starts. */
  lastFailure: { remote: string; reason: string } | null;
  /** The last SIP failure of any call, kept for the diagnosis panel (not cleared by the next call). */
  lastSipError: string | null;
  callAdded: (call: NewCall) => void;
  callChanged: (id: string, ev: CallEvent) => CallView | null;
  callDetailed: (id: string, detail: CallDetail) => void;
  callRemoved: (id: string) => void;
  contextChanged: (id: string, context: ContextView) => void;
  notesChanged: (id: string, notes: string) => void;
  focus: (id: string | null) => void;
  setDialError: (reason: string | null) => void;
  setDialPrefill: (target: string | null) => void;
};

const MAX_DIGITS_SHOWN = 32;

export const createCallsSlice: StateCreator<AppState, [], [], CallsSlice> = (set, get) => ({
  calls: {},
  focusedId: null,
  dialError: null,
  dialPrefill: null,
  lastFailure: null,
  lastSipError: null,
  callAdded: ({ phase, consultOf, ...call }) =>
    set((s) => ({
      calls: {
        ...s.calls,
        [call.id]: {
          ...call,
          state: { phase, ...INITIAL_HOLD },
          answeredAt: null,
          endedAt: null,
          outcome: null,
          reason: '',
          muted: false,
          codec: null,
          receivedDigits: '',
          transfer: null,
          notice: null,
          consultOf: consultOf ?? null,
          context: NO_CONTEXT,
          notes: '',
        },
      },
      // A ringing call does not take the focus from a call in progress.
      focusedId: phase === 'ringing-in' && s.focusedId && s.calls[s.focusedId] ? s.focusedId : call.id,
      dialError: null,
      lastFailure: null,
    })),
  callChanged: (id, ev) => {
    const call = get().calls[id];
    if (!call) return null;
    const state = nextCallState(call.state, ev);
    if (state === null) return null;
    const next: CallView = {
      ...call,
      state,
      answeredAt: ev.type === 'accepted' ? ev.at : call.answeredAt,
      endedAt: ev.type === 'ended' ? ev.at : call.endedAt,
      outcome: ev.type === 'ended' ? ev.outcome : call.outcome,
      reason: ev.type === 'ended' ? ev.reason : call.reason,
      notice: ev.type === 'hold-confirmed' || ev.type === 'resume-confirmed' ? null : call.notice,
    };
    set((s) => ({
      calls: { ...s.calls, [id]: next },
      lastFailure:
        ev.type === 'ended' && (ev.outcome === 'failed' || ev.outcome === 'busy')
          ? { remote: call.remoteUri, reason: ev.reason }
          : s.lastFailure,
      lastSipError: ev.type === 'ended' && (ev.outcome === 'failed' || ev.outcome === 'busy') && /^\d{3}\b/.test(ev.reason) ? ev.reason : s.lastSipError,
    }));
    return next;
  },
  callDetailed: (id, detail) =>
    set((s) => {
      const call = s.calls[id];
      if (!call) return {};
      const patch: Partial<CallView> =
        detail.type === 'codec'
          ? { codec: detail.codec }
          : detail.type === 'dtmf-received'
            ? { receivedDigits: (call.receivedDigits + detail.tone).slice(-MAX_DIGITS_SHOWN) }
            : detail.type === 'transfer'
              ? { transfer: { progress: detail.progress, text: detail.text } }
              : detail.type === 'notice'
                ? { notice: detail.text }
                : { muted: detail.muted };
      return { calls: { ...s.calls, [id]: { ...call, ...patch } } };
    }),
  callRemoved: (id) =>
    set((s) => {
      const { [id]: _gone, ...rest } = s.calls;
      const focusedId = s.focusedId === id ? (Object.values(rest).find((c) => c.state.phase !== 'ringing-in')?.id ?? null) : s.focusedId;
      return { calls: rest, focusedId };
    }),
  contextChanged: (id, context) =>
    set((s) => {
      const call = s.calls[id];
      return call ? { calls: { ...s.calls, [id]: { ...call, context } } } : {};
    }),
  notesChanged: (id, notes) =>
    set((s) => {
      const call = s.calls[id];
      return call ? { calls: { ...s.calls, [id]: { ...call, notes } } } : {};
    }),
  focus: (focusedId) => set({ focusedId }),
  setDialError: (reason) => set({ dialError: reason }),
  setDialPrefill: (dialPrefill) => set({ dialPrefill }),
});
