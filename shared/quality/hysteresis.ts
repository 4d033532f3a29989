import type { Hysteresis } from './thresholds';

/** What one sample says about one warning. */
export type Reading =
  | { kind: 'bad'; measured: number | string | null }
  | { kind: 'good' }
  /** The metric was not measured this interval (first sample, hold, stream reset): neither raises nor clears. */
  | { kind: 'no-data' }
  /** The warning cannot apply now (the microphone warning while muted): drop it and its history. */
  | { kind: 'not-applicable' };

export type WarningTrack = {
  /** Bad (true) or good (false) for the last samples that had data, newest last. */
  recent: readonly boolean[];
  active: boolean;
  goodStreak: number;
  /** The latest bad measurement, for the advice text. */
  measured: number | string | null;
};

export const IDLE_TRACK: WarningTrack = { recent: [], active: false, goodStreak: 0, measured: null };

/**
 * Raise on raiseCount bad of the last raiseWindow samples, clear after
 * clearCount good ones in a row: a single bad or good second never flips
 * what the user sees.
 */
export function stepTrack(track: WarningTrack, reading: Reading, h: Hysteresis): WarningTrack {
  switch (reading.kind) {
    case 'no-data':
      return track;
    case 'not-applicable':
      return IDLE_TRACK;
    case 'bad': {
      const recent = [...track.recent, true].slice(-h.raiseWindow);
      const active = track.active || recent.filter(Boolean).length >= h.raiseCount;
      return { recent, active, goodStreak: 0, measured: reading.measured };
    }
    case 'good': {
      const goodStreak = track.goodStreak + 1;
      if (track.active && goodStreak >= h.clearCount) return { ...IDLE_TRACK, goodStreak };
      return { ...track, recent: [...track.recent, false].slice(-h.raiseWindow), goodStreak };
    }
    default: {
      const unreachable: never = reading;
      return unreachable;
    }
  }
}
