import { describe, expect, it } from 'vitest';
import { BillingIncrementSchema, billedSeconds, formatBillingIncrement, parseBillingIncrement, type BillingIncrement } from './billing-increment';

const inc = (text: string): BillingIncrement => {
  const r = parseBillingIncrement(text);
  if (!r.ok) throw new Error(r.reason);
  return r.increment;
};

describe('parseBillingIncrement', () => {
  it.each([
    ['60/60', 60, 60],
    ['6/6', 6, 6],
    ['1/1', 1, 1],
    ['30/6', 30, 6],
    ['per-minute', 60, 60],
    ['Per-Minute', 60, 60],
    ['per-second', 1, 1],
    [' 30 / 6 ', 30, 6],
    ['60/1', 60, 1],
  ])('reads %j as %i/%i', (text, firstSec, stepSec) => {
    expect(parseBillingIncrement(text)).toEqual({ ok: true, increment: { firstSec, stepSec } });
  });

  it.each(['', '60', '60/', '/60', '60-60', '6.5/6', '-6/6', 'a/b', '60/60/60', 'per-hour', 'constructor', '0/6', '6/0', '3601/60', '60/7200'])(
    'refuses %j with a message',
    (text) => {
      const r = parseBillingIncrement(text);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.reason).toMatch(/billing increment|at least 1 second|longer than/);
    },
  );

  it('round-trips through formatBillingIncrement', () => {
    expect(formatBillingIncrement(inc('30/6'))).toBe('30/6');
    expect(formatBillingIncrement(inc('per-minute'))).toBe('60/60');
  });

  it('is the schema used by rate cards, with the reason as the issue message', () => {
    expect(BillingIncrementSchema.parse('6/6')).toEqual({ firstSec: 6, stepSec: 6 });
    const r = BillingIncrementSchema.safeParse('sixty');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/^"sixty" is not a billing increment/);
    expect(BillingIncrementSchema.safeParse(60).success).toBe(false);
  });
});

describe('billedSeconds', () => {
  it.each([
    [61, '60/60', 120],
    [61, '6/6', 66],
    [61, '1/1', 61],
    [5, '30/6', 30],
    [31, '30/6', 36],
    [0, '60/60', 0],
    [0, '6/6', 0],
    [0, '1/1', 0],
    [0, '30/6', 0],
    [60, '60/60', 60],
    [120, '60/60', 120],
    [1, '60/60', 60],
    [6, '6/6', 6],
    [30, '30/6', 30],
    [36, '30/6', 36],
    [37, '30/6', 42],
  ])('%d s at %s bills %d s', (duration, text, billed) => {
    expect(billedSeconds(duration, inc(text))).toBe(billed);
  });

  it('rounds fractional seconds up to the next whole second first', () => {
    expect(billedSeconds(60.001, inc('1/1'))).toBe(61);
    expect(billedSeconds(0.2, inc('1/1'))).toBe(1);
    expect(billedSeconds(0.2, inc('30/6'))).toBe(30);
    expect(billedSeconds(60.5, inc('60/60'))).toBe(120);
    expect(billedSeconds(36.1, inc('30/6'))).toBe(42);
    // Durations from integer milliseconds are exact: 61000 ms is 61 s, 61001 ms is 62.
    expect(billedSeconds(61000 / 1000, inc('1/1'))).toBe(61);
    expect(billedSeconds(61001 / 1000, inc('1/1'))).toBe(62);
  });

  it.each([-1, -0.001, Number.NaN, Number.POSITIVE_INFINITY])('returns null for %d', (d) => {
    expect(billedSeconds(d, inc('60/60'))).toBeNull();
  });
});
