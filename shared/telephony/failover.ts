/**
 * Failover between providers (issue #9, seed R1 and R20), as pure policy: how
 * a health check moves a provider's circuit, which provider to register on,
 * and the failover lifecycle as one transition function that returns its
 * side effects as data. Accounts in settings order are the providers in
 * priority order: the first is the primary. No timers, no I/O: time comes in
 * with the events.
 */
import { recordFailure, recordSuccess, type CircuitPolicy, type CircuitState } from './circuit-breaker';
import { assertNever } from './registration-state';

export type FailBackMode = 'immediate' | 'when-idle' | 'manual';

/** settings.preferences.failover (shared/settings/schema.ts holds the schema and the defaults). */
export type FailoverPreferences = {
  healthCheckIntervalMs: number;
  healthCheckTimeoutMs: number;
  failBack: FailBackMode;
  coolDownMs: number;
};

/**
 * After an error answer (5xx, 408) the next check follows after this long,
 * not after the full interval: three consecutive failures open the circuit
 * (R1), and three rounds of 30 s would leave agents on a failing provider for
 * a minute and a half.
 */
export const FAILING_RECHECK_MS = 1000;

/** How long the admin's failover drill (R20) keeps the primary marked down. */
export const DRILL_HOLD_MS = 60_000;

/** One OPTIONS health check's outcome. */
export type HealthCheckResult =
  /** Any SIP answer: the server is alive, though a 5xx or 408 says it is failing. */
  | { kind: 'answered'; status: number }
  /** No answer within the timeout while the connection stayed open: a hung server. */
  | { kind: 'timeout' }
  /** The connection closed or could not be opened: the server is gone. */
  | { kind: 'transport-lost'; detail: string };

/** A phone's health check: its cadence and who hears each outcome (the failover controller). */
export type HealthCheckOptions = {
  intervalMs: number;
  timeoutMs: number;
  /** After an error answer (5xx, 408) the next check follows after this long instead of the interval. */
  failingRecheckMs: number;
  onResult?: (r: HealthCheckResult) => void;
};

/** A phone adapter that can run the health check (sip.js: OPTIONS to the registrar); others report only registration. */
export type HealthCheckedPhone = { configureHealthCheck(options: HealthCheckOptions): void };

export function hasHealthCheck<P extends object>(p: P): p is P & HealthCheckedPhone {
  return typeof (p as Partial<HealthCheckedPhone>).configureHealthCheck === 'function';
}

export function circuitPolicyOf(p: FailoverPreferences): CircuitPolicy {
  return { failureThreshold: 3, timeoutMs: p.healthCheckTimeoutMs, coolDownMs: p.coolDownMs };
}

/** Open now, whatever the count: for failures that will not fix themselves in the next rounds. */
export function openCircuit(s: CircuitState, reason: string, now: number): CircuitState {
  return { phase: 'open', consecutiveFailures: s.consecutiveFailures + 1, openedAt: now, lastFailure: reason, probing: false };
}

/**
 * Where a health check leaves the provider's circuit. An error answer is one
 * failure of the three that open it. A closed connection opens it at once:
 * there is nothing to wait three rounds for. A missed answer on an open
 * connection opens it at once too: the signalling runs over TCP (WebSocket),
 * which loses nothing, so a request that went unanswered for the whole
 * timeout was not dropped on the way, the server did not process it; three
 * more rounds would keep agents unreachable for 3 x (interval + timeout) and
 * miss R20's "failover within 3 seconds".
 */
export function applyHealthCheck(s: CircuitState, r: HealthCheckResult, now: number, p: CircuitPolicy): CircuitState {
  switch (r.kind) {
    case 'answered':
      return r.status === 408 || (r.status >= 500 && r.status < 600) ? recordFailure(s, `OPTIONS answered ${r.status}`, now, p) : recordSuccess(s);
    case 'timeout':
      return openCircuit(s, `no answer to OPTIONS within ${formatSeconds(p.timeoutMs)}`, now);
    case 'transport-lost':
      return openCircuit(s, r.detail || 'connection lost', now);
    default:
      return assertNever(r);
  }
}

/** Delay to the next health check of the active provider: short while it is failing. */
export function healthCheckDelayMs(s: CircuitState, p: FailoverPreferences): number {
  return s.phase === 'closed' && s.consecutiveFailures > 0 ? Math.min(p.healthCheckIntervalMs, FAILING_RECHECK_MS) : p.healthCheckIntervalMs;
}

/** When an open circuit gets its half-open probe: after the cool-down, or when a drill's hold ends. */
export function probeDueAt(s: CircuitState, p: CircuitPolicy, heldDownUntil: number | null): number | null {
  if (s.phase !== 'open') return null;
  return Math.max((s.openedAt ?? 0) + p.coolDownMs, heldDownUntil ?? 0);
}

/** The first provider in priority order that is healthy, leaving out `except`; null when none is. */
export function chooseProvider(order: readonly string[], healthy: readonly string[], except: string | null): string | null {
  return order.find((id) => id !== except && healthy.includes(id)) ?? null;
}

// ---- the failover lifecycle ----

export type SwitchKind = 'failover' | 'fail-back' | 'drill';

export type SwitchInProgress = { from: string | null; to: string; startedAt: number; reason: string; kind: SwitchKind };

export type FailoverRecord = {
  kind: SwitchKind;
  from: string;
  to: string;
  reason: string;
  /** When the fault was detected (or the switch was asked for), epoch ms. */
  startedAt: number;
  /** When the new provider accepted our REGISTER. */
  completedAt: number;
  ms: number;
};

export type FailoverState = {
  /** Account ids, primary first. */
  order: readonly string[];
  failBack: FailBackMode;
  /** Where registration is, or is being moved to: new calls go out here. Null without accounts. */
  active: string | null;
  /** Set from the moment a move starts until the new provider registers us. */
  switching: SwitchInProgress | null;
  /** A provider above the active one is healthy again and waits for the calls to end (when-idle) or for the agent (manual). */
  pendingFailBack: { to: string; since: number } | null;
};

export type FailoverEvent =
  /** The provider's circuit opened (health check, transport, call outcomes) or a drill marked it down. `healthy`: closed circuits now. */
  | { type: 'provider-down'; accountId: string; reason: string; at: number; healthy: readonly string[]; drill?: boolean }
  /** The provider accepted a REGISTER from its phone. */
  | { type: 'registered'; accountId: string; at: number }
  /** A half-open probe of a provider that was down got an answer. */
  | { type: 'provider-healthy'; accountId: string; at: number; callsInProgress: boolean }
  /** The last call in progress ended. */
  | { type: 'idle'; at: number }
  /** The agent pressed "Switch back". */
  | { type: 'switch-back'; at: number };

export type FailoverEffect =
  /** Start (or reuse) the phone on this provider and register it. */
  | { type: 'activate'; accountId: string }
  /** A move finished: log it and tell the agent. */
  | { type: 'completed'; record: FailoverRecord }
  /** This provider's phone is no longer needed: stop it once its calls have ended. */
  | { type: 'retire'; accountId: string }
  /** Show "Switch back to <provider>" (fail-back mode manual). */
  | { type: 'offer-fail-back'; accountId: string }
  /** The active provider is down and no other is healthy: stay, its phone keeps reconnecting. */
  | { type: 'no-provider'; accountId: string; reason: string };

export function initialFailover(order: readonly string[], failBack: FailBackMode): FailoverState {
  return { order: [...order], failBack, active: order[0] ?? null, switching: null, pendingFailBack: null };
}

/** Priority of a provider: 0 for the primary; unknown ids rank last. */
function rank(s: FailoverState, id: string | null): number {
  const i = id === null ? -1 : s.order.indexOf(id);
  return i < 0 ? Number.POSITIVE_INFINITY : i;
}

type Step = { state: FailoverState; effects: FailoverEffect[] };

function moveTo(s: FailoverState, to: string, at: number, reason: string, kind: SwitchKind): Step {
  // A move that replaces an unfinished one keeps its origin and start: the agent was away from `from` all along.
  const switching: SwitchInProgress = s.switching
    ? { ...s.switching, to, kind: s.switching.kind === 'drill' ? 'drill' : kind }
    : { from: s.active, to, startedAt: at, reason, kind };
  return { state: { ...s, active: to, switching, pendingFailBack: null }, effects: [{ type: 'activate', accountId: to }] };
}

/** The one transition function of the failover lifecycle (style rule 5). */
export function nextFailover(s: FailoverState, ev: FailoverEvent): Step {
  const unchanged: Step = { state: s, effects: [] };
  switch (ev.type) {
    case 'provider-down': {
      const base = s.pendingFailBack?.to === ev.accountId ? { ...s, pendingFailBack: null } : s;
      if (ev.accountId !== s.active) return { state: base, effects: [] };
      const next = chooseProvider(s.order, ev.healthy, ev.accountId);
      if (!next) return { state: base, effects: [{ type: 'no-provider', accountId: ev.accountId, reason: ev.reason }] };
      return moveTo(base, next, ev.at, ev.reason, ev.drill ? 'drill' : 'failover');
    }
    case 'registered': {
      if (ev.accountId !== s.active || !s.switching) return unchanged;
      const sw = s.switching;
      const effects: FailoverEffect[] = [];
      if (sw.from !== null && sw.from !== ev.accountId) {
        effects.push({ type: 'completed', record: { kind: sw.kind, from: sw.from, to: ev.accountId, reason: sw.reason, startedAt: sw.startedAt, completedAt: ev.at, ms: Math.max(0, ev.at - sw.startedAt) } });
        effects.push({ type: 'retire', accountId: sw.from });
      }
      return { state: { ...s, switching: null }, effects };
    }
    case 'provider-healthy': {
      if (rank(s, ev.accountId) >= rank(s, s.active)) return unchanged;
      const reason = 'answering again';
      // Not registered where we are: any provider that answers is better than waiting.
      if (s.switching) return moveTo(s, ev.accountId, ev.at, reason, 'fail-back');
      const better = s.pendingFailBack && rank(s, s.pendingFailBack.to) <= rank(s, ev.accountId) ? s.pendingFailBack : { to: ev.accountId, since: ev.at };
      switch (s.failBack) {
        case 'immediate':
          return moveTo(s, ev.accountId, ev.at, reason, 'fail-back');
        case 'when-idle':
          return ev.callsInProgress ? { state: { ...s, pendingFailBack: better }, effects: [] } : moveTo(s, ev.accountId, ev.at, reason, 'fail-back');
        case 'manual':
          return { state: { ...s, pendingFailBack: better }, effects: [{ type: 'offer-fail-back', accountId: better.to }] };
        default:
          return assertNever(s.failBack);
      }
    }
    case 'idle':
      if (s.failBack !== 'when-idle' || !s.pendingFailBack || s.switching) return unchanged;
      return moveTo(s, s.pendingFailBack.to, ev.at, 'answering again', 'fail-back');
    case 'switch-back':
      if (!s.pendingFailBack) return unchanged;
      return moveTo(s, s.pendingFailBack.to, ev.at, 'switched back by the agent', 'fail-back');
    default:
      return assertNever(ev);
  }
}

// ---- words for the agent ----

/**
 * Provider names for the UI from each account's own label (display name or
 * domain); when two would read the same (one user on two trunks of one
 * domain), the host of its server (`where`: a ws:// or https:// URL) tells them apart.
 */
export function providerLabels(accounts: readonly { id: string; label: string; where: string }[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const a of accounts) {
    const clash = accounts.some((b) => b.id !== a.id && b.label === a.label);
    labels.set(a.id, clash ? `${a.label} (${hostOf(a.where)})` : a.label);
  }
  return labels;
}

function hostOf(url: string): string {
  return /^[a-z]+:\/\/([^/\s?#]+)/i.exec(url)?.[1] ?? url;
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** The notice after a move, e.g. "Provider A stopped answering; you are now registered on B (took 23 ms)". */
export function describeSwitch(r: FailoverRecord, label: (id: string) => string): string {
  const took = `took ${Math.round(r.ms)} ms`;
  switch (r.kind) {
    case 'failover':
      return `Provider ${label(r.from)} stopped answering; you are now registered on ${label(r.to)} (${took})`;
    case 'drill':
      return `Failover drill: ${label(r.from)} marked down for ${formatSeconds(DRILL_HOLD_MS)}; you are now registered on ${label(r.to)} (${took})`;
    case 'fail-back':
      return `Back on ${label(r.to)} (${r.reason}); you are no longer on ${label(r.from)} (${took})`;
    default:
      return assertNever(r.kind);
  }
}
