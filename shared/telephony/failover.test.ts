import { describe, expect, it } from 'vitest';
import { closedCircuit, DEFAULT_CIRCUIT_POLICY, type CircuitState } from './circuit-breaker';
import {
  applyHealthCheck,
  chooseProvider,
  describeSwitch,
  FAILING_RECHECK_MS,
  healthCheckDelayMs,
  initialFailover,
  nextFailover,
  probeDueAt,
  providerLabels,
  type FailoverEvent,
  type FailoverState,
  type FailBackMode,
  type HealthCheckResult,
} from './failover';

const policy = DEFAULT_CIRCUIT_POLICY;
const prefs = { healthCheckIntervalMs: 30_000, healthCheckTimeoutMs: 3000, failBack: 'when-idle' as const, coolDownMs: 30_000 };

function run(s: FailoverState, ...events: FailoverEvent[]) {
  let state = s;
  const effects = [];
  for (const ev of events) {
    const step = nextFailover(state, ev);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects };
}

const down = (accountId: string, at: number, healthy: string[], reason = 'connection lost'): FailoverEvent => ({ type: 'provider-down', accountId, reason, at, healthy });

describe('health checks and the circuit', () => {
  it('an error answer is one failure; three in a row open the circuit', () => {
    let s: CircuitState = closedCircuit();
    for (let i = 1; i <= 2; i++) {
      s = applyHealthCheck(s, { kind: 'answered', status: 503 }, i, policy);
      expect(s).toMatchObject({ phase: 'closed', consecutiveFailures: i });
    }
    s = applyHealthCheck(s, { kind: 'answered', status: 408 }, 3, policy);
    expect(s).toMatchObject({ phase: 'open', openedAt: 3, lastFailure: 'OPTIONS answered 408' });
  });

  it('any other answer, even 404 or 405, says the server is alive and clears the failures', () => {
    for (const status of [200, 404, 405, 483]) {
      const failing = applyHealthCheck(closedCircuit(), { kind: 'answered', status: 500 }, 0, policy);
      expect(applyHealthCheck(failing, { kind: 'answered', status }, 1, policy)).toEqual(closedCircuit());
    }
  });

  it('a missed answer on an open connection and a lost connection open the circuit at once', () => {
    const cases: HealthCheckResult[] = [{ kind: 'timeout' }, { kind: 'transport-lost', detail: 'connection closed' }];
    for (const r of cases) {
      const s = applyHealthCheck(closedCircuit(), r, 42, policy);
      expect(s.phase).toBe('open');
      expect(s.openedAt).toBe(42);
    }
    expect(applyHealthCheck(closedCircuit(), { kind: 'timeout' }, 0, policy).lastFailure).toBe('no answer to OPTIONS within 3 s');
  });

  it('checks come quickly while a provider is failing, at the interval otherwise', () => {
    expect(healthCheckDelayMs(closedCircuit(), prefs)).toBe(30_000);
    const failing = applyHealthCheck(closedCircuit(), { kind: 'answered', status: 503 }, 0, policy);
    expect(healthCheckDelayMs(failing, prefs)).toBe(FAILING_RECHECK_MS);
    expect(healthCheckDelayMs(failing, { ...prefs, healthCheckIntervalMs: 500 })).toBe(500);
  });

  it('an open circuit is probed after the cool-down, or when a drill hold ends if that is later', () => {
    const open = applyHealthCheck(closedCircuit(), { kind: 'timeout' }, 1000, policy);
    expect(probeDueAt(open, policy, null)).toBe(31_000);
    expect(probeDueAt(open, policy, 61_000)).toBe(61_000);
    expect(probeDueAt(closedCircuit(), policy, null)).toBeNull();
  });
});

describe('choosing a provider', () => {
  it('takes the first healthy one in priority order, never the one that failed', () => {
    expect(chooseProvider(['a', 'b', 'c'], ['a', 'b', 'c'], 'a')).toBe('b');
    expect(chooseProvider(['a', 'b', 'c'], ['c'], 'a')).toBe('c');
    expect(chooseProvider(['a', 'b'], ['a'], 'a')).toBeNull();
  });
});

describe('the failover lifecycle', () => {
  it('moves registration to the next healthy provider at once and completes when it registers', () => {
    const start = initialFailover(['a', 'b', 'c'], 'when-idle');
    expect(start.active).toBe('a');
    const moving = run(start, down('a', 1000, ['b', 'c']));
    expect(moving.state.active).toBe('b');
    expect(moving.state.switching).toMatchObject({ from: 'a', to: 'b', startedAt: 1000, kind: 'failover' });
    expect(moving.effects).toEqual([{ type: 'activate', accountId: 'b' }]);

    const done = run(moving.state, { type: 'registered', accountId: 'b', at: 1023 });
    expect(done.state.switching).toBeNull();
    expect(done.effects).toEqual([
      { type: 'completed', record: { kind: 'failover', from: 'a', to: 'b', reason: 'connection lost', startedAt: 1000, completedAt: 1023, ms: 23 } },
      { type: 'retire', accountId: 'a' },
    ]);
  });

  it('ignores a provider that is not the active one going down, and a REGISTER from elsewhere', () => {
    const s = initialFailover(['a', 'b'], 'when-idle');
    expect(run(s, down('b', 1, ['a'])).effects).toEqual([]);
    expect(run(s, { type: 'registered', accountId: 'b', at: 1 }).state).toEqual(s);
  });

  it('when the provider it moves to fails too, goes on to the next and keeps the original start and origin', () => {
    const r = run(initialFailover(['a', 'b', 'c'], 'when-idle'), down('a', 1000, ['b', 'c']), down('b', 1200, ['c']), { type: 'registered', accountId: 'c', at: 1250 });
    expect(r.effects.filter((e) => e.type === 'activate')).toEqual([
      { type: 'activate', accountId: 'b' },
      { type: 'activate', accountId: 'c' },
    ]);
    expect(r.effects).toContainEqual({ type: 'completed', record: expect.objectContaining({ from: 'a', to: 'c', startedAt: 1000, ms: 250 }) });
  });

  it('stays where it is when no other provider is healthy, and says so', () => {
    const r = run(initialFailover(['a', 'b'], 'when-idle'), down('a', 1, []));
    expect(r.state.active).toBe('a');
    expect(r.effects).toEqual([{ type: 'no-provider', accountId: 'a', reason: 'connection lost' }]);
  });

  const failedOver = (mode: FailBackMode) =>
    run(initialFailover(['a', 'b'], mode), down('a', 0, ['b']), { type: 'registered', accountId: 'b', at: 20 }).state;

  it('fail-back immediate: back to the primary as soon as it answers, calls or not', () => {
    const r = run(failedOver('immediate'), { type: 'provider-healthy', accountId: 'a', at: 30_000, callsInProgress: true });
    expect(r.state.active).toBe('a');
    expect(r.state.switching).toMatchObject({ from: 'b', to: 'a', kind: 'fail-back' });
    expect(r.effects).toEqual([{ type: 'activate', accountId: 'a' }]);
  });

  it('fail-back when-idle: waits for the calls to end', () => {
    const waiting = run(failedOver('when-idle'), { type: 'provider-healthy', accountId: 'a', at: 30_000, callsInProgress: true });
    expect(waiting.state.active).toBe('b');
    expect(waiting.state.pendingFailBack).toEqual({ to: 'a', since: 30_000 });
    const back = run(waiting.state, { type: 'idle', at: 45_000 });
    expect(back.state.active).toBe('a');
    expect(back.effects).toEqual([{ type: 'activate', accountId: 'a' }]);
    // Idle with nothing pending does nothing; healthy while idle goes at once.
    expect(run(failedOver('when-idle'), { type: 'idle', at: 1 }).effects).toEqual([]);
    expect(run(failedOver('when-idle'), { type: 'provider-healthy', accountId: 'a', at: 1, callsInProgress: false }).state.active).toBe('a');
  });

  it('fail-back manual: offers the switch and moves only when the agent asks', () => {
    const offered = run(failedOver('manual'), { type: 'provider-healthy', accountId: 'a', at: 30_000, callsInProgress: false });
    expect(offered.state.active).toBe('b');
    expect(offered.effects).toEqual([{ type: 'offer-fail-back', accountId: 'a' }]);
    expect(run(offered.state, { type: 'idle', at: 31_000 }).effects).toEqual([]);
    const back = run(offered.state, { type: 'switch-back', at: 40_000 }, { type: 'registered', accountId: 'a', at: 40_015 });
    expect(back.state.active).toBe('a');
    expect(back.effects).toContainEqual({ type: 'completed', record: expect.objectContaining({ kind: 'fail-back', from: 'b', to: 'a', ms: 15, reason: 'switched back by the agent' }) });
    expect(back.effects).toContainEqual({ type: 'retire', accountId: 'b' });
  });

  it('a pending fail-back is dropped when that provider goes down again', () => {
    const offered = run(failedOver('manual'), { type: 'provider-healthy', accountId: 'a', at: 1, callsInProgress: false });
    const dropped = run(offered.state, down('a', 2, ['b']));
    expect(dropped.state.pendingFailBack).toBeNull();
    expect(run(dropped.state, { type: 'switch-back', at: 3 }).effects).toEqual([]);
  });

  it('a lower-priority provider answering again is no reason to move', () => {
    const s = run(initialFailover(['a', 'b', 'c'], 'immediate'), down('a', 0, ['b', 'c']), { type: 'registered', accountId: 'b', at: 1 }).state;
    expect(run(s, { type: 'provider-healthy', accountId: 'c', at: 2, callsInProgress: false }).effects).toEqual([]);
  });

  it('while not registered anywhere, a provider that answers is taken whatever the fail-back mode', () => {
    const stuck = run(initialFailover(['a', 'b'], 'manual'), down('a', 0, ['b']), down('b', 5, [])).state;
    expect(stuck.switching).not.toBeNull();
    const r = run(stuck, { type: 'provider-healthy', accountId: 'a', at: 30_000, callsInProgress: true });
    expect(r.state.active).toBe('a');
    expect(r.effects).toEqual([{ type: 'activate', accountId: 'a' }]);
  });

  it('a drill is recorded as a drill', () => {
    const r = run(initialFailover(['a', 'b'], 'when-idle'), { ...down('a', 0, ['b'], 'failover drill'), drill: true } as FailoverEvent, { type: 'registered', accountId: 'b', at: 31 });
    expect(r.effects).toContainEqual({ type: 'completed', record: expect.objectContaining({ kind: 'drill', ms: 31 }) });
  });
});

describe('words for the agent', () => {
  it('names providers by their label, and by server when two read the same', () => {
    const labels = providerLabels([
      { id: 'p', label: 'Alice', where: 'ws://127.0.0.1:4001' },
      { id: 's', label: 'Alice', where: 'wss://backup.example.com:8089/ws' },
      { id: 't', label: 'Twilio', where: 'https://x.twil.io/token' },
    ]);
    expect([...labels.values()]).toEqual(['Alice (127.0.0.1:4001)', 'Alice (backup.example.com:8089)', 'Twilio']);
  });

  it('says what happened and how long it took', () => {
    const label = (id: string) => ({ a: 'Telnyx', b: 'Twilio' })[id] ?? id;
    const r = { kind: 'failover' as const, from: 'a', to: 'b', reason: 'connection lost', startedAt: 0, completedAt: 23, ms: 23.4 };
    expect(describeSwitch(r, label)).toBe('Provider Telnyx stopped answering; you are now registered on Twilio (took 23 ms)');
    expect(describeSwitch({ ...r, kind: 'drill' }, label)).toBe('Failover drill: Telnyx marked down for 60 s; you are now registered on Twilio (took 23 ms)');
    expect(describeSwitch({ ...r, kind: 'fail-back', from: 'b', to: 'a', reason: 'answering again' }, label)).toBe('Back on Telnyx (answering again); you are no longer on Twilio (took 23 ms)');
  });
});
