import { describe, expect, it } from 'vitest';
import { callCost, MAX_CALL_SECONDS, ProviderRatesSchema, RatesByProviderSchema } from './call-cost';
import { rates } from './test-support/rate-cards';

describe('ProviderRatesSchema', () => {
  it('reads decimal strings and numbers into micro-units', () => {
    expect(
      ProviderRatesSchema.parse({
        currency: 'usd',
        inboundPerMinute: '0.0085',
        outboundPerMinute: 0.013,
        tollFreePerMinute: '0.022',
        perCallFee: 0.001,
        increment: '30/6',
      }),
    ).toEqual({
      currency: 'USD',
      perMinuteMicros: { inbound: 8500, outbound: 13_000, tollFree: 22_000 },
      perCallFeeMicros: 1000,
      increment: { firstSec: 30, stepSec: 6 },
    });
  });

  it('defaults the per-call fee to 0 but never the increment', () => {
    const base = { currency: 'USD', inboundPerMinute: '0', outboundPerMinute: '0', tollFreePerMinute: '0' };
    expect(ProviderRatesSchema.parse({ ...base, increment: '1/1' }).perCallFeeMicros).toBe(0);
    const r = ProviderRatesSchema.safeParse(base);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['increment']);
  });

  it('names the field of every bad value', () => {
    const r = ProviderRatesSchema.safeParse({
      currency: 'dollars',
      inboundPerMinute: '-1',
      outboundPerMinute: '0.0000001',
      tollFreePerMinute: '0.02',
      increment: '60-60',
      surcharge: '1',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['', 'currency', 'inboundPerMinute', 'increment', 'outboundPerMinute']);
  });

  it('reads a rate card keyed by provider', () => {
    const card = RatesByProviderSchema.parse({ twilio: { currency: 'USD', inboundPerMinute: '0.0085', outboundPerMinute: '0.014', tollFreePerMinute: '0.022', increment: '1/1' } });
    expect(card['twilio']?.increment).toEqual({ firstSec: 1, stepSec: 1 });
    expect(RatesByProviderSchema.safeParse({ '': card['twilio'] }).success).toBe(false);
  });
});

describe('callCost', () => {
  const out = (durationSec: number) => ({ direction: 'outbound' as const, tollFree: false, durationSec });

  it('61 s at 60/60 bills 2 minutes', () => {
    expect(callCost(out(61), rates({ outboundPerMinute: '0.0085' }))).toEqual({ billedSeconds: 120, cost: '0.017', costMicros: 17_000 });
  });

  it('61 s at 6/6 bills 66 s, at 1/1 61 s, prorated to the micro-unit', () => {
    // 0.012 × 66 / 60 = 0.0132; 0.012 × 61 / 60 = 0.0122
    expect(callCost(out(61), rates({ outboundPerMinute: '0.012', increment: '6/6' }))).toEqual({ billedSeconds: 66, cost: '0.0132', costMicros: 13_200 });
    expect(callCost(out(61), rates({ outboundPerMinute: '0.012', increment: '1/1' }))).toEqual({ billedSeconds: 61, cost: '0.0122', costMicros: 12_200 });
  });

  it('rounds each call half up to the micro-unit', () => {
    // 0.0085 × 61 / 60 = 0.00864166… → 8642 µ; 0.000001 × 30 / 60 = 0.5 µ → 1 µ; × 29 / 60 → 0 µ
    expect(callCost(out(61), rates({ outboundPerMinute: '0.0085', increment: '1/1' }))?.costMicros).toBe(8642);
    expect(callCost(out(30), rates({ outboundPerMinute: '0.000001', increment: '1/1' }))?.costMicros).toBe(1);
    expect(callCost(out(29), rates({ outboundPerMinute: '0.000001', increment: '1/1' }))?.costMicros).toBe(0);
  });

  it('picks the rate by direction, and the toll-free rate for toll-free calls either way', () => {
    const r = rates();
    expect(callCost({ direction: 'inbound', tollFree: false, durationSec: 60 }, r)?.cost).toBe('0.0085');
    expect(callCost({ direction: 'outbound', tollFree: false, durationSec: 60 }, r)?.cost).toBe('0.013');
    expect(callCost({ direction: 'inbound', tollFree: true, durationSec: 60 }, r)?.cost).toBe('0.022');
    expect(callCost({ direction: 'outbound', tollFree: true, durationSec: 60 }, r)?.cost).toBe('0.022');
  });

  it('adds the per-call fee to connected calls only', () => {
    const r = rates({ perCallFee: '0.001' });
    expect(callCost(out(60), r)).toEqual({ billedSeconds: 60, cost: '0.014', costMicros: 14_000 });
    expect(callCost(out(0), r)).toEqual({ billedSeconds: 0, cost: '0.00', costMicros: 0 });
  });

  it('formats in the currency style', () => {
    expect(callCost(out(60), rates({ currency: 'JPY', outboundPerMinute: '3' }))?.cost).toBe('3');
    expect(callCost(out(90), rates({ currency: 'JPY', outboundPerMinute: '3', increment: '1/1' }))?.cost).toBe('4.5');
  });

  it('returns null for durations that are not billable', () => {
    for (const d of [-1, Number.NaN, Number.POSITIVE_INFINITY, MAX_CALL_SECONDS + 1]) expect(callCost(out(d), rates())).toBeNull();
  });

  it('stays exact at the limits', () => {
    const r = rates({ outboundPerMinute: '100000', perCallFee: '100000', increment: '1/1' });
    const c = callCost(out(MAX_CALL_SECONDS), r)!;
    expect(Number.isSafeInteger(c.costMicros)).toBe(true);
    expect(c.cost).toBe('4464100000.00');
  });
});
