/**
 * The 5-bar meter in the call header. Bands follow the G.109 satisfaction
 * scale mapped to MOS (R 90/80/70/60 ≈ MOS 4.34/4.03/3.60/3.10) so that the
 * bar count changes where a listener's experience does; the 4.0 warning
 * threshold sits on the 4/3 boundary.
 */
const BANDS: ReadonlyArray<{ min: number; bars: 1 | 2 | 3 | 4 | 5; word: string }> = [
  { min: 4.3, bars: 5, word: 'excellent' },
  { min: 4.0, bars: 4, word: 'good' },
  { min: 3.6, bars: 3, word: 'fair' },
  { min: 3.1, bars: 2, word: 'poor' },
  { min: -Infinity, bars: 1, word: 'bad' },
];

export type MosBars = { bars: 0 | 1 | 2 | 3 | 4 | 5; word: string };

/** Bars and a word for a MOS; 0 bars and "measuring" while there is no score yet. */
export function mosBars(mos: number | null): MosBars {
  if (mos === null || !Number.isFinite(mos)) return { bars: 0, word: 'measuring' };
  const band = BANDS.find((b) => mos >= b.min)!;
  return { bars: band.bars, word: band.word };
}
