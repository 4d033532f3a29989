import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './backoff';
import { nextCallPhase, outcomeForUnanswered, type CallPhase } from './call-state';
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
  const run = (start: CallPhase, types: ('progress' | 'answer' | 'accepted' | 'ended')[]) =>
    types.reduce<CallPhase | null>((p, type) => {
      if (p === null) return null;
      const ev =
        type === 'accepted'
          ? { type, at: 1 }
          : type === 'ended'
            ? { type, at: 2, outcome: 'answered' as const, reason: '' }
            : { type };
      return nextCallPhase(p, ev);
    }, start);
  it('follows outbound and inbound happy paths', () => {
    expect(run('dialing', ['progress', 'accepted', 'ended'])).toBe('ended');
    expect(run('ringing-in', ['answer', 'accepted', 'ended'])).toBe('ended');
  });
  it('refuses illegal moves', () => {
    expect(run('connected', ['answer'])).toBeNull();
    expect(run('ended', ['accepted'])).toBeNull();
    expect(run('dialing', ['answer'])).toBeNull();
  });
  it('names the outcome of unanswered calls', () => {
    expect(outcomeForUnanswered('inbound', null, false)).toBe('missed');
    expect(outcomeForUnanswered('inbound', null, true)).toBe('declined');
    expect(outcomeForUnanswered('outbound', 486, false)).toBe('busy');
    expect(outcomeForUnanswered('outbound', 404, false)).toBe('failed');
    expect(outcomeForUnanswered('outbound', null, true)).toBe('cancelled');
  });
});
