import { describe, expect, it } from 'vitest';
import { CostBaselinesSchema, flagCostAnomalies } from './cost-anomaly';
import { rateCalls, type BillableCdr } from './reconciliation';
import { rates } from './test-support/rate-cards';

// 0.06/min at 1/1 is 0.001 a second, so each cost reads off its duration.
const CARD = { p: rates({ increment: '1/1', inboundPerMinute: '0.06', outboundPerMinute: '0.06', tollFreePerMinute: '0.6' }) };
const rated = (calls: Array<[id: string, durationSec: number, more?: Partial<BillableCdr>]>) =>
  rateCalls(
    calls.map(([id, durationSec, more]) => ({ id, provider: 'p', direction: 'outbound', tollFree: false, durationSec, ...more })),
    CARD,
  ).rated;
const flagged = (calls: Parameters<typeof rated>[0], baselines = {}) => flagCostAnomalies(rated(calls), baselines).map((a) => a.id);

describe('flagCostAnomalies against the median', () => {
  it('flags a call over twice the median, with the figures that explain it', () => {
    // costs 0.06, 0.06, 0.061, x: median (0.06 + 0.061) / 2 = 0.0605, threshold 0.121, so 121 s is exactly 2x.
    expect(flagged([['a', 60], ['b', 60], ['c', 61], ['big', 121]])).toEqual([]);
    expect(flagCostAnomalies(rated([['a', 60], ['b', 60], ['c', 61], ['big', 122]]))).toEqual([{
      id: 'big',
      provider: 'p',
      rateClass: 'outbound',
      currency: 'USD',
      cost: '0.122',
      costMicros: 122_000,
      baselineSource: 'median',
      baseline: '0.0605',
      threshold: '0.121',
      thresholdMicros: 121_000,
      ratio: 2.02,
      baselineCalls: 4,
    }]);
  });

  it('does not flag exactly 2x, flags one billed second more', () => {
    expect(flagged([['a', 60], ['b', 60], ['x', 120]])).toEqual([]);
    // 120.001 s bills 121 s at 1/1: 0.121 > 0.120
    expect(flagged([['a', 60], ['b', 60], ['x', 120.001]])).toEqual(['x']);
  });

  it('keeps the exact 2x edge when the median falls between two calls (half a micro-unit)', () => {
    // 0.00006/min at 1/1 is 1 µ a second. Costs 1,1,1,2,3,4,4,x µ: median (2 + 3) / 2 = 2.5 µ, threshold 5 µ.
    const card = { p: rates({ increment: '1/1', outboundPerMinute: '0.00006' }) };
    const set = (x: number) =>
      rateCalls(
        [1, 1, 1, 2, 3, 4, 4, x].map((d, i) => ({ id: `${i}`, provider: 'p', direction: 'outbound' as const, tollFree: false, durationSec: d })),
        card,
      ).rated;
    expect(flagCostAnomalies(set(5))).toEqual([]);
    expect(flagCostAnomalies(set(6))).toEqual([
      expect.objectContaining({ id: '7', cost: '0.000006', baseline: '0.0000025', threshold: '0.000005', thresholdMicros: 5, ratio: 2.4, baselineCalls: 8 }),
    ]);
  });

  it('compares each call with its own provider and rate class only', () => {
    // Toll-free minutes cost 10x here: they are not anomalies among themselves, nor do they drag the outbound median up.
    const calls: Parameters<typeof rated>[0] = [
      ['o1', 60], ['o2', 60], ['o3', 60], ['o-long', 200],
      ['t1', 60, { tollFree: true, direction: 'inbound' }], ['t2', 60, { tollFree: true, direction: 'inbound' }], ['t3', 70, { tollFree: true, direction: 'inbound' }],
      ['i1', 60, { direction: 'inbound' }],
    ];
    expect(flagged(calls)).toEqual(['o-long']);
  });

  it('ignores unbilled calls: they neither drag the median down nor get flagged', () => {
    expect(flagged([['m1', 0], ['m2', 0], ['m3', 0], ['a', 60], ['b', 60], ['c', 100]])).toEqual([]);
  });

  it('cannot flag anything with one or two billed calls and no explicit baseline', () => {
    expect(flagged([['a', 1]])).toEqual([]);
    expect(flagged([['a', 1], ['b', 3600]])).toEqual([]);
  });
});

describe('flagCostAnomalies against an explicit baseline', () => {
  const baselines = CostBaselinesSchema.parse({ p: { outbound: '0.05' } });

  it('uses it for its provider and rate class, strictly above 2x', () => {
    // threshold 0.10 = 100 s at 0.06/min
    expect(flagged([['at', 100], ['over', 101]], baselines)).toEqual(['over']);
    const [a] = flagCostAnomalies(rated([['over', 101]]), baselines);
    expect(a).toMatchObject({ baselineSource: 'explicit', baseline: '0.05', threshold: '0.10', ratio: 2.02, baselineCalls: 0 });
  });

  it('falls back to the median for the rate classes it does not cover', () => {
    const calls: Parameters<typeof rated>[0] = [['i1', 10, { direction: 'inbound' }], ['i2', 10, { direction: 'inbound' }], ['i3', 30, { direction: 'inbound' }]];
    expect(flagged(calls, baselines)).toEqual(['i3']);
  });

  it('is read from a settings file in the rate card currency, refusing 0 and unknown classes', () => {
    expect(CostBaselinesSchema.parse({ twilio: { inbound: 0.02, tollFree: '0.1' } })).toEqual({ twilio: { inbound: 20_000, tollFree: 100_000 } });
    expect(CostBaselinesSchema.safeParse({ twilio: { inbound: '0' } }).error?.issues[0]?.message).toBe('a baseline must be more than 0');
    expect(CostBaselinesSchema.safeParse({ twilio: { international: '1' } }).success).toBe(false);
  });
});
