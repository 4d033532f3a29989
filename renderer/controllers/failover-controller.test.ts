import { beforeEach, describe, expect, it } from 'vitest';
import type { FailoverPreferences, HealthCheckResult } from '../../shared/telephony/failover';
import { useAppStore } from '../store/app-store';
import {
  activeProvider,
  callsSettled,
  configureFailover,
  failoverRegistration,
  healthChecked,
  resetFailover,
  runFailoverDrill,
  switchBack,
  type FailoverPort,
} from './failover-controller';
import { admitCall, circuitOf, configureProviderHealth, resetProviderHealth } from './provider-health';
import { manualClock } from '../test-support/manual-clock';


type Fake = {
  clock: ReturnType<typeof manualClock>;
  activated: string[];
  retired: string[];
  probes: Array<{ id: string; answer: (r: HealthCheckResult) => void }>;
  calls: boolean;
};

let fake: Fake;
const port: FailoverPort = {
  clock: { now: () => fake.clock.now(), after: (ms, fn) => fake.clock.after(ms, fn) },
  activate: (id) => fake.activated.push(id),
  retire: (id) => fake.retired.push(id),
  callsInProgress: () => fake.calls,
  probe: (id) => new Promise((answer) => fake.probes.push({ id, answer })),
  log: () => undefined,
};
configureFailover(port);

const PROVIDERS = [
  { id: 'a', label: 'Telnyx' },
  { id: 'b', label: 'Twilio' },
];
const prefs = (p: Partial<FailoverPreferences> = {}): FailoverPreferences => ({ healthCheckIntervalMs: 30_000, healthCheckTimeoutMs: 3000, failBack: 'when-idle', coolDownMs: 30_000, ...p });
const registered = (at = 0) => ({ type: 'registered' as const, at, expiresSec: 600 });
const lost = { type: 'failed' as const, failure: 'unreachable' as const, detail: 'cannot reach the WebSocket server', retryAt: null };
const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  fake = { clock: manualClock(1_000_000), activated: [], retired: [], probes: [], calls: false };
  configureProviderHealth(port.clock);
  resetProviderHealth();
  useAppStore.setState({ notices: [] });
});

/** Registered on a, then a's connection closes and b registers 25 ms later. */
function failOver(p = prefs()) {
  resetFailover(PROVIDERS, p);
  failoverRegistration('a', registered());
  failoverRegistration('a', lost);
  fake.clock.advance(25);
  failoverRegistration('b', registered());
}

describe('failover controller', () => {
  it('a lost connection moves registration to the next provider at once, tells the agent and retires the old phone', () => {
    resetFailover(PROVIDERS, prefs());
    failoverRegistration('a', registered());
    failoverRegistration('a', lost);
    expect(fake.activated).toEqual(['b']);
    expect(activeProvider()).toBe('b');
    expect(circuitOf('a').phase).toBe('open');
    expect(useAppStore.getState().failover.switching).toMatchObject({ from: 'a', to: 'b' });
    expect(fake.retired).toEqual([]); // not before b has us registered

    fake.clock.advance(25);
    failoverRegistration('b', registered());
    const s = useAppStore.getState();
    expect(s.failover.switching).toBeNull();
    expect(s.failover.records[0]).toMatchObject({ kind: 'failover', from: 'a', to: 'b', ms: 25 });
    expect(s.notices.map((n) => n.message)).toContain('Provider Telnyx stopped answering; you are now registered on Twilio (took 25 ms)');
    expect(fake.retired).toEqual(['a']);
  });

  it('normal calls go out on the active provider: the primary being down does not refuse them', () => {
    failOver();
    expect(admitCall('a', 'Telnyx')).toBeNull();
  });

  it('one missed OPTIONS answer on the active provider is enough; an error answer needs three', () => {
    resetFailover(PROVIDERS, prefs());
    failoverRegistration('a', registered());
    healthChecked('a', { kind: 'answered', status: 503 });
    healthChecked('a', { kind: 'answered', status: 503 });
    expect(fake.activated).toEqual([]);
    healthChecked('a', { kind: 'answered', status: 503 });
    expect(fake.activated).toEqual(['b']);

    fake.activated = [];
    resetProviderHealth();
    resetFailover(PROVIDERS, prefs());
    healthChecked('a', { kind: 'timeout' });
    expect(fake.activated).toEqual(['b']);
  });

  it('health checks of a provider we are not on count for nothing', () => {
    failOver();
    healthChecked('a', { kind: 'answered', status: 200 });
    expect(circuitOf('a').phase).toBe('open');
  });

  it('with one provider nothing moves: its phone reconnects by itself as before', () => {
    resetFailover([PROVIDERS[0]!], prefs());
    failoverRegistration('a', lost);
    healthChecked('a', { kind: 'timeout' });
    expect(fake.activated).toEqual([]);
    expect(circuitOf('a').phase).toBe('closed');
  });

  it('probes the primary after the cool-down and, when idle, goes back to it', async () => {
    failOver();
    fake.clock.advance(29_000);
    expect(fake.probes).toEqual([]);
    fake.clock.advance(1_000);
    expect(fake.probes.map((p) => p.id)).toEqual(['a']);
    expect(circuitOf('a').phase).toBe('half-open');
    fake.probes[0]!.answer({ kind: 'answered', status: 200 });
    await flush();
    expect(circuitOf('a').phase).toBe('closed');
    expect(fake.activated).toEqual(['b', 'a']);
    failoverRegistration('a', registered());
    expect(useAppStore.getState().failover.records[0]).toMatchObject({ kind: 'fail-back', from: 'b', to: 'a' });
    expect(fake.retired).toEqual(['a', 'b']);
  });

  it('a failed probe opens the circuit again and probes again after another cool-down', async () => {
    failOver();
    fake.clock.advance(30_000);
    fake.probes[0]!.answer({ kind: 'transport-lost', detail: 'connection refused' });
    await flush();
    expect(circuitOf('a').phase).toBe('open');
    fake.clock.advance(30_000);
    expect(fake.probes.map((p) => p.id)).toEqual(['a', 'a']);
  });

  it('when-idle waits for the calls to end; manual waits for the agent', async () => {
    failOver();
    fake.calls = true;
    fake.clock.advance(30_000);
    fake.probes[0]!.answer({ kind: 'answered', status: 200 });
    await flush();
    expect(fake.activated).toEqual(['b']);
    fake.calls = false;
    callsSettled();
    expect(fake.activated).toEqual(['b', 'a']);

    fake.activated = [];
    fake.probes = [];
    resetProviderHealth();
    failOver(prefs({ failBack: 'manual' }));
    fake.clock.advance(30_000);
    fake.probes[0]!.answer({ kind: 'answered', status: 200 });
    await flush();
    expect(useAppStore.getState().failover.failBackOffer).toBe('a');
    callsSettled();
    expect(fake.activated).toEqual(['b']);
    switchBack();
    expect(fake.activated).toEqual(['b', 'a']);
    expect(useAppStore.getState().failover.failBackOffer).toBeNull();
  });

  it('the drill marks the primary down for a minute and shows the time to register elsewhere', async () => {
    resetFailover(PROVIDERS, prefs({ failBack: 'immediate' }));
    failoverRegistration('a', registered());
    expect(runFailoverDrill()).toEqual({ ok: true });
    expect(fake.activated).toEqual(['b']);
    fake.clock.advance(18);
    failoverRegistration('b', registered());
    const drill = useAppStore.getState().failover.drill;
    expect(drill?.result).toEqual({ ms: 18, to: 'b' });
    expect(useAppStore.getState().failover.records[0]?.kind).toBe('drill');
    // Not after the 30 s cool-down: the drill holds the primary down for 60 s.
    fake.clock.advance(40_000);
    expect(fake.probes).toEqual([]);
    fake.clock.advance(20_000);
    expect(fake.probes.map((p) => p.id)).toEqual(['a']);
    fake.probes[0]!.answer({ kind: 'answered', status: 200 });
    await flush();
    expect(fake.activated).toEqual(['b', 'a']);
  });

  it('refuses a drill that cannot measure anything', () => {
    resetFailover([PROVIDERS[0]!], prefs());
    expect(runFailoverDrill()).toMatchObject({ ok: false });
    failOver();
    expect(runFailoverDrill()).toEqual({ ok: false, reason: 'Registration is not on Telnyx right now' });
  });
});
