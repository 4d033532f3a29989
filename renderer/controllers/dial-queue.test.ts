import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../telephony/twilio/test-support/fake-twilio';
import { cancelQueuedDial, configureDialQueue, deferDial, describeDialQueue, dialQueueStatus, subscribeDialQueue } from './dial-queue';

describe('dial queue (R12 rate limit in front of click-to-dial)', () => {
  let clock: ManualClock;
  let placed: { display: string; at: number }[];

  /** What call-actions' dial() does with the hook: ask, and place the call only on 'now'. */
  function dial(display: string, accountId = 'acct-1'): 'now' | 'queued' | 'refused' {
    const rate = deferDial(accountId, 'Twilio', display, () => dial(display, accountId));
    if (rate === 'now') placed.push({ display, at: clock.now() });
    return rate;
  }

  beforeEach(() => {
    clock = new ManualClock(0);
    placed = [];
    configureDialQueue({ clock, policy: { callsPerSecond: 10, burst: 1, maxQueue: 3 } });
  });

  it('places the first call at once and the rest in order, one per 1/rate', () => {
    expect(['a', 'b', 'c'].map((d) => dial(d))).toEqual(['now', 'queued', 'queued']);
    expect(dialQueueStatus().waiting.map((q) => [q.display, q.position, q.dueAt])).toEqual([
      ['b', 1, 100],
      ['c', 2, 200],
    ]);
    clock.advance(99);
    expect(placed.map((p) => p.display)).toEqual(['a']);
    clock.advance(1);
    expect(placed).toEqual([
      { display: 'a', at: 0 },
      { display: 'b', at: 100 },
    ]);
    clock.advance(100);
    expect(placed.map((p) => p.display)).toEqual(['a', 'b', 'c']);
    expect(dialQueueStatus().waiting).toEqual([]);
  });

  it('does not let a new request overtake the queue, nor a fresh bucket burst after it drains', () => {
    dial('a');
    dial('b');
    clock.advance(100);
    expect(dial('c')).toBe('queued'); // the token 'b' took is gone; 'c' waits for the next
    clock.advance(100);
    expect(placed.map((p) => [p.display, p.at])).toEqual([
      ['a', 0],
      ['b', 100],
      ['c', 200],
    ]);
  });

  it('keeps providers apart: one account waiting does not hold up another', () => {
    dial('a', 'acct-1');
    expect(dial('b', 'acct-1')).toBe('queued');
    expect(dial('x', 'acct-2')).toBe('now');
  });

  it('lets the agent cancel a waiting request; the ones behind move up', () => {
    dial('a');
    dial('b');
    dial('c');
    const b = dialQueueStatus().waiting.find((q) => q.display === 'b');
    expect(cancelQueuedDial(b!.id)).toBe(true);
    expect(dialQueueStatus().waiting.map((q) => [q.display, q.position])).toEqual([['c', 1]]);
    clock.advance(100);
    expect(placed.map((p) => p.display)).toEqual(['a', 'c']);
    expect(cancelQueuedDial(b!.id)).toBe(false);
  });

  it('refuses beyond the queue bound and says so in the status', () => {
    dial('a');
    ['b', 'c', 'd'].forEach((d) => dial(d));
    expect(dial('e')).toBe('refused');
    expect(dialQueueStatus().refused).toMatch(/^Not dialing e: 3 calls are already waiting .* through Twilio/);
  });

  it('tells subscribers and describes the head for the dialer', () => {
    let changes = 0;
    const off = subscribeDialQueue(() => changes++);
    dial('a');
    dial('+1 415-555-0100');
    dial('c');
    expect(changes).toBe(2);
    const before = dialQueueStatus();
    expect(dialQueueStatus()).toBe(before); // a stable snapshot until something changes
    expect(describeDialQueue(before, 40)).toBe('Dialing +1 415-555-0100 in 0.1 s (1 more waiting): at most 10 calls per second go to Twilio.');
    off();
    clock.advance(300);
    expect(changes).toBe(2);
    expect(describeDialQueue(dialQueueStatus())).toBeNull();
  });
});
