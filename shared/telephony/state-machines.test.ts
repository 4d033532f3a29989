import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './backoff';
import {
  describeReinviteFailure,
  isTalking,
  nextCallState,
  outcomeForUnanswered,
  type CallEvent,
  type CallPhase,
  type CallState,
  type HoldState,
} from './call-state';
import { describeRegistration, failureForStatus, nextRegistration } from './registration-state';

describe('reconnectDelayMs', () => {
  const policy = { baseMs: 500, maxMs: 15_000 };
  it('grows exponentially, stays within [ceiling/2, ceiling] and never exceeds the cap', () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const ceiling = Math.min(15_000, 500 * 2 ** attempt);
      for (const r of [0, 0.25, 0.5, 0.999, 1]) {
        const d = reconnectDelayMs(attempt, r, policy);
        expect(d).toBeGreaterThanOrEqual(ceiling / 2);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
  });
  it('spreads clients out (jitter) and tolerates odd inputs', () => {
    expect(reconnectDelayMs(3, 0, policy)).not.toBe(reconnectDelayMs(3, 1, policy));
    expect(reconnectDelayMs(-5, 2, policy)).toBe(500);
    expect(reconnectDelayMs(Number.NaN, 0.5, policy)).toBeGreaterThan(0);
  });
});

describe('registration state', () => {
  it('shows the failure reason with the SIP status', () => {
    const s = nextRegistration({ status: 'registering' }, { type: 'failed', failure: 'auth', detail: '401 Unauthorized', retryAt: null });
    expect(describeRegistration(s).text).toBe('Failed: Wrong credentials (401 Unauthorized)');
    expect(describeRegistration(s).advice).toMatch(/password/);
  });
  it('says Registered only once registered, and server unreachable on transport loss', () => {
    let s = nextRegistration({ status: 'unconfigured' }, { type: 'connect', attempt: 0 });
    s = nextRegistration(s, { type: 'transport-up' });
    expect(describeRegistration(s).text).toBe('Registering');
    s = nextRegistration(s, { type: 'registered', at: 1, expiresSec: 600 });
    expect(describeRegistration(s).text).toBe('Registered');
    s = nextRegistration(s, { type: 'failed', failure: 'unreachable', detail: 'cannot reach the WebSocket server', retryAt: 5 });
    expect(describeRegistration(s).text).toMatch(/^Failed: Server unreachable/);
  });
  it('maps final REGISTER responses to failure kinds', () => {
    expect([401, 403, 407].map(failureForStatus)).toEqual(['auth', 'auth', 'auth']);
    expect([408, 504].map(failureForStatus)).toEqual(['timeout', 'timeout']);
    expect(failureForStatus(503)).toBe('unreachable');
    expect(failureForStatus(500)).toBe('rejected');
  });
});

describe('call state machine', () => {
  const at = 1;
  const ended = { type: 'ended', at, outcome: 'answered', reason: '' } as const;
  const ALL_EVENTS: CallEvent[] = [
    { type: 'progress' },
    { type: 'answer' },
    { type: 'accepted', at },
    { type: 'hold-requested' },
    { type: 'hold-confirmed' },
    { type: 'hold-failed', reason: '491' },
    { type: 'resume-requested' },
    { type: 'resume-confirmed' },
    { type: 'resume-failed', reason: '408' },
    { type: 'remote-hold', held: true },
    ended,
  ];
  const s = (phase: CallPhase, hold: HoldState = 'active', remoteHold = false): CallState => ({ phase, hold, remoteHold });
  const run = (start: CallState, evs: CallEvent[]) =>
    evs.reduce<CallState | null>((st, ev) => (st === null ? null : nextCallState(st, ev)), start);

  // Every (state, event) pair: the allowed moves and their targets; everything else is refused.
  const ALLOWED: [CallState, CallEvent['type'], CallState][] = [
    [s('dialing'), 'progress', s('ringing-out')],
    [s('ringing-out'), 'progress', s('ringing-out')],
    [s('ringing-in'), 'answer', s('connecting')],
    [s('dialing'), 'accepted', s('connected')],
    [s('ringing-out'), 'accepted', s('connected')],
    [s('ringing-in'), 'accepted', s('connected')],
    [s('connecting'), 'accepted', s('connected')],
    [s('connected'), 'hold-requested', s('connected', 'holding')],
    [s('connected', 'holding'), 'hold-confirmed', s('connected', 'held')],
    [s('connected', 'holding'), 'hold-failed', s('connected', 'active')],
    [s('connected', 'held'), 'resume-requested', s('connected', 'resuming')],
    [s('connected', 'resuming'), 'resume-confirmed', s('connected', 'active')],
    [s('connected', 'resuming'), 'resume-failed', s('connected', 'held')],
  ];
  const STATES: CallState[] = [
    s('dialing'),
    s('ringing-out'),
    s('ringing-in'),
    s('connecting'),
    s('connected'),
    s('connected', 'holding'),
    s('connected', 'held'),
    s('connected', 'resuming'),
    s('ended'),
  ];

  for (const state of STATES) {
    for (const ev of ALL_EVENTS) {
      const label = `${state.phase}/${state.hold} + ${ev.type}`;
      it(label, () => {
        const next = nextCallState(state, ev);
        const allowed = ALLOWED.find(([from, type]) => from.phase === state.phase && from.hold === state.hold && type === ev.type);
        if (state.phase === 'ended') expect(next).toBeNull();
        else if (ev.type === 'ended') expect(next).toEqual({ ...state, phase: 'ended' });
        else if (ev.type === 'remote-hold') expect(next).toEqual(state.phase === 'connected' ? { ...state, remoteHold: true } : null);
        else if (allowed) expect(next).toEqual(allowed[2]);
        else expect(next).toBeNull();
      });
    }
  }

  it('follows outbound and inbound happy paths', () => {
    expect(run(s('dialing'), [{ type: 'progress' }, { type: 'accepted', at }, ended])?.phase).toBe('ended');
    expect(run(s('ringing-in'), [{ type: 'answer' }, { type: 'accepted', at }, ended])?.phase).toBe('ended');
  });
  it('glare: a hold refused with 491 leaves the call active, and a retry can hold it', () => {
    const after = run(s('connected'), [{ type: 'hold-requested' }, { type: 'hold-failed', reason: '491 Request Pending' }]);
    expect(after).toEqual(s('connected', 'active'));
    expect(isTalking(after!)).toBe(true);
    expect(run(after!, [{ type: 'hold-requested' }, { type: 'hold-confirmed' }])).toEqual(s('connected', 'held'));
  });
  it('glare on resume leaves the call on hold', () => {
    expect(run(s('connected', 'held'), [{ type: 'resume-requested' }, { type: 'resume-failed', reason: '491' }])).toEqual(
      s('connected', 'held'),
    );
  });
  it('a remote BYE during hold (ours or theirs) ends the call', () => {
    expect(run(s('connected', 'held'), [ended])?.phase).toBe('ended');
    expect(run(s('connected', 'holding'), [ended])?.phase).toBe('ended');
    expect(run(s('connected', 'active', true), [ended])?.phase).toBe('ended');
  });
  it('tracks hold by the far end separately from ours', () => {
    const held = run(s('connected', 'held'), [{ type: 'remote-hold', held: true }, { type: 'resume-requested' }, { type: 'resume-confirmed' }]);
    expect(held).toEqual(s('connected', 'active', true));
    expect(isTalking(held!)).toBe(false);
    expect(run(held!, [{ type: 'remote-hold', held: false }])).toEqual(s('connected'));
  });
  it('names the outcome of unanswered calls', () => {
    expect(outcomeForUnanswered('inbound', null, false)).toBe('missed');
    expect(outcomeForUnanswered('inbound', null, true)).toBe('declined');
    expect(outcomeForUnanswered('outbound', 486, false)).toBe('busy');
    expect(outcomeForUnanswered('outbound', 404, false)).toBe('failed');
    expect(outcomeForUnanswered('outbound', null, true)).toBe('cancelled');
  });
  it('explains refused re-INVITEs and says the call carries on', () => {
    expect(describeReinviteFailure('hold', 491, 'Request Pending')).toMatch(/same moment.*still active; try again/);
    expect(describeReinviteFailure('resume', 408, '')).toMatch(/no answer.*still on hold/);
    expect(describeReinviteFailure('hold', 488, 'Not Acceptable Here')).toBe('Hold failed: 488 Not Acceptable Here. The call is still active.');
  });
});
