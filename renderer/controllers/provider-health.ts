import {
  admit,
  closedCircuit,
  DEFAULT_CIRCUIT_POLICY,
  describeCircuit,
  isProviderFailure,
  recordFailure,
  recordSuccess,
  type CircuitPolicy,
  type CircuitState,
} from '../../shared/telephony/circuit-breaker';
import type { CallEvent } from '../../shared/telephony/call-state';
import { applyHealthCheck, openCircuit, type HealthCheckResult } from '../../shared/telephony/failover';
import type { Clock } from '../telephony/background-clock';

/**
 * One circuit breaker per provider account (shared/telephony/circuit-breaker.ts),
 * fed by the outcomes of normal outgoing calls: a 5xx or 408, no final answer
 * at all, or no response within the policy's timeout counts as a failure of the
 * provider; a provisional or final answer from the far end is a success.
 * The failover controller feeds it too: OPTIONS health checks, a lost
 * connection, a drill, and half-open probes; it listens for circuits that
 * open. Normal dialing asks `admitCall` first; emergency calls never do.
 */
const circuits = new Map<string, CircuitState>();
const watched = new Map<string, { accountId: string; cancelTimeout: () => void; settled: boolean }>();
const listeners = new Set<(accountId: string, now: CircuitState, before: CircuitState) => void>();
let clock: Clock | null = null;
let policy: CircuitPolicy = DEFAULT_CIRCUIT_POLICY;
/**
 * Which provider a normal call goes out on: call-actions names accounts[0],
 * the phone it reached before failover existed; while failed over the call
 * leaves on the active provider, so that provider's circuit decides and is scored.
 */
let carrier: (requested: { id: string; name: string }, callId?: string) => { id: string; name: string } = (r) => r;

export function configureProviderHealth(c: Clock, p: CircuitPolicy = DEFAULT_CIRCUIT_POLICY): void {
  clock = c;
  policy = p;
}

/** The cool-down follows settings.preferences.failover; the call timeout stays R1's 3 s. */
export function setCircuitPolicy(p: CircuitPolicy): void {
  policy = p;
}

export function circuitPolicy(): CircuitPolicy {
  return policy;
}

export function routeNormalCalls(fn: typeof carrier): void {
  carrier = fn;
}

const now = () => clock?.now() ?? Date.now();

export function circuitOf(accountId: string): CircuitState {
  return circuits.get(accountId) ?? closedCircuit();
}

/** Hears every change of any provider's circuit; returns the unsubscribe function. */
export function onCircuitChange(fn: (accountId: string, now: CircuitState, before: CircuitState) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function setCircuit(accountId: string, next: CircuitState): CircuitState {
  const before = circuitOf(accountId);
  circuits.set(accountId, next);
  if (next.phase !== before.phase || next.consecutiveFailures !== before.consecutiveFailures || next.probing !== before.probing) {
    for (const fn of listeners) fn(accountId, next, before);
  }
  return next;
}

/** Null when a normal call may go out on this provider; otherwise what to tell the agent. */
export function admitCall(accountId: string, providerName: string): string | null {
  const via = carrier({ id: accountId, name: providerName });
  const a = admit(circuitOf(via.id), now(), policy);
  setCircuit(via.id, a.state);
  if (a.allowed) return null;
  return `Calls through ${via.name} are paused: ${describeCircuit(a.state, now(), policy)}. Emergency numbers still dial.`;
}

/** Follow one normal outgoing call's first answer to score its provider. */
export function watchOutgoingCall(callId: string, accountId: string): void {
  const entry = { accountId: carrier({ id: accountId, name: '' }, callId).id, settled: false, cancelTimeout: () => undefined as void };
  if (clock) {
    entry.cancelTimeout = clock.after(policy.timeoutMs, () => settle(callId, false, `no response within ${policy.timeoutMs / 1000} s`));
  }
  watched.set(callId, entry);
}

export function noteCallEvent(callId: string, ev: CallEvent): void {
  if (!watched.has(callId)) return;
  if (ev.type === 'progress' || ev.type === 'accepted') settle(callId, true, '');
  else if (ev.type === 'ended') {
    const status = ev.sipStatus ?? null;
    const byFarEnd = ev.outcome === 'busy' || ev.outcome === 'declined' || ev.outcome === 'cancelled' || ev.outcome === 'answered';
    if (byFarEnd || !isProviderFailure(status)) settle(callId, true, '');
    else settle(callId, false, ev.reason || (status === null ? 'no response' : String(status)));
    watched.delete(callId);
  }
}

function settle(callId: string, success: boolean, reason: string): void {
  const w = watched.get(callId);
  if (!w || w.settled) return;
  w.settled = true;
  w.cancelTimeout();
  const s = circuitOf(w.accountId);
  setCircuit(w.accountId, success ? recordSuccess(s) : recordFailure(s, reason, now(), policy));
}

/** One OPTIONS health check (or half-open probe) of this provider. */
export function recordHealthCheck(accountId: string, r: HealthCheckResult): CircuitState {
  return setCircuit(accountId, applyHealthCheck(circuitOf(accountId), r, now(), policy));
}

/** The provider is down now (its connection closed, or a drill says so): the circuit opens without waiting for three failures. */
export function markProviderDown(accountId: string, reason: string): CircuitState {
  const s = circuitOf(accountId);
  return s.phase === 'open' ? s : setCircuit(accountId, openCircuit(s, reason, now()));
}

/** The provider accepted a REGISTER: it works. */
export function markProviderHealthy(accountId: string): CircuitState {
  const s = circuitOf(accountId);
  return s.phase === 'closed' && s.consecutiveFailures === 0 ? s : setCircuit(accountId, recordSuccess(s));
}

/** Let a half-open probe through once the cool-down is over; false while the circuit still holds. */
export function beginProbe(accountId: string): boolean {
  const a = admit(circuitOf(accountId), now(), policy);
  setCircuit(accountId, a.state);
  return a.allowed;
}

/** Forget every circuit (tests; settings replaced the accounts). */
export function resetProviderHealth(): void {
  for (const w of watched.values()) w.cancelTimeout();
  watched.clear();
  circuits.clear();
}
