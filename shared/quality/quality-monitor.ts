import { WARNING_ADVICE, WARNING_IDS, adviceFor, type WarningId } from './advice';
import { EMPTY_CALL_QUALITY_TOTALS, addToTotals, type CallQualityTotals } from './call-quality-summary';
import { IDLE_TRACK, stepTrack, type WarningTrack } from './hysteresis';
import { measureInterval, type ActiveWarning, type QualitySample } from './quality-sample';
import type { StatsSnapshot } from './stats-snapshot';
import { DEFAULT_QUALITY_THRESHOLDS, hysteresisFor, type QualityThresholds } from './thresholds';
import { checkOneWayAudio, readWarning, type QualityContext } from './warning-checks';

export type { QualityContext } from './warning-checks';

/**
 * The quality monitor as a pure step function: the caller polls getStats
 * (about once a second), turns the reports into a snapshot, and feeds it here
 * with the previous state. No timers, no clock: time comes in `snapshot.at`.
 */
export type QualityState = {
  /** The last snapshot: the baseline the next interval is measured against. */
  previous: StatsSnapshot | null;
  /** Since when we have been sending while receiving nothing (one-way audio), or null. */
  receiveStalledSince: number | null;
  tracks: Readonly<Record<WarningId, WarningTrack>>;
  /** Every warning raised so far in this call, in the order first raised (for the call summary). */
  raisedWarnings: readonly WarningId[];
  totals: CallQualityTotals;
};

export function initialQualityState(): QualityState {
  const tracks = Object.fromEntries(WARNING_IDS.map((id) => [id, IDLE_TRACK])) as Record<WarningId, WarningTrack>;
  return { previous: null, receiveStalledSince: null, tracks, raisedWarnings: [], totals: EMPTY_CALL_QUALITY_TOTALS };
}

export function stepQuality(
  state: QualityState | null,
  snapshot: StatsSnapshot,
  ctx: QualityContext,
  thresholds: QualityThresholds = DEFAULT_QUALITY_THRESHOLDS,
): { state: QualityState; sample: QualitySample } {
  const s = state ?? initialQualityState();
  const { sample, loss } = measureInterval(s.previous, snapshot);
  const oneWay = checkOneWayAudio(s.receiveStalledSince, s.previous, snapshot, sample, ctx, thresholds);

  const tracks = { ...s.tracks };
  const raised = [...s.raisedWarnings];
  for (const id of WARNING_IDS) {
    tracks[id] = stepTrack(s.tracks[id], readWarning(id, sample, ctx, thresholds, oneWay.reading), hysteresisFor(thresholds, id));
    if (tracks[id].active && !raised.includes(id)) raised.push(id);
  }

  return {
    state: { previous: snapshot, receiveStalledSince: oneWay.stalledSince, tracks, raisedWarnings: raised, totals: addToTotals(s.totals, sample, loss) },
    sample: { ...sample, warnings: activeWarnings(tracks) },
  };
}

/** Active warnings, critical first (the one that breaks the call leads), then in catalog order. */
export function activeWarnings(tracks: Readonly<Record<WarningId, WarningTrack>>): ActiveWarning[] {
  const active = WARNING_IDS.filter((id) => tracks[id].active).map((id) => {
    const { severity } = WARNING_ADVICE[id];
    const { measured } = tracks[id];
    return { id, severity, measured, advice: adviceFor(id, measured) };
  });
  return [...active.filter((w) => w.severity === 'critical'), ...active.filter((w) => w.severity !== 'critical')];
}
