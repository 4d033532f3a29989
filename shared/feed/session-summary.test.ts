import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFeedBatch } from './feed-batch';
import type { FeedEvent } from './feed-event';
import { foldSession, needsRefold, summarizeSession } from './session-summary';
import { sessionEvents } from './test-support/feed-examples';

function parsed(sessionId: string): FeedEvent[] {
  const r = parseFeedBatch(sessionEvents(sessionId));
  if (!r.ok) throw new Error(r.error);
  return r.events;
}

describe('session summary', () => {
  it('derives the list row from a whole session', () => {
    const s = summarizeSession(parsed('s-1'), 'lab');
    expect(s).toEqual({
      sessionId: 's-1',
      platform: 'lab',
      platformName: 'LabVoice',
      startedAt: '2026-03-02T14:03:00.000Z',
      endedAt: '2026-03-02T14:03:16.000Z',
      lastEventAt: '2026-03-02T14:03:16.000Z',
      caller: { name: 'Dana Reyes', number: '+14155550100' },
      aiAgent: 'Ava',
      language: 'en-US',
      targetQueue: 'billing',
      intent: 'Dispute a charge',
      sentiment: 'negative',
      summary: 'Caller disputes a $42.00 charge.',
      facts: [{ label: 'Amount', value: '$42.00' }],
      confidence: 0.82,
      outcome: 'transferred',
      transferred: true,
      targetAgent: 'sip:alice@lab.warmline.test',
      transferReason: 'Refunds over $25 need a human',
      transferOutcome: 'connected',
      transferAgent: 'sip:alice@lab.warmline.test',
      turns: 2, // the interim turn is not counted
      events: 9,
      maxSeq: 8,
      lastQuality: { at: '2026-03-02T14:03:10.000Z', mos: 4.3, jitterMs: 3.5, lossPct: 0.2, rttMs: 38 },
    });
  });

  it('keeps the latest value by seq, whatever the arrival order (property)', () => {
    const events = parsed('s-2');
    const expected = summarizeSession(events, 'lab');
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (order) => {
        // What the hub does: fold incrementally, refold from all events when one arrives late.
        let s: ReturnType<typeof summarizeSession> = null;
        const seen: FeedEvent[] = [];
        for (const e of order) {
          seen.push(e);
          s = needsRefold(s, e) ? summarizeSession(seen, 'lab') : foldSession(s, e, 'lab');
        }
        expect(s).toEqual(expected);
      }),
    );
  });

  it('a failed transfer is not "transferred"; a later update replaces intent but keeps facts', () => {
    const [started] = parsed('s-3');
    const more = parseFeedBatch([
      { sessionId: 's-3', seq: 1, at: '2026-03-02T15:04:00+01:00', type: 'session.updated', intent: 'A', facts: [{ label: 'x', value: '1' }] },
      { sessionId: 's-3', seq: 2, at: '2026-03-02T15:05:00+01:00', type: 'session.updated', intent: 'B' },
      { sessionId: 's-3', seq: 3, at: '2026-03-02T15:06:00+01:00', type: 'transfer.completed', agent: 'bob', outcome: 'failed' },
    ]);
    if (!more.ok) throw new Error(more.error);
    const s = summarizeSession([started!, ...more.events], 'lab')!;
    expect(s).toMatchObject({ intent: 'B', facts: [{ label: 'x', value: '1' }], transferred: false, transferOutcome: 'failed', outcome: null, endedAt: null });
    // Offsets are normalized to UTC, so text order is time order.
    expect(s.lastEventAt).toBe('2026-03-02T14:06:00.000Z');
  });
});
