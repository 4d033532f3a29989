import { describe, expect, it } from 'vitest';
import { G711_WITHOUT_PLC, OPUS_NB_CBR, codecImpairment } from './codec-impairments';
import { delayImpairment, effectiveEquipmentImpairment, estimateMos, mosFromR, oneWayDelayMs, rFactor } from './e-model';

// standards.md 1.7, first table: d = RTT/2 + 2·jitter + T_codec (no measured buffer delay).
const VECTORS = [
  { n: 1, codec: 'PCMU', rttMs: 40, jitterMs: 5, lossPct: 0, d: 50.0, r: 92.0, mos: 4.38 },
  { n: 2, codec: 'PCMU', rttMs: 100, jitterMs: 10, lossPct: 1, d: 90.0, r: 87.4, mos: 4.27 },
  { n: 3, codec: G711_WITHOUT_PLC, rttMs: 100, jitterMs: 10, lossPct: 1, d: 90.0, r: 73.12, mos: 3.74 },
  { n: 4, codec: 'audio/PCMU', rttMs: 300, jitterMs: 20, lossPct: 3, d: 210.0, r: 74.42, mos: 3.8 },
  { n: 5, codec: 'opus', rttMs: 80, jitterMs: 8, lossPct: 2, d: 82.5, r: 78.83, mos: 3.98 },
  { n: 6, codec: 'audio/opus', rttMs: 250, jitterMs: 30, lossPct: 5, d: 211.5, r: 60.14, mos: 3.11 },
] as const;

describe('estimateMos: the six test vectors of standards.md 1.7', () => {
  it.each(VECTORS)('vector $n', ({ codec, rttMs, jitterMs, lossPct, d, r, mos }) => {
    const e = estimateMos({ codec, rttMs, jitterMs, lossPct });
    expect(e).not.toBeNull();
    expect(e!.oneWayDelayMs).toBeCloseTo(d, 6);
    expect(e!.r).toBeCloseTo(r, 1);
    expect(Math.abs(e!.mos - mos)).toBeLessThanOrEqual(0.05);
  });
});

describe('E-model terms', () => {
  it('Cole–Rosenbluth delay term bends at 177.3 ms', () => {
    expect(delayImpairment(50)).toBeCloseTo(1.2, 6);
    expect(delayImpairment(177.3)).toBeCloseTo(0.024 * 177.3, 6);
    expect(delayImpairment(210)).toBeCloseTo(5.04 + 0.11 * 32.7, 6);
  });

  it('Ie,eff is Ie with no loss and climbs toward 95', () => {
    expect(effectiveEquipmentImpairment(OPUS_NB_CBR, 0)).toBe(2.03);
    expect(effectiveEquipmentImpairment(OPUS_NB_CBR, 2)).toBeCloseTo(12.3888, 3);
    expect(effectiveEquipmentImpairment(OPUS_NB_CBR, 100)).toBeLessThan(95);
  });

  it('Annex B mapping with its ends, clamped to [1, 4.5]', () => {
    expect(mosFromR(-5)).toBe(1);
    expect(mosFromR(0)).toBe(1);
    expect(mosFromR(3.2)).toBe(1); // the raw polynomial gives 0.989 here
    expect(mosFromR(93.2)).toBeCloseTo(4.41, 2);
    expect(mosFromR(100)).toBe(4.5);
    expect(mosFromR(120)).toBe(4.5);
  });

  it('a measured jitter-buffer delay replaces the 2 × jitter guess', () => {
    expect(oneWayDelayMs({ codec: 'opus', rttMs: 40, jitterMs: 5, jitterBufferMs: 60 })).toBeCloseTo(20 + 60 + 26.5, 6);
    expect(oneWayDelayMs({ codec: 'opus', rttMs: 40, jitterMs: null, jitterBufferMs: 60 })).toBeCloseTo(106.5, 6);
    expect(oneWayDelayMs({ codec: 'PCMU', rttMs: 40, jitterMs: 5, jitterBufferMs: null })).toBeCloseTo(50, 6);
  });

  it('unknown and missing codecs score as Opus; G.722 as G.711', () => {
    expect(codecImpairment('audio/red')).toEqual(OPUS_NB_CBR);
    expect(codecImpairment(null)).toEqual(OPUS_NB_CBR);
    expect(codecImpairment('audio/G722')).toEqual(codecImpairment('PCMA'));
  });
});

describe('invalid input gives null, never a plausible number', () => {
  const ok = { codec: 'opus', rttMs: 40, jitterMs: 5, lossPct: 1 };
  it.each([
    ['NaN RTT', { ...ok, rttMs: Number.NaN }],
    ['negative RTT', { ...ok, rttMs: -1 }],
    ['infinite RTT', { ...ok, rttMs: Number.POSITIVE_INFINITY }],
    ['negative jitter', { ...ok, jitterMs: -3 }],
    ['NaN jitter', { ...ok, jitterMs: Number.NaN }],
    ['no jitter and no buffer delay', { ...ok, jitterMs: null }],
    ['negative buffer delay', { ...ok, jitterBufferMs: -10 }],
    ['NaN loss', { ...ok, lossPct: Number.NaN }],
    ['negative loss', { ...ok, lossPct: -0.5 }],
    ['loss over 100 %', { ...ok, lossPct: 101 }],
  ])('%s', (_, input) => {
    expect(estimateMos(input)).toBeNull();
  });

  it('in the building blocks too', () => {
    expect(mosFromR(Number.NaN)).toBeNull();
    expect(delayImpairment(-1)).toBeNull();
    expect(rFactor({ codec: 'opus', oneWayDelayMs: Number.NaN, lossPct: 0 })).toBeNull();
  });
});
