import { describe, expect, it } from 'vitest';
import {
  admitCall,
  circuitOf,
  configureProviderHealth,
  markProviderDown,
  markProviderHealthy,
  noteCallEvent,
  onCircuitChange,
  recordHealthCheck,
  routeNormalCalls,
  watchOutgoingCall,
} from './provider-health';
import { manualClock } from '../test-support/manual-clock';


const failed503 = { type: 'ended', at: 0, outcome: 'failed', reason: '503 Service Unavailable', sipStatus: 503 } as const;

describe('provider health', () => {
  it('three 503s open the circuit and the refusal names the provider and that 911 still works', () => {
    const clock = manualClock();
    configureProviderHealth(clock);
    for (const id of ['c1', 'c2', 'c3']) {
      expect(admitCall('acct-a', 'Primary')).toBeNull();
      watchOutgoingCall(id, 'acct-a');
      noteCallEvent(id, failed503);
    }
    const refusal = admitCall('acct-a', 'Primary');
    expect(refusal).toContain('Primary');
    expect(refusal).toContain('Emergency numbers still dial');
    expect(circuitOf('acct-a').phase).toBe('open');
  });

  it('busy, declined and not-found are the far end, not the provider', () => {
    configureProviderHealth(manualClock());
    for (const [id, status, outcome] of [['b1', 486, 'busy'], ['b2', 603, 'declined'], ['b3', 404, 'failed']] as const) {
      watchOutgoingCall(id, 'acct-b');
      noteCallEvent(id, { type: 'ended', at: 0, outcome, reason: String(status), sipStatus: status });
    }
    expect(circuitOf('acct-b').consecutiveFailures).toBe(0);
    expect(admitCall('acct-b', 'B')).toBeNull();
  });

  it('no response within the timeout counts as a failure, once', () => {
    const clock = manualClock();
    configureProviderHealth(clock);
    watchOutgoingCall('t1', 'acct-c');
    clock.advance(3000);
    expect(circuitOf('acct-c').consecutiveFailures).toBe(1);
    noteCallEvent('t1', failed503);
    expect(circuitOf('acct-c').consecutiveFailures).toBe(1);
  });

  it('a provisional answer is a success and resets the count', () => {
    configureProviderHealth(manualClock());
    watchOutgoingCall('p1', 'acct-d');
    noteCallEvent('p1', failed503);
    watchOutgoingCall('p2', 'acct-d');
    noteCallEvent('p2', { type: 'progress' });
    expect(circuitOf('acct-d').consecutiveFailures).toBe(0);
  });

  it('health checks and a lost connection feed the same circuit, and listeners hear it open', () => {
    configureProviderHealth(manualClock());
    const opened: string[] = [];
    const off = onCircuitChange((id, now, before) => {
      if (now.phase === 'open' && before.phase !== 'open') opened.push(id);
    });
    recordHealthCheck('acct-e', { kind: 'answered', status: 503 });
    recordHealthCheck('acct-e', { kind: 'answered', status: 200 });
    expect(circuitOf('acct-e').consecutiveFailures).toBe(0);
    recordHealthCheck('acct-e', { kind: 'timeout' });
    markProviderDown('acct-f', 'connection closed');
    markProviderDown('acct-f', 'connection closed again');
    expect(opened).toEqual(['acct-e', 'acct-f']);
    expect(circuitOf('acct-f').lastFailure).toBe('connection closed');
    markProviderHealthy('acct-f');
    expect(circuitOf('acct-f').phase).toBe('closed');
    off();
  });

  it('a call the dialer names on the primary is admitted and scored on the provider that carries it', () => {
    const clock = manualClock();
    configureProviderHealth(clock);
    markProviderDown('acct-g', 'connection closed');
    routeNormalCalls((requested) => (requested.id === 'acct-g' ? { id: 'acct-h', name: 'Backup' } : requested));
    expect(admitCall('acct-g', 'Primary')).toBeNull();
    watchOutgoingCall('r1', 'acct-g');
    clock.advance(3000);
    expect(circuitOf('acct-h').consecutiveFailures).toBe(1);
    routeNormalCalls((r) => r);
    expect(admitCall('acct-g', 'Primary')).toMatch(/^Calls through Primary are paused/);
  });
});
