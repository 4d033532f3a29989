import { describe, expect, it } from 'vitest';
import { IDLE_TRACK, stepTrack, type Reading, type WarningTrack } from './hysteresis';
import { DEFAULT_QUALITY_THRESHOLDS, hysteresisFor, qualityThresholds } from './thresholds';

const H = { raiseCount: 3, raiseWindow: 5, clearCount: 5 };
const bad: Reading = { kind: 'bad', measured: 7 };
const good: Reading = { kind: 'good' };
const gap: Reading = { kind: 'no-data' };
const run = (readings: Reading[], track: WarningTrack = IDLE_TRACK) => readings.reduce((t, r) => stepTrack(t, r, H), track);

describe('hysteresis', () => {
  it('raises on 3 bad of the last 5, not on 2', () => {
    expect(run([bad, good, bad, good]).active).toBe(false);
    expect(run([bad, good, bad, good, bad]).active).toBe(true);
    expect(run([bad, good, good, good, bad, bad]).active).toBe(false); // the first bad fell out of the window
  });

  it('clears after 5 good in a row; a bad one restarts the count', () => {
    const raised = run([bad, bad, bad]);
    expect(run([good, good, good, good], raised).active).toBe(true);
    expect(run([good, good, good, good, good], raised).active).toBe(false);
    expect(run([good, good, good, good, bad, good, good, good, good], raised).active).toBe(true);
  });

  it('samples without data neither raise nor clear', () => {
    expect(run([bad, bad, gap, gap, gap, gap, bad]).active).toBe(true);
    const raised = run([bad, bad, bad]);
    expect(run([gap, gap, gap, gap, gap, gap], raised)).toBe(raised);
    expect(run([good, good, gap, good, gap, good, good], raised).active).toBe(false);
  });

  it('not-applicable drops the warning and its history', () => {
    expect(run([bad, bad, bad, { kind: 'not-applicable' }])).toEqual(IDLE_TRACK);
    expect(run([bad, bad, { kind: 'not-applicable' }, bad]).active).toBe(false);
  });

  it('keeps the latest bad measurement for the advice', () => {
    expect(run([bad, bad, { kind: 'bad', measured: 9 }, good]).measured).toBe(9);
  });
});

describe('thresholds', () => {
  it('defaults: the handbook seeds', () => {
    expect(DEFAULT_QUALITY_THRESHOLDS).toMatchObject({ minMos: 4.0, targetMos: 4.3, maxJitterMs: 40, maxLossPct: 1, maxOneWayDelayMs: 150, hysteresis: H });
    expect(hysteresisFor(DEFAULT_QUALITY_THRESHOLDS, 'packet-loss')).toEqual(H);
    expect(hysteresisFor(DEFAULT_QUALITY_THRESHOLDS, 'one-way-audio')).toEqual({ raiseCount: 1, raiseWindow: 1, clearCount: 5 });
    expect(hysteresisFor(DEFAULT_QUALITY_THRESHOLDS, 'no-microphone-input')).toEqual({ raiseCount: 5, raiseWindow: 5, clearCount: 5 });
  });

  it('partial overrides merge key by key and leave the defaults alone', () => {
    const t = qualityThresholds({ maxJitterMs: 30, hysteresis: { clearCount: 2 }, hysteresisByWarning: { 'one-way-audio': { clearCount: 1 }, 'relay-path': { raiseCount: 1 } } });
    expect(t).toMatchObject({ maxJitterMs: 30, maxLossPct: 1, hysteresis: { raiseCount: 3, raiseWindow: 5, clearCount: 2 } });
    expect(hysteresisFor(t, 'one-way-audio')).toEqual({ raiseCount: 1, raiseWindow: 1, clearCount: 1 });
    expect(hysteresisFor(t, 'relay-path')).toEqual({ raiseCount: 1, raiseWindow: 5, clearCount: 2 });
    expect(DEFAULT_QUALITY_THRESHOLDS.maxJitterMs).toBe(40);
    expect(DEFAULT_QUALITY_THRESHOLDS.hysteresisByWarning['one-way-audio']).toEqual({ raiseCount: 1, raiseWindow: 1 });
  });

  it('nonsense counts are made usable rather than trusted', () => {
    const t = qualityThresholds({ hysteresis: { raiseCount: 9, raiseWindow: 0, clearCount: Number.NaN } });
    expect(hysteresisFor(t, 'packet-loss')).toEqual({ raiseCount: 1, raiseWindow: 1, clearCount: 1 });
  });
});
