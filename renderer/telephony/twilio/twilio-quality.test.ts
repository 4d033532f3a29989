import { describe, expect, it } from 'vitest';
import { snapshotFromStats } from '../../../shared/quality/stats-snapshot';
import { SampleFeed } from './test-support/fake-twilio';
import { readTwilioWarning, reportsFromSample } from './twilio-quality';

describe('Twilio samples as getStats reports', () => {
  it('converts ms to seconds once and keeps counters cumulative, so the snapshot reads the sample back', () => {
    const feed = new SampleFeed();
    feed.next({ rttMs: 90, jitterMs: 7 });
    const snap = snapshotFromStats(reportsFromSample(feed.next({ rttMs: 90, jitterMs: 7, codec: 'pcmu', lossPct: 2 })), 0);
    expect(snap.inbound).toMatchObject({ packetsReceived: 99, packetsLost: 1 });
    expect(snap.inbound?.jitterMs).toBeCloseTo(7, 9);
    expect(snap.remoteInbound?.roundTripTimeMs).toBeCloseTo(90, 9);
    expect(snap.outbound).toMatchObject({ packetsSent: 100, bytesSent: 16000 });
    expect(snap.codec).toMatchObject({ mimeType: 'audio/PCMU', clockRate: 8000 });
    // Not in a Twilio sample: left unknown rather than invented.
    expect(snap.path).toBeNull();
    expect(snap.mediaSource).toBeNull();
    expect(snap.inbound?.jitterBufferDelayMs).toBeNull();
  });

  it('drops non-numbers (NaN before media) instead of passing them on', () => {
    const s = new SampleFeed().next({ rttMs: Number.NaN, jitterMs: 3 });
    const snap = snapshotFromStats(reportsFromSample(s), 0);
    expect(snap.remoteInbound).toBeNull();
  });
});

describe("Twilio's warning names", () => {
  it('map onto Warmline warnings with the figure in our units', () => {
    expect(readTwilioWarning('high-rtt', { values: [420, 500] }).warning).toMatchObject({ id: 'high-delay', measured: 250 });
    expect(readTwilioWarning('high-packets-lost-fraction', { value: 3.5 }).warning).toMatchObject({ id: 'packet-loss', measured: 3.5 });
    expect(readTwilioWarning('low-bytes-received', { values: [0, 0, 0] }).warning).toMatchObject({ id: 'one-way-audio', severity: 'critical', measured: 3 });
  });

  it('says the ones we have no equivalent for, and unknown ones, in words', () => {
    expect(readTwilioWarning('low-bytes-sent', null)).toMatchObject({ id: null, warning: null, text: expect.stringMatching(/^No audio is leaving this computer/) });
    expect(readTwilioWarning('high-something-new', null).text).toBe('Twilio reports a call-quality problem (high-something-new).');
    expect(readTwilioWarning('constructor', null).id).toBeNull();
  });
});
