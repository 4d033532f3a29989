import { describe, expect, it } from 'vitest';
import { parseTransferContext } from '../context/transfer-context';
import { buildLabContext } from './lab-context';
import { ScenarioSchema } from './scenario';

const scenario = ScenarioSchema.parse({
  id: 't',
  title: 'T',
  caller: { name: 'Dana', number: '+14155550123', voice: 'en-us+f3' },
  aiAgent: { name: 'Ava', voice: 'en-us+m3' },
  language: 'en-US',
  turns: [
    { speaker: 'ai', text: 'Hello' },
    { speaker: 'caller', text: 'Charged twice' },
  ],
  updates: [
    { afterTurn: 1, intent: 'Dispute', confidence: 0.5 },
    { afterTurn: 2, summary: 'Charged twice', confidence: 0.9, sentiment: 'negative' },
  ],
  outcome: {
    kind: 'transfer',
    reason: 'Needs a human',
    skill: 'disputes',
    verified: true,
    verificationMethod: 'DOB',
    facts: [{ label: 'Card', value: '4411' }],
    recordingConsent: 'granted',
    aiDisclosureMade: true,
    afterAnswer: [{ speaker: 'caller', text: 'Hi' }],
  },
});

describe('buildLabContext', () => {
  it('produces a context the app parses without a single issue, with the latest updates', () => {
    const ctx = buildLabContext(scenario, 'lab-1', [{ speaker: 'ai', text: 'Hello', at: '2026-01-01T00:00:00Z' }]);
    const parsed = parseTransferContext(JSON.parse(JSON.stringify(ctx)));
    expect(parsed.issues).toEqual([]);
    expect(parsed.context).toMatchObject({
      sessionId: 'lab-1',
      intent: 'Dispute',
      summary: 'Charged twice',
      sentiment: 'negative',
      caller: { name: 'Dana', number: '+14155550123', verified: true, verificationMethod: 'DOB' },
      aiAgent: { name: 'Ava', confidence: 0.9 },
      handoff: { reason: 'Needs a human', requestedSkill: 'disputes' },
      compliance: { recordingConsent: 'granted', aiDisclosureMade: true },
      transcript: [{ speaker: 'ai', text: 'Hello', at: '2026-01-01T00:00:00Z' }],
    });
  });
});
