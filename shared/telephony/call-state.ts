import { assertNever } from './registration-state';
import type { CallOutcome } from '../history/call-record';

/**
 * Call lifecycle as an explicit state machine. Illegal moves return null so the
 * adapter can log them instead of corrupting what the agent sees.
 */
export type CallPhase = 'dialing' | 'ringing-out' | 'ringing-in' | 'connecting' | 'connected' | 'ended';

export type CallEvent =
  | { type: 'progress' }
  | { type: 'answer' }
  | { type: 'accepted'; at: number }
  | { type: 'ended'; at: number; outcome: CallOutcome; reason: string };

const MOVES: Record<CallPhase, readonly CallEvent['type'][]> = {
  dialing: ['progress', 'accepted', 'ended'],
  'ringing-out': ['progress', 'accepted', 'ended'],
  'ringing-in': ['answer', 'accepted', 'ended'],
  connecting: ['accepted', 'ended'],
  connected: ['ended'],
  ended: [],
};

export function nextCallPhase(phase: CallPhase, ev: CallEvent): CallPhase | null {
  if (!MOVES[phase].includes(ev.type)) return null;
  switch (ev.type) {
    case 'progress':
      return 'ringing-out';
    case 'answer':
      return 'connecting';
    case 'accepted':
      return 'connected';
    case 'ended':
      return 'ended';
    default:
      return assertNever(ev);
  }
}

/** Outcome of a call that ended before it was answered, from our side or theirs. */
export function outcomeForUnanswered(direction: 'inbound' | 'outbound', sipStatus: number | null, byUs: boolean): CallOutcome {
  if (direction === 'inbound') return byUs ? 'declined' : 'missed';
  if (byUs) return 'cancelled';
  if (sipStatus === 486 || sipStatus === 600) return 'busy';
  if (sipStatus === 603) return 'declined';
  return 'failed';
}
