import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mosBars } from './mos-bars';

describe('mosBars', () => {
  it.each([
    [4.41, 5, 'excellent'],
    [4.3, 5, 'excellent'],
    [4.29, 4, 'good'],
    [4.0, 4, 'good'],
    [3.99, 3, 'fair'],
    [3.6, 3, 'fair'],
    [3.2, 2, 'poor'],
    [2.5, 1, 'bad'],
    [1, 1, 'bad'],
  ])('MOS %s gives %s bars (%s)', (mos, bars, word) => {
    expect(mosBars(mos)).toEqual({ bars, word });
  });

  it('no score yet: 0 bars, "measuring"', () => {
    expect(mosBars(null)).toEqual({ bars: 0, word: 'measuring' });
    expect(mosBars(Number.NaN)).toEqual({ bars: 0, word: 'measuring' });
  });

  it('more MOS never gives fewer bars', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 4.5, noNaN: true }), fc.double({ min: 1, max: 4.5, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return mosBars(lo).bars <= mosBars(hi).bars;
      }),
    );
  });
});
