import { describe, expect, it } from 'vitest';
import { admit, closedCircuit, describeCircuit, isProviderFailure, recordFailure, recordSuccess, type CircuitPolicy } from './circuit-breaker';

const P: CircuitPolicy = { failureThreshold: 3, timeoutMs: 3000, coolDownMs: 10_000 };

describe('circuit breaker', () => {
  it('opens after three consecutive failures, not before', () => {
    let s = closedCircuit();
    s = recordFailure(s, '503', 0, P);
    s = recordFailure(s, '503', 1, P);
    expect(s.phase).toBe('closed');
    expect(admit(s, 2, P).allowed).toBe(true);
    s = recordFailure(s, '503 Service Unavailable', 2, P);
    expect(s.phase).toBe('open');
    const a = admit(s, 5_002, P);
    expect(a.allowed).toBe(false);
    expect(a.retryInMs).toBe(5_000);
    expect(describeCircuit(s, 5_002, P)).toContain('503 Service Unavailable');
  });

  it('a success in between resets the count', () => {
    let s = recordFailure(recordFailure(closedCircuit(), 'x', 0, P), 'x', 1, P);
    s = recordSuccess(s);
    s = recordFailure(s, 'x', 2, P);
    expect(s.phase).toBe('closed');
    expect(s.consecutiveFailures).toBe(1);
  });

  it('lets one probe through after the cool-down; its failure reopens, its success closes', () => {
    let s = closedCircuit();
    for (let i = 0; i < 3; i++) s = recordFailure(s, 'x', 0, P);
    const probe = admit(s, 10_000, P);
    expect(probe.allowed).toBe(true);
    expect(probe.state.phase).toBe('half-open');
    expect(admit(probe.state, 10_001, P).allowed).toBe(false);
    const reopened = recordFailure(probe.state, 'timeout', 10_500, P);
    expect(reopened.phase).toBe('open');
    expect(reopened.openedAt).toBe(10_500);
    expect(recordSuccess(probe.state).phase).toBe('closed');
  });

  it.each([
    [null, true],
    [408, true],
    [500, true],
    [503, true],
    [486, false],
    [404, false],
    [603, false],
    [487, false],
  ])('status %s is a provider failure: %s', (status, expected) => {
    expect(isProviderFailure(status)).toBe(expected);
  });
});
