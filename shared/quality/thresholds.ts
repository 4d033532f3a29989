import type { WarningId } from './advice';

/**
 * When a sample counts as bad, and how many bad samples raise a warning.
 * Seed values from handbook standards.md "Warmline's choices"; every one can
 * be overridden (per deployment or per test) through qualityThresholds().
 */
export type Hysteresis = {
  /** Raise when at least raiseCount of the last raiseWindow samples (with data) were bad. */
  raiseCount: number;
  raiseWindow: number;
  /** Clear after this many good samples in a row. */
  clearCount: number;
};

export type QualityThresholds = {
  /** MOS below this warns. R = 80, the bottom of G.109's "high satisfaction" band, is MOS 4.03. */
  minMos: number;
  /** What a good call scores (a clean Opus call is ~4.3): for display, never a warning. */
  targetMos: number;
  /** Above this, the jitter buffer must grow enough to add audible delay (Twilio warns at 30). */
  maxJitterMs: number;
  /** From about 1 %, concealment starts to be heard as clipped syllables (Twilio warns at the same figure). */
  maxLossPct: number;
  /** ITU-T G.114: up to 150 ms one-way, most users do not notice delay in conversation. */
  maxOneWayDelayMs: number;
  /** Mean microphone level (linear, 0..1) below which we call it silent: 0.001 ≈ −60 dBFS, under a live mic's noise floor. */
  silentInputLevel: number;
  /** Sending but receiving nothing for this long means one-way audio, not a pause (DTX still sends a packet every 400 ms). */
  oneWayAudioMs: number;
  hysteresis: Hysteresis;
  /** Per-warning changes to the hysteresis, merged over `hysteresis`. */
  hysteresisByWarning: Readonly<Partial<Record<WarningId, Partial<Hysteresis>>>>;
};

export const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds = {
  minMos: 4.0,
  targetMos: 4.3,
  maxJitterMs: 40,
  maxLossPct: 1,
  maxOneWayDelayMs: 150,
  silentInputLevel: 0.001,
  oneWayAudioMs: 3000,
  // At one sample a second: a warning needs 3 bad seconds out of 5 (one bad
  // second is a blip, not something to tell the user about) and goes away
  // after 5 good seconds in a row, so it does not flicker on and off.
  hysteresis: { raiseCount: 3, raiseWindow: 5, clearCount: 5 },
  hysteresisByWarning: {
    // oneWayAudioMs already demands 3 s of silence from the far end; waiting for
    // 3 such samples on top would leave the agent talking into the void for 5 s.
    'one-way-audio': { raiseCount: 1, raiseWindow: 1 },
    // People stop talking while they listen: only 5 silent seconds in a row
    // suggest a dead microphone rather than a pause.
    'no-microphone-input': { raiseCount: 5, raiseWindow: 5 },
  },
};

export type QualityThresholdOverrides = Partial<Omit<QualityThresholds, 'hysteresis' | 'hysteresisByWarning'>> & {
  hysteresis?: Partial<Hysteresis>;
  hysteresisByWarning?: Partial<Record<WarningId, Partial<Hysteresis>>>;
};

/** The defaults with some values replaced; nested hysteresis settings merge key by key. */
export function qualityThresholds(overrides: QualityThresholdOverrides = {}, base: QualityThresholds = DEFAULT_QUALITY_THRESHOLDS): QualityThresholds {
  const { hysteresis, hysteresisByWarning, ...flat } = overrides;
  const byWarning: Partial<Record<WarningId, Partial<Hysteresis>>> = { ...base.hysteresisByWarning };
  for (const [id, h] of Object.entries(hysteresisByWarning ?? {}) as [WarningId, Partial<Hysteresis>][]) {
    byWarning[id] = { ...byWarning[id], ...h };
  }
  return { ...base, ...flat, hysteresis: { ...base.hysteresis, ...hysteresis }, hysteresisByWarning: byWarning };
}

/** The hysteresis one warning uses, kept sane: counts at least 1, raiseCount no more than the window. */
export function hysteresisFor(thresholds: QualityThresholds, id: WarningId): Hysteresis {
  const h = { ...thresholds.hysteresis, ...thresholds.hysteresisByWarning[id] };
  const raiseWindow = atLeastOne(h.raiseWindow);
  return { raiseWindow, raiseCount: Math.min(atLeastOne(h.raiseCount), raiseWindow), clearCount: atLeastOne(h.clearCount) };
}

function atLeastOne(n: number): number {
  return Number.isFinite(n) ? Math.max(1, Math.floor(n)) : 1;
}
