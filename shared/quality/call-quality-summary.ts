import { z } from 'zod';
import type { WarningId } from './advice';
import type { IntervalLoss } from './interval-loss';
import { PATH_LABELS, pathLabel, type PathLabel, type QualitySample } from './quality-sample';

/**
 * One line about a call's quality, kept in call history. It crosses the host
 * bridge and is read back from disk, so it is a schema and the type is
 * inferred from it. Figures are rounded: history shows them, nobody computes on them.
 */
export const CallQualitySummarySchema = z.object({
  /** Samples taken (about one a second). */
  samples: z.number().int().nonnegative(),
  minMos: z.number().min(1).max(4.5).nullable(),
  avgMos: z.number().min(1).max(4.5).nullable(),
  maxJitterMs: z.number().nonnegative().nullable(),
  /** Inbound loss over the whole call, from the summed interval counts. */
  lossPct: z.number().min(0).max(100).nullable(),
  /** Every warning the user saw during the call, in the order first raised. */
  // Any id, not only today's: a record written by a newer Warmline (with a new
  // warning) must still load here rather than be dropped from history.
  warningsRaised: z.array(z.string().min(1).max(40)).max(32),
  /** The path most samples used. */
  path: z.enum(PATH_LABELS).nullable(),
  /** The codec most samples used, e.g. 'opus', 'PCMU'. */
  codec: z.string().min(1).max(64).nullable(),
});
export type CallQualitySummary = z.infer<typeof CallQualitySummarySchema>;

/**
 * Running sums, so a two-hour call costs the same memory as a short one.
 * Loss is summed as packet counts: averaging per-interval percentages would
 * weigh a quiet second (few packets) like a busy one.
 */
export type CallQualityTotals = {
  samples: number;
  mosCount: number;
  mosSum: number;
  minMos: number | null;
  maxJitterMs: number | null;
  lostPackets: number;
  expectedPackets: number;
  pathCounts: Readonly<Partial<Record<PathLabel, number>>>;
  codecCounts: Readonly<Record<string, number>>;
};

export const EMPTY_CALL_QUALITY_TOTALS: CallQualityTotals = {
  samples: 0,
  mosCount: 0,
  mosSum: 0,
  minMos: null,
  maxJitterMs: null,
  lostPackets: 0,
  expectedPackets: 0,
  pathCounts: {},
  codecCounts: {},
};

export function addToTotals(t: CallQualityTotals, sample: Omit<QualitySample, 'warnings'>, loss: IntervalLoss | null): CallQualityTotals {
  const label = pathLabel(sample.path);
  const codec = sample.codec?.name ?? null;
  return {
    samples: t.samples + 1,
    mosCount: t.mosCount + (sample.mos === null ? 0 : 1),
    mosSum: t.mosSum + (sample.mos ?? 0),
    minMos: lower(t.minMos, sample.mos),
    maxJitterMs: sample.jitterMs === null ? t.maxJitterMs : Math.max(t.maxJitterMs ?? 0, sample.jitterMs),
    lostPackets: t.lostPackets + (loss?.lost ?? 0),
    expectedPackets: t.expectedPackets + (loss?.expected ?? 0),
    pathCounts: label === null ? t.pathCounts : { ...t.pathCounts, [label]: (t.pathCounts[label] ?? 0) + 1 },
    codecCounts: codec === null ? t.codecCounts : { ...t.codecCounts, [codec]: (t.codecCounts[codec] ?? 0) + 1 },
  };
}

/** The summary of a call so far, from the monitor's state (or anything holding the same two fields). */
export function summarizeCallQuality(state: { totals: CallQualityTotals; raisedWarnings: readonly WarningId[] }): CallQualitySummary {
  const t = state.totals;
  return {
    samples: t.samples,
    minMos: t.minMos === null ? null : round(t.minMos, 2),
    avgMos: t.mosCount === 0 ? null : round(t.mosSum / t.mosCount, 2),
    maxJitterMs: t.maxJitterMs === null ? null : round(t.maxJitterMs, 1),
    lossPct: t.expectedPackets === 0 ? null : round((100 * t.lostPackets) / t.expectedPackets, 2),
    warningsRaised: [...state.raisedWarnings],
    path: mostCommon(t.pathCounts),
    codec: mostCommon(t.codecCounts),
  };
}

function lower(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The key counted most often; on a tie, the first one seen. */
function mostCommon<K extends string>(counts: Readonly<Partial<Record<K, number>>>): K | null {
  let best: K | null = null;
  let bestCount = 0;
  for (const [key, count] of Object.entries(counts) as [K, number][]) {
    if (count > bestCount) [best, bestCount] = [key, count];
  }
  return best;
}
