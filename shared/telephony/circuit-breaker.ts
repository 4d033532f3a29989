/**
 * A circuit breaker per provider (seed R1): after `failureThreshold`
 * consecutive failures (a timeout counts as one) the circuit opens and normal
 * calls stop going to that provider; after `coolDownMs` one probe is let
 * through (half-open); its success closes the circuit, its failure opens it
 * again. Emergency calls never ask the breaker (shared/e911): they try every
 * provider whatever its state. Pure: time comes in as an argument.
 */
export type CircuitPhase = 'closed' | 'open' | 'half-open';

export type CircuitState = {
  phase: CircuitPhase;
  consecutiveFailures: number;
  /** When the circuit last opened (ms); null while closed. */
  openedAt: number | null;
  /** The last failure's reason, for the diagnosis panel and the refusal message. */
  lastFailure: string | null;
  /** A half-open probe is in flight: further calls wait for its verdict. */
  probing: boolean;
};

export type CircuitPolicy = {
  failureThreshold: number;
  /** No final answer within this long counts as a failure (seed R1: 3 s). */
  timeoutMs: number;
  coolDownMs: number;
};

export const DEFAULT_CIRCUIT_POLICY: CircuitPolicy = { failureThreshold: 3, timeoutMs: 3000, coolDownMs: 30_000 };

export const closedCircuit = (): CircuitState => ({ phase: 'closed', consecutiveFailures: 0, openedAt: null, lastFailure: null, probing: false });

/** Whether a normal (non-emergency) request may go to this provider now; a half-open circuit lets one probe through. */
export function admit(s: CircuitState, now: number, p: CircuitPolicy = DEFAULT_CIRCUIT_POLICY): { allowed: boolean; state: CircuitState; retryInMs: number } {
  if (s.phase === 'closed') return { allowed: true, state: s, retryInMs: 0 };
  const elapsed = now - (s.openedAt ?? now);
  if (s.phase === 'open' && elapsed >= p.coolDownMs) return { allowed: true, state: { ...s, phase: 'half-open', probing: true }, retryInMs: 0 };
  if (s.phase === 'half-open' && !s.probing) return { allowed: true, state: { ...s, probing: true }, retryInMs: 0 };
  return { allowed: false, state: s, retryInMs: Math.max(0, p.coolDownMs - elapsed) };
}

export function recordSuccess(_s: CircuitState): CircuitState {
  return closedCircuit();
}

export function recordFailure(s: CircuitState, reason: string, now: number, p: CircuitPolicy = DEFAULT_CIRCUIT_POLICY): CircuitState {
  const failures = s.consecutiveFailures + 1;
  if (s.phase === 'half-open' || failures >= p.failureThreshold) {
    return { phase: 'open', consecutiveFailures: failures, openedAt: now, lastFailure: reason, probing: false };
  }
  return { ...s, consecutiveFailures: failures, lastFailure: reason };
}

/**
 * Which final outcomes of a call attempt say the provider failed, as opposed
 * to the callee (busy, declined, not found): 5xx other than 580-ish media
 * preconditions, 408 and transport loss. A 503 is the classic overloaded or
 * down trunk; 486/603/404 are the far end and must not trip the breaker.
 */
export function isProviderFailure(status: number | null): boolean {
  if (status === null) return true; // no response at all: transport or timeout
  return status === 408 || (status >= 500 && status < 600);
}

export function describeCircuit(s: CircuitState, now: number, p: CircuitPolicy = DEFAULT_CIRCUIT_POLICY): string {
  if (s.phase === 'closed') return s.consecutiveFailures === 0 ? 'healthy' : `${s.consecutiveFailures} recent failure(s)`;
  if (s.phase === 'half-open') return 'probing after failures';
  const wait = Math.ceil(Math.max(0, p.coolDownMs - (now - (s.openedAt ?? now))) / 1000);
  return `paused after ${s.consecutiveFailures} failures (${s.lastFailure ?? 'unknown'}); next try in ${wait} s`;
}
