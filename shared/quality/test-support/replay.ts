import { stepQuality, type QualityContext, type QualityState } from '../quality-monitor';
import type { QualitySample } from '../quality-sample';
import { snapshotFromStats } from '../stats-snapshot';
import { DEFAULT_QUALITY_THRESHOLDS, type QualityThresholds } from '../thresholds';
import type { RecordedSecond } from './chromium-stats';

const NORMAL: QualityContext = { muted: false, onHold: false };

/** Feeds recorded seconds through the monitor as the renderer's sampler would. */
export function replay(
  recording: readonly RecordedSecond[],
  ctx: QualityContext | ((index: number) => QualityContext) = NORMAL,
  thresholds: QualityThresholds = DEFAULT_QUALITY_THRESHOLDS,
): { samples: QualitySample[]; state: QualityState | null } {
  let state: QualityState | null = null;
  const samples: QualitySample[] = [];
  recording.forEach(({ at, reports }, i) => {
    const step = stepQuality(state, snapshotFromStats(reports, at), typeof ctx === 'function' ? ctx(i) : ctx, thresholds);
    state = step.state;
    samples.push(step.sample);
  });
  return { samples, state };
}

/** The ids of the active warnings, sample by sample. */
export const warningIds = (samples: readonly QualitySample[]) => samples.map((s) => s.warnings.map((w) => w.id));
