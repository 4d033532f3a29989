import { assertNever } from './registration-state';
import type { CallOutcome } from '../history/call-record';

/**
 * Call lifecycle as an explicit state machine: the phase of the call, our own
 * hold (which needs a re-INVITE the far end may refuse), and whether the far
 * end has put us on hold. Illegal moves return null so the adapter logs them
 * instead of showing the agent something untrue.
 */
export type CallPhase = 'dialing' | 'ringing-out' | 'ringing-in' | 'connecting' | 'connected' | 'ended';
/** `holding` and `resuming` are re-INVITEs in flight: the UI shows them as pending, not done. */
export type HoldState = 'active' | 'holding' | 'held' | 'resuming';

export type CallState = { phase: CallPhase; hold: HoldState; remoteHold: boolean };

export type CallEvent =
  | { type: 'progress' }
  | { type: 'answer' }
  | { type: 'accepted'; at: number }
  | { type: 'hold-requested' }
  | { type: 'hold-confirmed' }
  | { type: 'hold-failed'; reason: string }
  | { type: 'resume-requested' }
  | { type: 'resume-confirmed' }
  | { type: 'resume-failed'; reason: string }
  | { type: 'remote-hold'; held: boolean }
  /** sipStatus: the final SIP status of an unanswered outgoing call, null when none came (transport loss, timeout, cancelled). */
  | { type: 'ended'; at: number; outcome: CallOutcome; reason: string; sipStatus?: number | null };

export const INITIAL_HOLD = { hold: 'active', remoteHold: false } as const;

const RINGING: readonly CallPhase[] = ['dialing', 'ringing-out', 'ringing-in', 'connecting'];

export function nextCallState(s: CallState, ev: CallEvent): CallState | null {
  if (s.phase === 'ended') return null;
  const connected = s.phase === 'connected';
  switch (ev.type) {
    case 'progress':
      return s.phase === 'dialing' || s.phase === 'ringing-out' ? { ...s, phase: 'ringing-out' } : null;
    case 'answer':
      return s.phase === 'ringing-in' ? { ...s, phase: 'connecting' } : null;
    case 'accepted':
      return RINGING.includes(s.phase) ? { ...s, phase: 'connected' } : null;
    case 'hold-requested':
      return connected && s.hold === 'active' ? { ...s, hold: 'holding' } : null;
    case 'hold-confirmed':
      return connected && s.hold === 'holding' ? { ...s, hold: 'held' } : null;
    case 'hold-failed':
      return connected && s.hold === 'holding' ? { ...s, hold: 'active' } : null;
    case 'resume-requested':
      return connected && s.hold === 'held' ? { ...s, hold: 'resuming' } : null;
    case 'resume-confirmed':
      return connected && s.hold === 'resuming' ? { ...s, hold: 'active' } : null;
    case 'resume-failed':
      return connected && s.hold === 'resuming' ? { ...s, hold: 'held' } : null;
    case 'remote-hold':
      return connected ? { ...s, remoteHold: ev.held } : null;
    case 'ended':
      return { ...s, phase: 'ended' };
    default:
      return assertNever(ev);
  }
}

/** Whether the call is carrying our voice right now (not ringing, not held either way). */
export function isTalking(s: CallState): boolean {
  return s.phase === 'connected' && s.hold === 'active' && !s.remoteHold;
}

/** Outcome of a call that ended before it was answered, from our side or theirs. */
export function outcomeForUnanswered(direction: 'inbound' | 'outbound', sipStatus: number | null, byUs: boolean): CallOutcome {
  if (direction === 'inbound') return byUs ? 'declined' : 'missed';
  if (byUs) return 'cancelled';
  if (sipStatus === 486 || sipStatus === 600) return 'busy';
  if (sipStatus === 603) return 'declined';
  return 'failed';
}

/** A re-INVITE the far end refused, in words for the agent; the call itself carries on. */
export function describeReinviteFailure(action: 'hold' | 'resume', status: number | null, detail: string): string {
  const what = action === 'hold' ? 'Hold' : 'Resume';
  const state = action === 'hold' ? 'The call is still active' : 'The call is still on hold';
  if (status === 491) return `${what} failed: the other side was changing the call at the same moment (491). ${state}; try again.`;
  if (status === 408 || status === null) return `${what} failed: no answer from the other side${detail ? ` (${detail})` : ''}. ${state}; try again.`;
  return `${what} failed: ${status} ${detail}. ${state}.`;
}
