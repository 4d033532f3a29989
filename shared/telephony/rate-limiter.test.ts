import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallRateLimiter, DEFAULT_CALL_RATE_POLICY, type CallRatePolicy } from './rate-limiter';

describe('CallRateLimiter (R12: 30 calls per second per provider, queued beyond)', () => {
  it('defaults to 30 calls/s, spaced one at a time, with a bounded queue', () => {
    expect(DEFAULT_CALL_RATE_POLICY).toEqual({ callsPerSecond: 30, burst: 1, maxQueue: 50 });
  });

  it('lets the first call go and queues a burst in order, each told its place and wait', () => {
    const l = new CallRateLimiter(DEFAULT_CALL_RATE_POLICY, 0);
    expect(l.admit(0)).toEqual({ ok: true });
    const queued = Array.from({ length: 30 }, () => l.admit(0));
    expect(queued.map((a) => (a.ok || !a.queued ? null : a.position))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const waits = queued.map((a) => (!a.ok && a.queued ? a.waitMs : -1));
    expect(waits[0]).toBe(34); // ceil(1000 / 30)
    expect(waits[29]).toBe(1000); // the 31st call of the burst goes one second after the first
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    expect(l.queued).toBe(30);
  });

  it('releases the head exactly when its wait is over, not before', () => {
    const l = new CallRateLimiter(DEFAULT_CALL_RATE_POLICY, 0);
    l.admit(0);
    const a = l.admit(0);
    if (a.ok || !a.queued) throw new Error('expected queued');
    expect(l.releaseHead(a.waitMs - 2)).toEqual({ ok: false, waitMs: expect.any(Number) });
    expect(l.releaseHead(a.waitMs)).toEqual({ ok: true });
    expect(l.queued).toBe(0);
  });

  it('never lets a new call overtake a waiting one', () => {
    const l = new CallRateLimiter({ callsPerSecond: 10, burst: 1, maxQueue: 5 }, 0);
    l.admit(0);
    expect(l.admit(50)).toMatchObject({ queued: true, position: 1 });
    // A token has come by 200 ms, but the head is owed it.
    expect(l.admit(200)).toMatchObject({ queued: true, position: 2 });
    expect(l.releaseHead(200)).toEqual({ ok: true });
  });

  it('refuses beyond maxQueue, and a withdrawn call frees its place', () => {
    const l = new CallRateLimiter({ callsPerSecond: 1, burst: 1, maxQueue: 2 }, 0);
    l.admit(0);
    l.admit(0);
    l.admit(0);
    const refused = l.admit(0);
    expect(refused).toMatchObject({ ok: false, queued: false });
    expect(!refused.ok && !refused.queued ? refused.reason : '').toMatch(/2 calls are already waiting/);
    l.withdraw();
    expect(l.admit(0)).toMatchObject({ queued: true, position: 2 });
  });

  it('gives nothing back when the clock steps backwards', () => {
    const l = new CallRateLimiter({ callsPerSecond: 1, burst: 1, maxQueue: 1 }, 10_000);
    expect(l.admit(10_000)).toEqual({ ok: true });
    expect(l.admit(0)).toMatchObject({ queued: true, waitMs: 1000 });
  });

  it('refuses an impossible policy', () => {
    expect(() => new CallRateLimiter({ callsPerSecond: 0, burst: 1, maxQueue: 1 })).toThrow();
    expect(() => new CallRateLimiter({ callsPerSecond: 30, burst: 0, maxQueue: 1 })).toThrow();
  });

  it('property: calls leave in arrival order and no 1 s window carries more than rate + burst', () => {
    const policy = fc.record({ callsPerSecond: fc.integer({ min: 1, max: 50 }), burst: fc.integer({ min: 1, max: 5 }), maxQueue: fc.integer({ min: 0, max: 40 }) });
    const gaps = fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 150 });
    fc.assert(
      fc.property(policy, gaps, (p: CallRatePolicy, arrivals) => {
        const l = new CallRateLimiter(p, 0);
        const queue: number[] = [];
        const departures: { id: number; at: number }[] = [];
        let now = 0;
        // Drive the queue as dial-queue.ts does: release the head whenever its wait is over.
        const drain = (until: number) => {
          while (queue.length > 0) {
            const r = l.releaseHead(now);
            if (r.ok) {
              departures.push({ id: queue.shift()!, at: now });
              continue;
            }
            if (now + r.waitMs > until) return;
            now += Math.max(1, r.waitMs);
          }
        };
        arrivals.forEach((gap, id) => {
          drain(now + gap);
          now += gap;
          const a = l.admit(now);
          if (a.ok) departures.push({ id, at: now });
          else if (a.queued) queue.push(id);
        });
        drain(Number.POSITIVE_INFINITY);
        const ids = departures.map((d) => d.id);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
        for (const d of departures) {
          const inWindow = departures.filter((x) => x.at >= d.at && x.at < d.at + 1000).length;
          expect(inWindow).toBeLessThanOrEqual(p.callsPerSecond + p.burst);
        }
      }),
      { numRuns: 200 },
    );
  });
});
