import type { RegistrationEvent } from '../../shared/telephony/registration-state';
import {
  circuitPolicyOf,
  describeSwitch,
  DRILL_HOLD_MS,
  FAILING_RECHECK_MS,
  initialFailover,
  nextFailover,
  probeDueAt,
  type FailoverEffect,
  type FailoverEvent,
  type FailoverPreferences,
  type FailoverState,
  type HealthCheckOptions,
  type HealthCheckResult,
} from '../../shared/telephony/failover';
import type { Clock } from '../telephony/background-clock';
import { useAppStore } from '../store/app-store';
import {
  beginProbe,
  circuitOf,
  circuitPolicy,
  markProviderDown,
  markProviderHealthy,
  onCircuitChange,
  recordHealthCheck,
  routeNormalCalls,
  setCircuitPolicy,
} from './provider-health';

/**
 * Automatic failover between providers (issue #9). Accounts in settings order
 * are providers in priority order. The active provider's phone runs the
 * OPTIONS health check; its results, a lost connection and call outcomes all
 * land in the provider's circuit (provider-health); when that circuit opens,
 * registration moves at once to the first healthy provider below it. Calls in
 * progress stay on the phone that carries them (phone-router) until they end.
 * A provider that was down gets a half-open probe after the cool-down; when it
 * answers, registration goes back to it as settings.preferences.failover.failBack says.
 * The policy is shared/telephony/failover.ts; this module runs its effects.
 */
export type FailoverPort = {
  clock: Clock;
  /** Start (or reuse) this provider's phone and register it; report its registration through `failoverRegistration`. */
  activate(accountId: string): void;
  /** The provider's phone is no longer the active one: stop it once its calls have ended. */
  retire(accountId: string): void;
  /** Any call that is not over yet, on any phone. */
  callsInProgress(): boolean;
  /** One OPTIONS round trip to the provider's registrar from a throwaway connection; null when it cannot be probed. */
  probe(accountId: string, timeoutMs: number): Promise<HealthCheckResult> | null;
  log(level: 'info' | 'warn' | 'error', message: string): void;
};

export type Provider = { id: string; label: string };

export const DEFAULT_FAILOVER_PREFERENCES: FailoverPreferences = { healthCheckIntervalMs: 30_000, healthCheckTimeoutMs: 3000, failBack: 'when-idle', coolDownMs: 30_000 };

let port: FailoverPort | null = null;
let providers: Provider[] = [];
let prefs: FailoverPreferences = DEFAULT_FAILOVER_PREFERENCES;
let state: FailoverState = initialFailover([], prefs.failBack);
const heldDown = new Map<string, number>();
const probes = new Map<string, () => void>();
let drillOf: string | null = null;
const queue: FailoverEvent[] = [];
let draining = false;
const store = () => useAppStore.getState();
const now = () => port?.clock.now() ?? Date.now();

let unsubscribe: (() => void) | null = null;

export function configureFailover(p: FailoverPort): void {
  port = p;
  unsubscribe?.();
  unsubscribe = onCircuitChange((accountId, circuit, before) => {
    if (!providers.some((x) => x.id === accountId)) return;
    if (circuit.phase === 'open' && before.phase !== 'open') {
      const drill = drillOf === accountId;
      dispatch({ type: 'provider-down', accountId, reason: circuit.lastFailure ?? 'failing', at: now(), healthy: healthyProviders(), drill });
      scheduleProbe(accountId);
    }
    publish();
  });
  routeNormalCalls((requested) => {
    const active = state.active;
    return active ? { id: active, name: providerLabel(active) } : requested;
  });
}

/** New accounts (or a fresh start): registration goes to the primary; returns its id, null without accounts. */
export function resetFailover(list: Provider[], p: FailoverPreferences): string | null {
  for (const cancel of probes.values()) cancel();
  probes.clear();
  heldDown.clear();
  drillOf = null;
  queue.length = 0;
  providers = list;
  setFailoverPreferences(p);
  state = initialFailover(list.map((x) => x.id), p.failBack);
  store().failoverChanged({ drill: null, failBackOffer: null });
  publish();
  return state.active;
}

export function setFailoverPreferences(p: FailoverPreferences): void {
  prefs = p;
  state = { ...state, failBack: p.failBack };
  setCircuitPolicy({ ...circuitPolicy(), coolDownMs: p.coolDownMs });
}

/** What each phone's OPTIONS keep-alive runs with; results count only for the active provider. */
export function healthCheckOptions(accountId: string): HealthCheckOptions {
  return {
    intervalMs: prefs.healthCheckIntervalMs,
    timeoutMs: prefs.healthCheckTimeoutMs,
    failingRecheckMs: FAILING_RECHECK_MS,
    onResult: (r) => healthChecked(accountId, r),
  };
}

export function activeProvider(): string | null {
  return state.active;
}

export function providerLabel(id: string): string {
  return providers.find((p) => p.id === id)?.label ?? id;
}

/** A phone's registration event; only the active provider's phone counts. */
export function failoverRegistration(accountId: string, ev: RegistrationEvent): void {
  if (accountId !== state.active) return;
  if (ev.type === 'registered') {
    markProviderHealthy(accountId);
    dispatch({ type: 'registered', accountId, at: now() });
  } else if (ev.type === 'failed' && (ev.failure === 'unreachable' || ev.failure === 'timeout') && providers.length > 1) {
    // The connection closed (server killed, network gone) or the registrar cannot serve us: no point waiting three rounds.
    markProviderDown(accountId, `${ev.detail || 'connection lost'}`);
  }
  publish();
}

export function healthChecked(accountId: string, r: HealthCheckResult): void {
  if (accountId !== state.active || providers.length < 2) return;
  recordHealthCheck(accountId, r);
  publish();
}

/** The last call in progress ended: a when-idle fail-back may go now. */
export function callsSettled(): void {
  dispatch({ type: 'idle', at: now() });
}

/** The agent's "Switch back to <primary>" (fail-back mode manual). */
export function switchBack(): void {
  dispatch({ type: 'switch-back', at: now() });
}

/**
 * Seed R20's failover drill, for admins: the primary is marked down for one
 * minute (its circuit opens, probes wait for the hold) and registration moves
 * to the next provider; the time it took shows in the diagnosis panel.
 */
export function runFailoverDrill(): { ok: true } | { ok: false; reason: string } {
  const primary = providers[0]?.id;
  if (!primary || providers.length < 2) return { ok: false, reason: 'A drill needs at least two provider accounts' };
  if (state.active !== primary || state.switching) return { ok: false, reason: `Registration is not on ${providerLabel(primary)} right now` };
  const at = now();
  heldDown.set(primary, at + DRILL_HOLD_MS);
  drillOf = primary;
  store().failoverChanged({ drill: { accountId: primary, startedAt: at, until: at + DRILL_HOLD_MS, result: null, error: null } });
  port?.log('warn', `failover drill: ${providerLabel(primary)} marked down for ${DRILL_HOLD_MS / 1000} s`);
  markProviderDown(primary, 'failover drill');
  drillOf = null;
  publish();
  return { ok: true };
}

function healthyProviders(): string[] {
  const t = now();
  return providers.filter((p) => circuitOf(p.id).phase === 'closed' && (heldDown.get(p.id) ?? 0) <= t).map((p) => p.id);
}

function scheduleProbe(accountId: string): void {
  probes.get(accountId)?.();
  probes.delete(accountId);
  const due = probeDueAt(circuitOf(accountId), circuitPolicy(), heldDown.get(accountId) ?? null);
  if (due === null || !port) return;
  probes.set(accountId, port.clock.after(Math.max(0, due - now()), () => void runProbe(accountId)));
}

async function runProbe(accountId: string): Promise<void> {
  probes.delete(accountId);
  if (!port || !providers.some((p) => p.id === accountId)) return;
  // Closed meanwhile: its own phone registered again (it was the active provider with nowhere else to go).
  if (circuitOf(accountId).phase === 'closed') return;
  if (!beginProbe(accountId)) return scheduleProbe(accountId);
  const pending = port.probe(accountId, prefs.healthCheckTimeoutMs);
  if (!pending) return;
  const r = await pending;
  if (!providers.some((p) => p.id === accountId)) return;
  const circuit = recordHealthCheck(accountId, r);
  port.log('info', `probe of ${providerLabel(accountId)}: ${r.kind === 'answered' ? `answered ${r.status}` : r.kind}; circuit ${circuit.phase}`);
  if (circuit.phase === 'closed') {
    heldDown.delete(accountId);
    dispatch({ type: 'provider-healthy', accountId, at: now(), callsInProgress: port.callsInProgress() });
  } else if (circuit.phase === 'open') {
    scheduleProbe(accountId);
  }
  publish();
}

/** Events may arrive while effects run (a reused phone reports "registered" at once): one at a time, in order. */
function dispatch(ev: FailoverEvent): void {
  queue.push(ev);
  if (draining) return;
  draining = true;
  try {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const step = nextFailover(state, next);
      state = step.state;
      for (const effect of step.effects) run(effect);
    }
  } finally {
    draining = false;
  }
  publish();
}

function run(effect: FailoverEffect): void {
  const p = port;
  if (!p) return;
  switch (effect.type) {
    case 'activate':
      p.log('warn', `registering on ${providerLabel(effect.accountId)}${state.switching ? ` (${state.switching.kind}: ${state.switching.reason})` : ''}`);
      store().failoverChanged({ failBackOffer: null });
      p.activate(effect.accountId);
      return;
    case 'completed': {
      const r = effect.record;
      const text = describeSwitch(r, providerLabel);
      p.log(r.kind === 'fail-back' ? 'info' : 'warn', text);
      store().failoverRecorded(r);
      const drill = store().failover.drill;
      if (r.kind === 'drill' && drill && drill.accountId === r.from && !drill.result) store().failoverChanged({ drill: { ...drill, result: { ms: r.ms, to: r.to } } });
      store().addNotices([
        {
          id: `failover-${r.completedAt}-${r.to}`,
          level: r.kind === 'fail-back' ? 'info' : 'warning',
          message: text,
          advice: r.kind === 'fail-back' ? '' : `Calls in progress stay connected; new calls go out through ${providerLabel(r.to)}.`,
          at: new Date(r.completedAt).toISOString(),
        },
      ]);
      return;
    }
    case 'retire':
      p.retire(effect.accountId);
      return;
    case 'offer-fail-back':
      p.log('info', `${providerLabel(effect.accountId)} answers again; waiting for the agent to switch back`);
      store().failoverChanged({ failBackOffer: effect.accountId });
      return;
    case 'no-provider':
      p.log('error', `${providerLabel(effect.accountId)} is down (${effect.reason}) and no other provider is healthy; its phone keeps retrying`);
      return;
    default: {
      const never: never = effect;
      throw new Error(`unknown failover effect ${JSON.stringify(never)}`);
    }
  }
}

function publish(): void {
  store().failoverChanged({
    providers: providers.map((p, priority) => ({ id: p.id, label: p.label, priority, circuit: circuitOf(p.id), heldDownUntil: heldDown.get(p.id) ?? null })),
    activeId: state.active,
    switching: state.switching,
    ...(state.pendingFailBack ? {} : { failBackOffer: null }),
  });
}
