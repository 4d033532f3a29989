import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billedSeconds, MAX_INCREMENT_SEC, parseBillingIncrement } from './billing-increment';
import { callCost, MAX_CALL_SECONDS } from './call-cost';
import { flagCostAnomalies } from './cost-anomaly';
import { formatScaled, MICRO_DIGITS, MICROS_PER_UNIT, parseMoney } from './money';
import { rateCalls, reconcile } from './reconciliation';
import { rates } from './test-support/rate-cards';

const increment = fc.record({ firstSec: fc.integer({ min: 1, max: MAX_INCREMENT_SEC }), stepSec: fc.integer({ min: 1, max: MAX_INCREMENT_SEC }) });
const duration = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 0, max: 100_000, noNaN: true }));
const micros = fc.integer({ min: 0, max: 100_000 * MICROS_PER_UNIT });
const decimal = (m: number) => formatScaled(BigInt(m), MICRO_DIGITS, 0);
/** An exact decimal string back to micro-units, without parseMoney's limits on rates. */
const toMicros = (text: string) => {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole!) * BigInt(MICROS_PER_UNIT) + BigInt(fraction.padEnd(MICRO_DIGITS, '0'));
};

describe('billing properties', () => {
  it('billed is never less than actual, and never a whole step more once past the first period', () => {
    fc.assert(fc.property(duration, increment, (d, inc) => {
      const billed = billedSeconds(d, inc)!;
      expect(billed).toBeGreaterThanOrEqual(d);
      if (d === 0) expect(billed).toBe(0);
      else expect(billed).toBeGreaterThanOrEqual(inc.firstSec);
      if (Math.ceil(d) > inc.firstSec) {
        expect(billed - d).toBeLessThan(inc.stepSec);
        expect((billed - inc.firstSec) % inc.stepSec).toBe(0);
      } else if (d > 0) {
        expect(billed).toBe(inc.firstSec);
      }
    }));
  });

  it('longer calls never bill less', () => {
    fc.assert(fc.property(duration, duration, increment, (a, b, inc) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(billedSeconds(hi, inc)!).toBeGreaterThanOrEqual(billedSeconds(lo, inc)!);
    }));
  });

  it('a/b parses back what it formats', () => {
    fc.assert(fc.property(increment, (inc) => {
      expect(parseBillingIncrement(`${inc.firstSec}/${inc.stepSec}`)).toEqual({ ok: true, increment: inc });
    }));
  });

  it('money reads back exactly what it prints', () => {
    fc.assert(fc.property(micros, (m) => {
      expect(parseMoney(decimal(m))).toEqual({ ok: true, micros: m });
    }));
  });

  it('a call costs its prorated minutes to within half a micro-unit, as a safe integer', () => {
    const perMinute = fc.integer({ min: 0, max: 100_000 * MICROS_PER_UNIT });
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_CALL_SECONDS }), perMinute, increment, (d, rate, inc) => {
      const card = { ...rates({ outboundPerMinute: decimal(rate) }), increment: inc };
      const c = callCost({ direction: 'outbound', tollFree: false, durationSec: d }, card)!;
      expect(Number.isSafeInteger(c.costMicros)).toBe(true);
      // Half up: 60 × cost − rate × billed lies in (−30, 30] (all in micro-units × 60).
      const diff = 60n * BigInt(c.costMicros) - BigInt(rate) * BigInt(c.billedSeconds);
      expect(diff > -30n && diff <= 30n).toBe(true);
      expect(toMicros(c.cost)).toBe(BigInt(c.costMicros));
    }));
  });

  it('reconciliation totals are the sums of the providers, and billed time never falls short of actual', () => {
    const call = fc.record({
      id: fc.uuid(),
      provider: fc.constantFrom('a', 'b', 'c'),
      direction: fc.constantFrom('inbound' as const, 'outbound' as const),
      tollFree: fc.boolean(),
      durationSec: duration,
    });
    const card = { a: rates({ increment: '60/60' }), b: rates({ increment: '6/6', perCallFee: '0.0025' }), c: rates({ increment: '30/6' }) };
    fc.assert(fc.property(fc.array(call, { maxLength: 60 }), (calls) => {
      const r = reconcile(calls, card);
      const sum = (k: 'calls' | 'billedSeconds' | 'costMicros') => r.providers.reduce((s, p) => s + p[k], 0);
      expect(r.totals.calls).toBe(calls.length);
      expect(sum('calls')).toBe(r.totals.calls);
      expect(sum('billedSeconds')).toBe(r.totals.billedSeconds);
      expect(r.totals.costs.reduce((s, c) => s + c.costMicros, 0)).toBe(sum('costMicros'));
      expect(r.totals.billedSeconds).toBeGreaterThanOrEqual(r.totals.actualSeconds - 0.001);
      if (r.totals.overheadPct !== null) expect(r.totals.overheadPct).toBeGreaterThanOrEqual(0);
    }));
  });

  it('flags exactly the billed calls that cost strictly more than twice the median', () => {
    const card = { p: rates({ increment: '1/1' }) };
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 40 }), (durations) => {
      const { rated } = rateCalls(
        durations.map((d, i) => ({ id: String(i), provider: 'p', direction: 'outbound' as const, tollFree: false, durationSec: d })),
        card,
      );
      const flagged = new Set(flagCostAnomalies(rated).map((a) => a.id));
      const billed = rated.filter((c) => c.billedSeconds > 0).map((c) => c.costMicros).sort((x, y) => x - y);
      const mid = billed.length >> 1;
      const median = billed.length === 0 ? 0 : billed.length % 2 ? billed[mid]! : (billed[mid - 1]! + billed[mid]!) / 2;
      for (const c of rated) expect(flagged.has(c.id)).toBe(c.billedSeconds > 0 && c.costMicros > 2 * median);
    }));
  });
});
