import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { G711_WITHOUT_PLC } from './codec-impairments';
import { estimateMos, mosFromR } from './e-model';

const codec = fc.constantFrom('opus', 'PCMU', 'PCMA', 'G722', 'audio/red', null, G711_WITHOUT_PLC);
const ms = (max: number) => fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true });
const lossPct = fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true });
const input = fc.record({ codec, rttMs: ms(5000), jitterMs: ms(1000), jitterBufferMs: fc.option(ms(2000), { nil: undefined }), lossPct });
const mos = (i: Parameters<typeof estimateMos>[0]) => estimateMos(i)!.mos;
// "Never rises" up to floating-point rounding: p/(p + Bpl) can round up by one ulp as p grows.
const ULPS = 1e-12;

describe('E-model properties', () => {
  it('MOS is always within [1, 4.5] for valid input', () => {
    fc.assert(fc.property(input, (i) => {
      const m = mos(i);
      expect(m).toBeGreaterThanOrEqual(1);
      expect(m).toBeLessThanOrEqual(4.5);
    }));
  });

  it('mosFromR never leaves [1, 4.5] and never falls as R rises', () => {
    fc.assert(fc.property(fc.double({ min: -200, max: 200, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), (r, up) => {
      const a = mosFromR(r)!;
      expect(a).toBeGreaterThanOrEqual(1);
      expect(a).toBeLessThanOrEqual(4.5);
      expect(mosFromR(r + up)! + ULPS).toBeGreaterThanOrEqual(a);
    }));
  });

  it('more loss never raises MOS', () => {
    fc.assert(fc.property(input, lossPct, (i, other) => {
      const [lo, hi] = [Math.min(i.lossPct, other), Math.max(i.lossPct, other)];
      expect(mos({ ...i, lossPct: hi })).toBeLessThanOrEqual(mos({ ...i, lossPct: lo }) + ULPS);
    }));
  });

  it('more jitter never raises MOS (when jitter sets the buffer delay)', () => {
    fc.assert(fc.property(input, ms(1000), (i, other) => {
      const base = { ...i, jitterBufferMs: undefined };
      const [lo, hi] = [Math.min(i.jitterMs, other), Math.max(i.jitterMs, other)];
      expect(mos({ ...base, jitterMs: hi })).toBeLessThanOrEqual(mos({ ...base, jitterMs: lo }) + ULPS);
    }));
  });

  it('more delay (RTT or buffer) never raises MOS', () => {
    fc.assert(fc.property(input, ms(5000), ms(2000), (i, rtt, buffer) => {
      const [rLo, rHi] = [Math.min(i.rttMs, rtt), Math.max(i.rttMs, rtt)];
      expect(mos({ ...i, rttMs: rHi })).toBeLessThanOrEqual(mos({ ...i, rttMs: rLo }) + ULPS);
      const b = i.jitterBufferMs ?? 0;
      const [bLo, bHi] = [Math.min(b, buffer), Math.max(b, buffer)];
      expect(mos({ ...i, jitterBufferMs: bHi })).toBeLessThanOrEqual(mos({ ...i, jitterBufferMs: bLo }) + ULPS);
    }));
  });

  it('invalid numbers never throw and give null', () => {
    const bad = fc.constantFrom(Number.NaN, -1, -1e-9, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
    fc.assert(fc.property(input, bad, fc.constantFrom('rttMs', 'jitterMs', 'lossPct', 'jitterBufferMs'), (i, x, key) => {
      expect(estimateMos({ ...i, [key]: x })).toBeNull();
    }));
  });
});
