import { describe, expect, it } from 'vitest';
import { BillableCdrSchema, rateCalls, reconcile, type BillableCdr } from './reconciliation';
import { RATE_CARD, rates } from './test-support/rate-cards';

let n = 0;
const cdr = (provider: string, durationSec: number, more: Partial<BillableCdr> = {}): BillableCdr => ({
  id: `c${++n}`,
  provider,
  direction: 'outbound',
  tollFree: false,
  durationSec,
  ...more,
});

describe('reconcile', () => {
  it('shows one 61 s call at 60/60 as actual 1.02 min, billed 2 min', () => {
    const r = reconcile([cdr('minutely', 61)], RATE_CARD);
    expect(r.providers).toEqual([
      {
        provider: 'minutely',
        calls: 1,
        actualSeconds: 61,
        billedSeconds: 120,
        actualMinutes: 1.02,
        billedMinutes: 2,
        overheadPct: 96.72,
        currency: 'USD',
        cost: '0.026',
        costMicros: 26_000,
      },
    ]);
  });

  it('reproduces the seed: 10,000 calls of 61 s billed as 20,000 minutes, not 10,167', () => {
    const calls = Array.from({ length: 10_000 }, () => cdr('minutely', 61));
    const { totals } = reconcile(calls, RATE_CARD);
    expect(totals).toMatchObject({ calls: 10_000, actualSeconds: 610_000, billedSeconds: 1_200_000, billedMinutes: 20_000, overheadPct: 96.72 });
    expect(Math.round(totals.actualMinutes)).toBe(10_167);
    // 20,000 min × 0.013 exactly, with no float drift over 10,000 additions.
    expect(totals.costs).toEqual([{ currency: 'USD', cost: '260.00', costMicros: 260_000_000 }]);
  });

  it('totals several providers, each cost in its own currency', () => {
    const calls = [
      cdr('minutely', 61), // 120 s, 0.026
      cdr('minutely', 30, { direction: 'inbound' }), // 60 s, 0.0085
      cdr('minutely', 0), // missed: 0 s
      cdr('sixer', 61), // 66 s, 0.012 × 66/60 = 0.0132 + 0.001 fee
      cdr('sixer', 61, { tollFree: true, direction: 'inbound' }), // 66 s, 0.02 × 66/60 = 0.022 + 0.001
      cdr('euro', 61.4), // 62 s, 0.01 × 62/60 = 0.0103333 → 0.010333
    ];
    const r = reconcile(calls, RATE_CARD);
    expect(r.providers.map((p) => [p.provider, p.calls, p.actualSeconds, p.billedSeconds, p.cost, p.currency])).toEqual([
      ['euro', 1, 61.4, 62, '0.010333', 'EUR'],
      ['minutely', 3, 91, 180, '0.0345', 'USD'],
      ['sixer', 2, 122, 132, '0.0372', 'USD'],
    ]);
    expect(r.totals).toEqual({
      calls: 6,
      actualSeconds: 274.4,
      billedSeconds: 374,
      actualMinutes: 4.57,
      billedMinutes: 6.23,
      overheadPct: 36.3,
      costs: [
        { currency: 'EUR', cost: '0.010333', costMicros: 10_333 },
        { currency: 'USD', cost: '0.0717', costMicros: 71_700 },
      ],
    });
    expect(r.unrated).toEqual([]);
  });

  it('lists what it cannot price instead of leaving it out silently', () => {
    const calls = [cdr('minutely', 61, { id: 'ok' }), cdr('unknown', 61, { id: 'a' }), cdr('constructor', 61, { id: 'b' }), cdr('minutely', -5, { id: 'c' })];
    const r = reconcile(calls, RATE_CARD);
    expect(r.totals.calls).toBe(1);
    expect(r.unrated).toEqual([
      { id: 'a', provider: 'unknown', reason: 'no rates are configured for provider "unknown"' },
      { id: 'b', provider: 'constructor', reason: 'no rates are configured for provider "constructor"' },
      { id: 'c', provider: 'minutely', reason: 'duration -5 s is not a billable duration' },
    ]);
  });

  it('reports an empty or all-missed set without dividing by zero', () => {
    expect(reconcile([], RATE_CARD).totals).toEqual({
      calls: 0, actualSeconds: 0, billedSeconds: 0, actualMinutes: 0, billedMinutes: 0, overheadPct: null, costs: [],
    });
    const missed = reconcile([cdr('sixer', 0), cdr('sixer', 0)], RATE_CARD);
    expect(missed.providers[0]).toMatchObject({ calls: 2, billedSeconds: 0, overheadPct: null, cost: '0.00' });
  });

  it('shows no overhead at 1/1 on whole seconds', () => {
    const r = reconcile([cdr('p', 61), cdr('p', 7)], { p: rates({ increment: '1/1' }) });
    expect(r.totals).toMatchObject({ actualSeconds: 68, billedSeconds: 68, overheadPct: 0 });
  });
});

describe('rateCalls', () => {
  it('carries the rate class and currency with each call', () => {
    const { rated } = rateCalls([cdr('sixer', 10, { id: 'x', direction: 'inbound', tollFree: true })], RATE_CARD);
    expect(rated[0]).toMatchObject({ id: 'x', rateClass: 'tollFree', currency: 'USD', billedSeconds: 12 });
  });
});

describe('BillableCdrSchema', () => {
  it('reads a record from unknown and defaults tollFree to false', () => {
    expect(BillableCdrSchema.parse({ id: '1', provider: 'twilio', direction: 'inbound', durationSec: 61 })).toEqual({
      id: '1', provider: 'twilio', direction: 'inbound', tollFree: false, durationSec: 61,
    });
    for (const bad of [{ id: '1', provider: 'p', direction: 'sideways', durationSec: 1 }, { id: '1', provider: 'p', direction: 'inbound', durationSec: -1 }, null]) {
      expect(BillableCdrSchema.safeParse(bad).success).toBe(false);
    }
  });
});
