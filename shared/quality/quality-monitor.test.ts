import { describe, expect, it } from 'vitest';
import { initialQualityState, stepQuality } from './quality-monitor';
import { snapshotFromStats } from './stats-snapshot';
import { recordCall, seconds } from './test-support/chromium-stats';
import { replay, warningIds } from './test-support/replay';

const HOLD = { muted: false, onHold: true };
const NORMAL = { muted: false, onHold: false };
const everyWarning = (samples: ReturnType<typeof replay>['samples']) => new Set(warningIds(samples).flat());

describe('stepQuality: a clean call', () => {
  const { samples, state } = replay(recordCall(seconds(20)));

  it('raises nothing and scores at the target', () => {
    expect(everyWarning(samples).size).toBe(0);
    expect(state?.raisedWarnings).toEqual([]);
    for (const s of samples.slice(1)) expect(s.mos).toBeGreaterThanOrEqual(4.3);
  });

  it('measures each interval the way the call panel shows it', () => {
    expect(samples[5]).toMatchObject({ lossPct: 0, rttMs: 40, jitterBufferMs: 45, packetsReceivedDelta: 50, packetsSentDelta: 50, codec: { name: 'opus', clockRate: 48000, fec: true } });
    expect(samples[5]?.jitterMs).toBeCloseTo(3, 9);
    expect(samples[5]?.inputLevel).toBeCloseTo(0.03, 9);
    expect(samples[5]?.oneWayDelayMs).toBeCloseTo(20 + 45 + 26.5, 9);
    expect(samples[5]?.path).toEqual({ local: 'srflx', remote: 'host', protocol: 'udp', relayProtocol: null });
  });

  it('has no loss figure and no MOS on the first sample (no interval yet)', () => {
    expect(samples[0]).toMatchObject({ lossPct: null, mos: null, packetsReceivedDelta: null, jitterBufferMs: null });
  });

  it('reads G.711 calls too (no FEC)', () => {
    const pcmu = replay(recordCall(seconds(3), { codec: 'PCMU' })).samples[2];
    expect(pcmu?.codec).toEqual({ name: 'PCMU', clockRate: 8000, fec: false });
    expect(pcmu?.mos).toBeGreaterThan(4.3);
  });
});

describe('stepQuality: 5 % loss and 40 ms jitter, then recovery', () => {
  const bad = { lossPct: 5, jitterMs: 40, bufferMs: 90 };
  const { samples, state } = replay(recordCall([...seconds(4), ...seconds(8, bad), ...seconds(8)]));
  const ids = warningIds(samples);

  it('raises loss and MOS warnings within 5 samples of the impairment', () => {
    const firstRaised = ids.findIndex((w) => w.includes('packet-loss'));
    expect(firstRaised - 4).toBeLessThan(5);
    expect(ids[4 + 2]).toEqual(['low-mos', 'packet-loss']); // third bad sample of the default 3-of-5
    expect(ids[4 + 1]).toEqual([]);
  });

  it('tells the user the measured loss in words', () => {
    const warning = samples[8]?.warnings.find((w) => w.id === 'packet-loss');
    expect(warning).toMatchObject({ severity: 'warn', measured: samples[8]?.lossPct });
    expect(warning?.advice).toMatch(/^Your network is losing [46]% of audio packets: move closer to Wi-Fi or plug in a cable\.$/);
  });

  it('clears after 5 good samples in a row, not before', () => {
    expect(ids[12 + 3]).toEqual(['low-mos', 'packet-loss']);
    expect(ids[12 + 4]).toEqual([]);
    expect(state?.raisedWarnings).toEqual(['low-mos', 'packet-loss']);
  });

  it('jitter of exactly 40 ms is at the limit, not over it; 41 ms warns', () => {
    expect(everyWarning(samples).has('high-jitter')).toBe(false);
    const worse = replay(recordCall([...seconds(2), ...seconds(5, { ...bad, jitterMs: 41 })]));
    expect(warningIds(worse.samples)[4]).toContain('high-jitter');
    expect(worse.samples[4]?.warnings.find((w) => w.id === 'high-jitter')?.advice).toContain('(41 ms of jitter)');
  });

  it('one bad second in five is a blip, not a warning', () => {
    const blips = replay(recordCall([...seconds(3), ...[0, 1, 2, 3].flatMap(() => [{ lossPct: 10 }, ...seconds(2)])]));
    expect(everyWarning(blips.samples).size).toBe(0);
  });

  it('long delay warns on its own', () => {
    const far = replay(recordCall(seconds(6, { rttMs: 260, bufferMs: 60 })));
    expect(warningIds(far.samples)[3]).toContain('high-delay');
  });
});

describe('stepQuality: hold', () => {
  const onHold = { receiving: false, sending: false };
  const recording = recordCall([...seconds(4), ...seconds(10, onHold), ...seconds(4)]);
  const ctx = (i: number) => (i >= 4 && i < 14 ? HOLD : NORMAL);

  it('reports no data during hold and raises no warning', () => {
    const { samples } = replay(recording, ctx);
    expect(everyWarning(samples).size).toBe(0);
    for (const s of samples.slice(4, 14)) expect(s).toMatchObject({ lossPct: null, mos: null, jitterMs: null, packetsReceivedDelta: 0 });
  });

  it('no false warning even if the app forgets to say it is on hold', () => {
    expect(everyWarning(replay(recording).samples).size).toBe(0);
  });

  it('hold neither clears nor raises a network warning: it resumes where it was', () => {
    const lossy = recordCall([...seconds(2), ...seconds(4, { lossPct: 8 }), ...seconds(6, onHold), ...seconds(5)]);
    const ids = warningIds(replay(lossy, (i) => (i >= 6 && i < 12 ? HOLD : NORMAL)).samples);
    expect(ids.slice(6, 12).every((w) => w.includes('packet-loss'))).toBe(true);
    expect(ids[15]).toContain('packet-loss'); // 4 good samples after hold
    expect(ids[16]).not.toContain('packet-loss'); // 5th
  });
});

describe('stepQuality: microphone', () => {
  const silentMic = recordCall(seconds(12, { micLevel: 0 }));

  it('no "no microphone input" warning while muted', () => {
    expect(everyWarning(replay(silentMic, { muted: true, onHold: false }).samples).size).toBe(0);
  });

  it('a dead microphone while unmuted warns after 5 silent samples, as critical, first in the list', () => {
    const { samples } = replay(recordCall([...seconds(12, { micLevel: 0, lossPct: 8 })]));
    expect(warningIds(samples)[3]).toEqual(['low-mos', 'packet-loss']);
    expect(warningIds(samples)[4]).toEqual(['no-microphone-input', 'low-mos', 'packet-loss']);
    expect(samples[4]?.warnings[0]?.severity).toBe('critical');
  });

  it('a pause of 4 seconds while listening is not a dead microphone', () => {
    const pauses = recordCall([...seconds(2), ...seconds(4, { micLevel: 0 }), ...seconds(1), ...seconds(4, { micLevel: 0 }), ...seconds(2)]);
    expect(everyWarning(replay(pauses).samples).size).toBe(0);
  });

  it('muting drops the warning at once; unmuting starts over', () => {
    const ids = warningIds(replay(silentMic, (i) => (i === 6 ? { muted: true, onHold: false } : NORMAL)).samples);
    expect(ids[5]).toEqual(['no-microphone-input']);
    expect(ids[6]).toEqual([]);
    expect(ids[10]).toEqual([]);
    expect(ids[11]).toEqual(['no-microphone-input']);
  });
});

describe('stepQuality: one-way audio', () => {
  const farEndGone = recordCall([...seconds(3), ...seconds(6, { receiving: false })]);

  it('warns once we have sent for 3 s and received nothing', () => {
    const { samples } = replay(farEndGone);
    const ids = warningIds(samples);
    expect(ids[4]).toEqual([]);
    expect(ids[5]).toEqual(['one-way-audio']);
    expect(samples[5]?.warnings[0]).toMatchObject({ severity: 'critical', measured: 3 });
    expect(samples[5]?.warnings[0]?.advice).toContain('for 3 seconds');
  });

  it('not on hold', () => {
    expect(everyWarning(replay(farEndGone, (i) => (i >= 3 ? HOLD : NORMAL)).samples).size).toBe(0);
  });

  it('also when the far end never sent a packet (Chromium then has no inbound-rtp at all)', () => {
    const { samples } = replay(recordCall(seconds(6, { receiving: false }), { inboundBeforeFirstPacket: true }));
    expect(samples[1]?.packetsReceivedDelta).toBe(0);
    // Counted from the first snapshot (t = 1 s): the stall is known to last 3 s at t = 4 s.
    expect(warningIds(samples)[2]).toEqual([]);
    expect(warningIds(samples)[3]).toEqual(['one-way-audio']);
  });

  it('clears once audio flows again', () => {
    const ids = warningIds(replay(recordCall([...seconds(2), ...seconds(5, { receiving: false }), ...seconds(6)])).samples);
    expect(ids[6]).toEqual(['one-way-audio']);
    expect(ids[10]).toEqual(['one-way-audio']);
    expect(ids[11]).toEqual([]);
  });
});

describe('stepQuality: relay path and counter resets', () => {
  it('warns when media goes through TURN, naming the transport', () => {
    const { samples } = replay(recordCall(seconds(5), { local: { candidateType: 'relay', protocol: 'udp', relayProtocol: 'tcp' } }));
    expect(warningIds(samples)[1]).toEqual([]);
    expect(samples[2]?.warnings).toEqual([expect.objectContaining({ id: 'relay-path', severity: 'warn', measured: 'TURN/TCP' })]);
    expect(samples[2]?.path).toMatchObject({ local: 'relay', relayProtocol: 'tcp' });
  });

  it('a new SSRC (ICE restart, re-INVITE) resets the baseline: one interval without data, no false loss', () => {
    const { samples } = replay(recordCall([...seconds(5, { lossPct: 0.5 }), ...seconds(5, { inboundSsrc: 381275544 })]));
    expect(samples[5]).toMatchObject({ lossPct: null, mos: null, packetsReceivedDelta: null, jitterBufferMs: null });
    expect(samples[6]).toMatchObject({ lossPct: 0, packetsReceivedDelta: 50 });
    expect(everyWarning(samples).size).toBe(0);
  });

  it('a snapshot with no stats at all is no data, not an alarm', () => {
    let state = initialQualityState();
    for (const [i, second] of recordCall(seconds(3)).entries()) state = stepQuality(state, snapshotFromStats(second.reports, i * 1000), NORMAL).state;
    const { sample } = stepQuality(state, snapshotFromStats([], 3000), NORMAL);
    expect(sample).toMatchObject({ lossPct: null, mos: null, jitterMs: null, rttMs: null, path: null, warnings: [] });
  });
});
