import { describe, expect, it } from 'vitest';
import { CallQualitySummarySchema, summarizeCallQuality } from './call-quality-summary';
import { initialQualityState } from './quality-monitor';
import { recordCall, seconds } from './test-support/chromium-stats';
import { replay } from './test-support/replay';

const summaryOf = (...args: Parameters<typeof recordCall>) => summarizeCallQuality(replay(recordCall(...args)).state!);

describe('summarizeCallQuality', () => {
  it('a clean call', () => {
    expect(summaryOf(seconds(30))).toEqual({ samples: 30, minMos: 4.31, avgMos: 4.31, maxJitterMs: 3, lossPct: 0, warningsRaised: [], path: 'srflx', codec: 'opus' });
  });

  it('whole-call loss from summed packet counts, warnings in the order raised', () => {
    const s = summaryOf([...seconds(5), ...seconds(10, { lossPct: 5, jitterMs: 45, bufferMs: 90 }), ...seconds(5, { receiving: false }), ...seconds(10)]);
    // 24 intervals with packets (the first sample has none, hold-like silence gives no data): 10 lossy with 25 lost in all, 14 clean.
    expect(s.lossPct).toBeCloseTo((100 * 25) / (24 * 50), 2);
    expect(s.warningsRaised).toEqual(['low-mos', 'packet-loss', 'high-jitter', 'one-way-audio']);
    expect(s.maxJitterMs).toBe(45);
    expect(s.minMos).toBeLessThan(3.5);
  });

  it('names TURN with its transport, and the codec', () => {
    const s = summaryOf(seconds(5), { codec: 'PCMU', local: { candidateType: 'relay', protocol: 'udp', relayProtocol: 'tcp' } });
    expect(s).toMatchObject({ path: 'relay/tcp', codec: 'PCMU', warningsRaised: ['relay-path'] });
  });

  it('a new SSRC mid-call does not distort the call loss', () => {
    expect(summaryOf([...seconds(5), ...seconds(5, { inboundSsrc: 381275544 })]).lossPct).toBe(0);
  });

  it('null figures when there was no data', () => {
    expect(summarizeCallQuality(initialQualityState())).toEqual({ samples: 0, minMos: null, avgMos: null, maxJitterMs: null, lossPct: null, warningsRaised: [], path: null, codec: null });
    expect(summaryOf(seconds(1))).toMatchObject({ samples: 1, minMos: null, lossPct: null, path: 'srflx' });
  });
});

describe('CallQualitySummarySchema', () => {
  it('parses what summarizeCallQuality produces, from unknown', () => {
    const s = summaryOf([...seconds(3), ...seconds(5, { lossPct: 5 })]);
    expect(CallQualitySummarySchema.parse(JSON.parse(JSON.stringify(s)) as unknown)).toEqual(s);
  });

  it.each([
    ['not an object', 'hello'],
    ['a MOS off the scale', { samples: 1, minMos: 7, avgMos: null, maxJitterMs: null, lossPct: null, warningsRaised: [], path: null, codec: null }],
    ['a warning that is not an id', { samples: 1, minMos: null, avgMos: null, maxJitterMs: null, lossPct: null, warningsRaised: [42], path: null, codec: null }],
    ['an unknown path', { samples: 1, minMos: null, avgMos: null, maxJitterMs: null, lossPct: null, warningsRaised: [], path: 'wormhole', codec: null }],
    ['missing fields', { samples: 1 }],
  ])('rejects %s', (_, value) => {
    expect(CallQualitySummarySchema.safeParse(value).success).toBe(false);
  });

  it('keeps a warning id it does not know (a record from a newer Warmline is not dropped)', () => {
    const value = { samples: 1, minMos: null, avgMos: null, maxJitterMs: null, lossPct: null, warningsRaised: ['echo'], path: null, codec: null };
    expect(CallQualitySummarySchema.parse(value).warningsRaised).toEqual(['echo']);
  });

  it.each([['an empty warning id', { samples: 1, minMos: null, avgMos: null, maxJitterMs: null, lossPct: null, warningsRaised: [''], path: null, codec: null }]])('rejects %s', (_, value) => {
    expect(CallQualitySummarySchema.safeParse(value).success).toBe(false);
  });
});
