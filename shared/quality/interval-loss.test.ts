import { describe, expect, it } from 'vitest';
import { intervalLoss, sameStream, type StreamCounters } from './interval-loss';

const at = (packetsReceived: number | null, packetsLost: number | null, more: Partial<StreamCounters> = {}): StreamCounters => ({
  id: 'IT01A2871334155',
  ssrc: 2871334155,
  packetsReceived,
  packetsLost,
  packetsDiscarded: 0,
  ...more,
});

describe('intervalLoss (standards.md section 2)', () => {
  it('the worked example: 1000/10 → 1245/15 is 2.00 %', () => {
    const loss = intervalLoss(at(1000, 10), at(1245, 15));
    expect(loss?.lossPct).toBeCloseTo(2.0, 10);
    expect(loss).toMatchObject({ lost: 5, expected: 250, discarded: 0 });
  });

  it('Ppl adds late packets the jitter buffer discarded; the user-facing figure does not', () => {
    const loss = intervalLoss(at(1000, 10, { packetsDiscarded: 3 }), at(1245, 15, { packetsDiscarded: 8 }));
    expect(loss?.lossPct).toBeCloseTo(2.0, 10);
    expect(loss?.pplPct).toBeCloseTo(4.0, 10);
  });

  it('no baseline yet → null', () => {
    expect(intervalLoss(null, at(50, 0))).toBeNull();
  });

  it('a counter going backwards (reset) → null, not a negative or huge figure', () => {
    expect(intervalLoss(at(5000, 40), at(120, 0))).toBeNull();
    expect(intervalLoss(at(5000, 40, { packetsDiscarded: 9 }), at(5050, 40, { packetsDiscarded: 0 }))).toBeNull();
  });

  it('an SSRC change (re-INVITE, ICE restart) → null', () => {
    expect(intervalLoss(at(5000, 40), at(5100, 41, { ssrc: 99, id: 'IT01A99' }))).toBeNull();
  });

  it('cumulative packetsLost falling (duplicates) is clamped to zero loss', () => {
    const loss = intervalLoss(at(1000, 10), at(1050, 8));
    expect(loss).toMatchObject({ lossPct: 0, lost: 0, expected: 50 });
  });

  it('negative cumulative packetsLost is fine as long as the delta is read right', () => {
    expect(intervalLoss(at(1000, -3), at(1100, -3))?.lossPct).toBe(0);
    expect(intervalLoss(at(1000, -3), at(1098, -1))?.lossPct).toBeCloseTo(2, 10);
  });

  it('nothing expected (hold, DTX silence) → null ("no data"), not 0 %', () => {
    expect(intervalLoss(at(1000, 10), at(1000, 10))).toBeNull();
    // Fewer lost than before and nothing received: still nothing expected.
    expect(intervalLoss(at(1000, 10), at(1000, 9))).toBeNull();
  });

  it('missing counters → null; a missing packetsDiscarded only drops it from Ppl', () => {
    expect(intervalLoss(at(null, 10), at(1100, 10))).toBeNull();
    expect(intervalLoss(at(1000, 10), at(1100, null))).toBeNull();
    const loss = intervalLoss(at(1000, 10, { packetsDiscarded: null }), at(1098, 12, { packetsDiscarded: null }));
    expect(loss?.pplPct).toBeCloseTo(2, 10);
  });

  it('matches streams by SSRC, else by id, never by nothing', () => {
    expect(sameStream({ id: null, ssrc: 1 }, { id: 'x', ssrc: 1 })).toBe(true);
    expect(sameStream({ id: 'a', ssrc: null }, { id: 'a', ssrc: null })).toBe(true);
    expect(sameStream({ id: 'a', ssrc: 1 }, { id: 'b', ssrc: 1 })).toBe(false);
    expect(sameStream({ id: null, ssrc: null }, { id: null, ssrc: null })).toBe(false);
  });
});
