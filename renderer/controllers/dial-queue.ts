import { CallRateLimiter, DEFAULT_CALL_RATE_POLICY, type CallRatePolicy } from '../../shared/telephony/rate-limiter';
import { createBackgroundClock, type Clock } from '../telephony/background-clock';

/**
 * Click-to-dial requests held back by the per-provider call rate limit (R12,
 * shared/telephony/rate-limiter.ts) and released in the order they were made.
 * A released request runs its dial again, from the start: the provider's
 * circuit and the account are checked as they are then, not as they were.
 *
 * The hook in call-actions' dial(), after the circuit check:
 *   const rate = deferDial(account.id, accountLabel(account), parsed.target.display, () => dial(input, consultOf));
 *   if (rate !== 'now') return rate === 'queued';
 */

export type QueuedDial = {
  id: string;
  accountId: string;
  providerName: string;
  /** What the agent dialed, as the dialer shows it. */
  display: string;
  /** 1 goes next on its provider. */
  position: number;
  /** When it is expected to go, on the queue's clock (ms); the one ahead withdrawing only brings it forward. */
  dueAt: number;
};

export type DialQueueStatus = {
  waiting: readonly QueuedDial[];
  /** The last request refused because too many were waiting, for the dialer to say so. */
  refused: string | null;
};

type Entry = { id: string; display: string; retry: () => void };
type Lane = { limiter: CallRateLimiter; providerName: string; entries: Entry[]; cancelTimer: (() => void) | null };

let clock: Clock | null = null;
let policy: CallRatePolicy = DEFAULT_CALL_RATE_POLICY;
const lanes = new Map<string, Lane>();
const listeners = new Set<() => void>();
let snapshot: DialQueueStatus = { waiting: [], refused: null };
let nextId = 0;
/** The account whose released request is running its dial() again right now: that one call passes the gate. */
let released: string | null = null;

/** Tests inject a manual clock and a policy; the app uses the background clock (not throttled in a hidden window). */
export function configureDialQueue(o: { clock?: Clock; policy?: CallRatePolicy } = {}): void {
  for (const lane of lanes.values()) lane.cancelTimer?.();
  lanes.clear();
  clock = o.clock ?? null;
  policy = o.policy ?? DEFAULT_CALL_RATE_POLICY;
  released = null;
  publish(null);
}

/**
 * May a call through this account leave now? 'now': yes, go on. 'queued':
 * the request is held and `retry` runs when its turn comes. 'refused': too
 * many are waiting; the status says so.
 */
export function deferDial(accountId: string, providerName: string, display: string, retry: () => void): 'now' | 'queued' | 'refused' {
  if (released === accountId) {
    released = null; // its token was taken when it was released
    return 'now';
  }
  const lane = laneOf(accountId, providerName);
  const a = lane.limiter.admit(now());
  if (a.ok) return 'now';
  if (!a.queued) {
    publish(`Not dialing ${display}: ${a.reason} through ${providerName}. Try again in a moment.`);
    return 'refused';
  }
  lane.entries.push({ id: `dial-${++nextId}`, display, retry });
  schedule(accountId, lane, a.position === 1 ? a.waitMs : null);
  publish(null);
  return 'queued';
}

/** The agent cancelled a request still waiting. */
export function cancelQueuedDial(id: string): boolean {
  for (const [accountId, lane] of lanes) {
    const at = lane.entries.findIndex((e) => e.id === id);
    if (at < 0) continue;
    lane.entries.splice(at, 1);
    lane.limiter.withdraw();
    // The timer set for the head still fits whoever is head now: it needs the same next token.
    if (lane.entries.length === 0) schedule(accountId, lane, 0);
    publish(null);
    return true;
  }
  return false;
}

/** The current status; the same object until it changes (useSyncExternalStore's getSnapshot). */
export function dialQueueStatus(): DialQueueStatus {
  return snapshot;
}

export function subscribeDialQueue(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** One line for the dialer, or null when nothing waits. */
export function describeDialQueue(s: DialQueueStatus, at: number = now()): string | null {
  const next = s.waiting.find((q) => q.position === 1);
  if (!next) return s.refused;
  const seconds = Math.max(0, (next.dueAt - at) / 1000).toFixed(1);
  const more = s.waiting.length > 1 ? ` (${s.waiting.length - 1} more waiting)` : '';
  return `Dialing ${next.display} in ${seconds} s${more}: at most ${policy.callsPerSecond} calls per second go to ${next.providerName}.`;
}

// ---------------------------------------------------------------------------

function now(): number {
  clock ??= createBackgroundClock();
  return clock.now();
}

/** Lanes stay once made: a new bucket would start full and let a burst through right after the last call. */
function laneOf(accountId: string, providerName: string): Lane {
  let lane = lanes.get(accountId);
  if (!lane) {
    lane = { limiter: new CallRateLimiter(policy, now()), providerName, entries: [], cancelTimer: null };
    lanes.set(accountId, lane);
  }
  lane.providerName = providerName;
  return lane;
}

/** One timer per provider, for its head; null keeps the one already set. */
function schedule(accountId: string, lane: Lane, waitMs: number | null): void {
  if (waitMs === null && lane.cancelTimer) return;
  lane.cancelTimer?.();
  lane.cancelTimer = null;
  if (lane.entries.length === 0) return;
  clock ??= createBackgroundClock();
  lane.cancelTimer = clock.after(Math.max(0, waitMs ?? lane.limiter.waitFor(1, now())), () => {
    lane.cancelTimer = null;
    releaseHead(accountId, lane);
  });
}

function releaseHead(accountId: string, lane: Lane): void {
  const r = lane.limiter.releaseHead(now());
  if (!r.ok) return schedule(accountId, lane, r.waitMs);
  const head = lane.entries.shift();
  if (head) {
    released = accountId;
    try {
      head.retry();
    } finally {
      released = null;
    }
  }
  schedule(accountId, lane, lane.limiter.waitFor(1, now()));
  publish(null);
}

function publish(refused: string | null): void {
  const t = clock ? clock.now() : 0;
  const waiting: QueuedDial[] = [];
  for (const [accountId, lane] of lanes) {
    lane.entries.forEach((e, i) => {
      waiting.push({ id: e.id, accountId, providerName: lane.providerName, display: e.display, position: i + 1, dueAt: t + lane.limiter.waitFor(i + 1, t) });
    });
  }
  snapshot = { waiting, refused };
  for (const l of listeners) l();
}
