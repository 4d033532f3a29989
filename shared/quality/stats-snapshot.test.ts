import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshotFromStats } from './stats-snapshot';
import { recordCall, seconds } from './test-support/chromium-stats';

type Obj = Record<string, unknown>;
const chromium = (options: Parameters<typeof recordCall>[1] = {}) => recordCall(seconds(3), options)[2]!;
const without = (reports: unknown[], drop: (r: Obj) => boolean) => reports.filter((r) => !drop(r as Obj));
const edit = (reports: unknown[], type: string, change: (r: Obj) => Obj) => reports.map((r) => ((r as Obj).type === type ? change(r as Obj) : r));

describe('snapshotFromStats on a Chromium report', () => {
  const { at, reports } = chromium();
  const snap = snapshotFromStats(reports, at);

  it('reads the audio streams, in milliseconds', () => {
    expect(snap.at).toBe(at);
    expect(snap.inbound).toMatchObject({ ssrc: 2871334155, packetsReceived: 150, packetsLost: 0, packetsDiscarded: 0, jitterBufferEmittedCount: 144000, codecId: 'CIT01_111_minptime=10;useinbandfec=1' });
    expect(snap.inbound?.jitterMs).toBeCloseTo(3, 9);
    expect(snap.inbound?.jitterBufferDelayMs).toBeCloseTo(144000 * 45, 3);
    expect(snap.outbound).toMatchObject({ ssrc: 1633398726, packetsSent: 150, bytesSent: 150 * 75 });
    expect(snap.remoteInbound?.roundTripTimeMs).toBeCloseTo(46, 9);
    expect(snap.remoteInbound?.fractionLost).toBe(0);
    expect(snap.mediaSource).toMatchObject({ audioLevel: 0.03, totalSamplesDurationMs: 3000 });
  });

  it('follows transport.selectedCandidatePairId to the pair and its candidates', () => {
    expect(snap.path).toEqual({ currentRoundTripTimeMs: 40, local: 'srflx', remote: 'host', protocol: 'udp', relayProtocol: null });
  });

  it('takes the codec of the inbound stream', () => {
    expect(snap.codec).toEqual({ mimeType: 'audio/opus', clockRate: 48000, payloadType: 111, sdpFmtpLine: 'minptime=10;useinbandfec=1' });
  });

  it('falls back to the outbound codec when nothing has arrived yet', () => {
    const s = snapshotFromStats(without(reports, (r) => r.type === 'inbound-rtp'), at);
    expect(s.inbound).toBeNull();
    expect(s.codec?.mimeType).toBe('audio/opus');
    expect(s.codec?.sdpFmtpLine).toBeNull();
  });

  it('finds the pair flagged selected: true (Firefox) when no transport names it', () => {
    const noTransport = without(reports, (r) => r.type === 'transport');
    const firefox = edit(noTransport, 'candidate-pair', (p) => ({ ...p, nominated: false, selected: p.state === 'succeeded' }));
    expect(snapshotFromStats(firefox, at).path?.local).toBe('srflx');
  });

  it('else a nominated, succeeded pair; else none', () => {
    const noTransport = without(reports, (r) => r.type === 'transport');
    expect(snapshotFromStats(noTransport, at).path?.currentRoundTripTimeMs).toBe(40);
    const unsettled = edit(noTransport, 'candidate-pair', (p) => ({ ...p, nominated: false }));
    expect(snapshotFromStats(unsettled, at).path).toBeNull();
  });

  it('reads TURN relays with their protocol', () => {
    const relayed = chromium({ local: { candidateType: 'relay', protocol: 'udp', relayProtocol: 'tls' } });
    expect(snapshotFromStats(relayed.reports, relayed.at).path).toMatchObject({ local: 'relay', relayProtocol: 'tls', protocol: 'udp' });
  });

  it('accepts the older mediaType field for the kind, and ignores video', () => {
    const old = edit(reports, 'inbound-rtp', ({ kind: _kind, ...r }) => ({ ...r, mediaType: 'audio' }));
    expect(snapshotFromStats(old, at).inbound?.ssrc).toBe(2871334155);
    const video = edit(reports, 'inbound-rtp', (r) => ({ ...r, kind: 'video' }));
    expect(snapshotFromStats(video, at).inbound).toBeNull();
  });

  it('wrong-typed and non-finite fields become null', () => {
    const odd = edit(reports, 'inbound-rtp', (r) => ({ ...r, jitter: '0.003', packetsLost: Number.NaN, packetsReceived: Number.POSITIVE_INFINITY, codecId: 7 }));
    const s = snapshotFromStats(odd, at);
    expect(s.inbound).toMatchObject({ jitterMs: null, packetsLost: null, packetsReceived: null, codecId: null });
    const badCandidate = edit(reports, 'local-candidate', (r) => ({ ...r, candidateType: 'wormhole' }));
    expect(snapshotFromStats(badCandidate, at).path?.local).toBeNull();
  });
});

describe('snapshotFromStats never throws', () => {
  it('on empty or non-report input', () => {
    const empty = { at: 5, inbound: null, outbound: null, remoteInbound: null, mediaSource: null, path: null, codec: null };
    expect(snapshotFromStats([], 5)).toEqual(empty);
    expect(snapshotFromStats([null, 3, 'x', [], { type: 'inbound-rtp' }], 5)).toMatchObject({ inbound: null });
    expect(snapshotFromStats(null as unknown as unknown[], 5)).toEqual(empty);
  });

  it('on arbitrary JSON, or reports with their fields scrambled', () => {
    const { reports } = chromium();
    const scrambled = fc.array(fc.constantFrom(...reports), { maxLength: 20 }).chain((rs) =>
      fc.tuple(...rs.map((r) => fc.dictionary(fc.constantFrom(...Object.keys(r as Obj)), fc.jsonValue()).map((junk) => ({ ...(r as Obj), ...junk })))),
    );
    fc.assert(fc.property(fc.oneof(fc.array(fc.jsonValue()), scrambled), (rs) => {
      expect(() => snapshotFromStats(rs, 0)).not.toThrow();
    }));
  });
});
