import { z } from 'zod';
import type { RateClass } from './call-cost';
import { formatMicros, formatScaled, MICRO_DIGITS, minorDigits, MoneySchema } from './money';
import type { RatedCall } from './reconciliation';

/**
 * R19: "alert on costs > 2x baseline". A call is flagged when its cost is
 * strictly more than ANOMALY_FACTOR times its baseline; exactly 2x is not.
 *
 * The baseline of a call is, in this order:
 * 1. the explicit baseline the admin gave for its provider and rate class
 *    (inbound, outbound or toll-free), when there is one;
 * 2. otherwise the median cost of the billed calls (billed seconds > 0) of the
 *    same provider and rate class in the set being checked, the call itself
 *    included. Median rather than mean so that the outliers being hunted do
 *    not raise their own bar; an even count takes the mean of the two middle
 *    costs. Grouping by rate class keeps a toll-free line from making every
 *    ordinary inbound call look cheap, or the reverse.
 *
 * Calls with 0 billed seconds cost nothing and are neither flagged nor part
 * of a baseline. A median needs company: with one or two billed calls in a
 * group nothing can exceed twice the median, so small sets flag nothing
 * unless an explicit baseline is given.
 */
export const ANOMALY_FACTOR = 2;

/** Explicit baselines per provider and rate class, in the rate card's currency, e.g. {"twilio": {"outbound": "0.05"}}. */
export const CostBaselinesSchema = z.record(
  z.string().trim().min(1).max(120),
  z
    .object({
      inbound: MoneySchema.optional(),
      outbound: MoneySchema.optional(),
      tollFree: MoneySchema.optional(),
    })
    .strict()
    .refine((b) => Object.values(b).every((m) => m === undefined || m > 0), 'a baseline must be more than 0'),
);
/** Micro-units, as CostBaselinesSchema reads them. */
export type CostBaselines = Readonly<Record<string, Readonly<Partial<Record<RateClass, number>>>>>;

export type CostAnomaly = {
  id: string;
  provider: string;
  rateClass: RateClass;
  currency: string;
  cost: string;
  costMicros: number;
  baselineSource: 'explicit' | 'median';
  /** Exact decimal; a median between two calls can end in half a micro-unit. */
  baseline: string;
  /** ANOMALY_FACTOR × baseline: the cost above which a call is flagged. */
  threshold: string;
  thresholdMicros: number;
  /** cost / baseline to 2 decimals; null when the baseline is 0 (free calls). */
  ratio: number | null;
  /** Billed calls the median was taken over; 0 for an explicit baseline. */
  baselineCalls: number;
};

/** A baseline held as twice its value, so a median between two integers stays an integer. */
type Baseline = { doubled: bigint; source: 'explicit' | 'median'; calls: number };

function medianDoubled(sorted: readonly bigint[]): bigint {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? 2n * sorted[mid]! : sorted[mid - 1]! + sorted[mid]!;
}

export function flagCostAnomalies(rated: readonly RatedCall[], baselines: CostBaselines = {}): CostAnomaly[] {
  const billed = rated.filter((c) => c.billedSeconds > 0);
  const groups = new Map<string, bigint[]>();
  const keyOf = (c: RatedCall) => JSON.stringify([c.provider, c.rateClass]);
  for (const c of billed) {
    const k = keyOf(c);
    const g = groups.get(k);
    if (g) g.push(BigInt(c.costMicros));
    else groups.set(k, [BigInt(c.costMicros)]);
  }
  const medians = new Map<string, Baseline>();
  for (const [k, costs] of groups) {
    costs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    medians.set(k, { doubled: medianDoubled(costs), source: 'median', calls: costs.length });
  }

  const anomalies: CostAnomaly[] = [];
  for (const c of billed) {
    const explicit = Object.hasOwn(baselines, c.provider) ? baselines[c.provider]?.[c.rateClass] : undefined;
    const base: Baseline =
      explicit !== undefined ? { doubled: 2n * BigInt(explicit), source: 'explicit', calls: 0 } : medians.get(keyOf(c))!;
    const cost = BigInt(c.costMicros);
    // cost > FACTOR × doubled / 2, in integers.
    if (2n * cost <= BigInt(ANOMALY_FACTOR) * base.doubled) continue;
    const threshold = (BigInt(ANOMALY_FACTOR) * base.doubled) / 2n;
    anomalies.push({
      id: c.id,
      provider: c.provider,
      rateClass: c.rateClass,
      currency: c.currency,
      cost: c.cost,
      costMicros: c.costMicros,
      baselineSource: base.source,
      // doubled / 2 micro-units = doubled × 5 tenths of a micro-unit.
      baseline: formatScaled(base.doubled * 5n, MICRO_DIGITS + 1, minorDigits(c.currency)),
      threshold: formatMicros(threshold, c.currency),
      thresholdMicros: Number(threshold),
      ratio: base.doubled > 0n ? Math.round((200 * Number(cost)) / Number(base.doubled)) / 100 : null,
      baselineCalls: base.calls,
    });
  }
  return anomalies;
}
