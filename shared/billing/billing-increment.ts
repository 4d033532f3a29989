import { z } from 'zod';

/**
 * How a carrier rounds call time, in the "a/b" notation of rate cards: the
 * first `firstSec` seconds are charged as a minimum, then time is charged in
 * whole `stepSec`-second steps. 60/60 is per-minute billing (the seed's
 * "61 s billed as 2 min"), 6/6 six-second billing, 1/1 per-second billing,
 * 30/6 a 30-second minimum then 6-second steps.
 */
export type BillingIncrement = { firstSec: number; stepSec: number };

/** Named increments as data; everything else is written a/b. */
export const NAMED_INCREMENTS: Readonly<Record<string, BillingIncrement>> = {
  'per-minute': { firstSec: 60, stepSec: 60 },
  'per-second': { firstSec: 1, stepSec: 1 },
};

/**
 * An hour either way is far past any rate card (the coarsest in use is
 * 60/60) and keeps a typo such as 6000/60 from being read as real.
 */
export const MAX_INCREMENT_SEC = 3600;

export type IncrementParse = { ok: true; increment: BillingIncrement } | { ok: false; reason: string };

const A_SLASH_B = /^(\d+)\s*\/\s*(\d+)$/;

export function parseBillingIncrement(text: string): IncrementParse {
  const raw = text.trim().toLowerCase();
  if (Object.hasOwn(NAMED_INCREMENTS, raw)) return { ok: true, increment: { ...NAMED_INCREMENTS[raw]! } };
  const m = A_SLASH_B.exec(raw);
  if (!m) {
    return {
      ok: false,
      reason: `"${text}" is not a billing increment: write first/step in seconds, e.g. 60/60, 6/6, 1/1 or 30/6, or per-minute`,
    };
  }
  const firstSec = Number(m[1]);
  const stepSec = Number(m[2]);
  if (firstSec < 1 || stepSec < 1) {
    return { ok: false, reason: `"${text}": both the first period and the step must be at least 1 second` };
  }
  if (firstSec > MAX_INCREMENT_SEC || stepSec > MAX_INCREMENT_SEC) {
    return { ok: false, reason: `"${text}": periods longer than ${MAX_INCREMENT_SEC} seconds are not a billing increment` };
  }
  return { ok: true, increment: { firstSec, stepSec } };
}

export function formatBillingIncrement(inc: BillingIncrement): string {
  return `${inc.firstSec}/${inc.stepSec}`;
}

/** An increment from a rate card: "60/60", "30/6", "per-minute". */
export const BillingIncrementSchema = z.string().transform((text, ctx) => {
  const r = parseBillingIncrement(text);
  if (r.ok) return r.increment;
  ctx.addIssue({ code: 'custom', message: r.reason, input: text });
  return z.NEVER;
});

/**
 * The seconds a carrier charges for a call that lasted `durationSec`.
 *
 * - Fractions round up to the next whole second first: carriers bill whole
 *   seconds and never in the caller's favour. A duration from integer
 *   milliseconds (ms / 1000) is exact, so 61000 ms is 61 s, 61001 ms is 62 s.
 * - 0 s (answered and hung up at once, or never answered) bills 0: rate cards
 *   charge the minimum only on connected time. Any time above 0 bills at
 *   least `firstSec`.
 * - Above `firstSec`, the rest is charged in whole steps of `stepSec`.
 *
 * Returns null for a duration that is negative, NaN or infinite.
 */
export function billedSeconds(durationSec: number, inc: BillingIncrement): number | null {
  if (!Number.isFinite(durationSec) || durationSec < 0) return null;
  const whole = Math.ceil(durationSec);
  if (whole === 0) return 0;
  if (whole <= inc.firstSec) return inc.firstSec;
  return inc.firstSec + Math.ceil((whole - inc.firstSec) / inc.stepSec) * inc.stepSec;
}
