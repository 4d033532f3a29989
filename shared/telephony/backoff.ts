/**
 * Reconnect delay with exponential growth and "full jitter", so a PBX restart
 * does not get every seat reconnecting in the same millisecond.
 * Pure: the random draw is passed in.
 */
export type BackoffPolicy = { baseMs: number; maxMs: number };

export const DEFAULT_RECONNECT: BackoffPolicy = { baseMs: 500, maxMs: 30_000 };

export function reconnectDelayMs(attempt: number, random: number, policy: BackoffPolicy = DEFAULT_RECONNECT): number {
  const n = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : 0;
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(n, 20));
  const r = Number.isFinite(random) ? Math.min(1, Math.max(0, random)) : 0.5;
  // Half fixed, half random: never 0 ms (which would hammer a dead server), never above the ceiling.
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}
