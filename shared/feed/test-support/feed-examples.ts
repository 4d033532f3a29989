import type { FeedEventInput } from '../feed-event';

/**
 * One valid example of every event type, a whole session in seq order, as a
 * producer would send it. Used by the unit tests, the hub e2e and the bench.
 */
export function sessionEvents(sessionId: string, startAt = Date.parse('2026-03-02T14:03:00Z')): FeedEventInput[] {
  const at = (s: number) => new Date(startAt + s * 1000).toISOString();
  return [
    {
      version: 'warmline.feed/1',
      sessionId,
      seq: 0,
      at: at(0),
      type: 'session.started',
      caller: { name: 'Dana Reyes', number: '+14155550100' },
      aiAgent: { name: 'Ava' },
      platform: 'LabVoice',
      language: 'en-US',
      targetQueue: 'billing',
    },
    { sessionId, seq: 1, at: at(2), type: 'transcript.turn', speaker: 'ai', text: 'Hi, this is Ava. How can I help?' },
    { sessionId, seq: 2, at: at(5), type: 'transcript.turn', speaker: 'caller', text: "There's a charge I don't", final: false },
    { sessionId, seq: 3, at: at(6), type: 'transcript.turn', speaker: 'caller', text: "There's a charge I don't recognise." },
    {
      sessionId,
      seq: 4,
      at: at(9),
      type: 'session.updated',
      intent: 'Dispute a charge',
      sentiment: 'negative',
      summary: 'Caller disputes a $42.00 charge.',
      facts: [{ label: 'Amount', value: '$42.00' }],
      confidence: 0.82,
    },
    { sessionId, seq: 5, at: at(10), type: 'quality.sample', mos: 4.3, jitterMs: 3.5, lossPct: 0.2, rttMs: 38 },
    {
      sessionId,
      seq: 6,
      at: at(12),
      type: 'transfer.requested',
      targetAgent: 'sip:alice@lab.warmline.test',
      reason: 'Refunds over $25 need a human',
      context: {
        version: 'warmline.context/1',
        sessionId,
        caller: { name: 'Dana Reyes', number: '+14155550100', verified: true },
        intent: 'Dispute a charge',
        summary: 'Caller disputes a $42.00 charge.',
      },
    },
    { sessionId, seq: 7, at: at(15), type: 'transfer.completed', agent: 'sip:alice@lab.warmline.test', outcome: 'connected' },
    { sessionId, seq: 8, at: at(16), type: 'session.ended', outcome: 'transferred' },
  ];
}
