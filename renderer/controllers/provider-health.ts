import {
  admit,
  closedCircuit,
  DEFAULT_CIRCUIT_POLICY,
  describeCircuit,
  isProviderFailure,
  recordFailure,
  recordSuccess,
  type CircuitState,
} from '../../shared/telephony/circuit-breaker';
import type { CallEvent } from '../../shared/telephony/call-state';
import type { Clock } from '../telephony/background-clock';

/**
 * One circuit breaker per provider account (shared/telephony/circuit-breaker.ts),
 * fed by the outcomes of normal outgoing calls: a 5xx or 408, no final answer
 * at all, or no response within the policy's timeout counts as a failure of the
 * provider; a provisional or final answer from the far end is a success.
 * Normal dialing asks `admitCall` first; emergency calls never do.
 */
const circuits = new Map<string, CircuitState>();
const watched = new Map<string, { accountId: string; cancelTimeout: () => void; settled: boolean }>();
let clock: Clock | null = null;

export function configureProviderHealth(c: Clock): void {
  clock = c;
}

const now = () => clock?.now() ?? Date.now();

export function circuitOf(accountId: string): CircuitState {
  return circuits.get(accountId) ?? closedCircuit();
}

/** Null when a normal call may go out on this provider; otherwise what to tell the agent. */
export function admitCall(accountId: string, providerName: string): string | null {
  const a = admit(circuitOf(accountId), now());
  circuits.set(accountId, a.state);
  if (a.allowed) return null;
  return `Calls through ${providerName} are paused: ${describeCircuit(a.state, now())}. Emergency numbers still dial.`;
}

/** Follow one normal outgoing call's first answer to score its provider. */
export function watchOutgoingCall(callId: string, accountId: string): void {
  const entry = { accountId, settled: false, cancelTimeout: () => undefined as void };
  if (clock) {
    entry.cancelTimeout = clock.after(DEFAULT_CIRCUIT_POLICY.timeoutMs, () => settle(callId, false, `no response within ${DEFAULT_CIRCUIT_POLICY.timeoutMs / 1000} s`));
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
  circuits.set(w.accountId, success ? recordSuccess(s) : recordFailure(s, reason, now()));
}
