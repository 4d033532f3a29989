import { z } from 'zod';

/**
 * A Lab scenario (resources/lab/scenarios/*.json): one simulated caller's
 * conversation with an AI agent, and how it ends: resolved by the AI, or a
 * warm transfer to the human agent with the context the AI collected. The
 * audio of each turn is resources/lab/audio/<id>-<n>.ogg (Opus), generated
 * once from the text by scripts/make-lab-audio.mjs.
 */
const Voice = z.string().regex(/^[a-z-]+(\+[a-z0-9]+)?$/, 'an espeak-ng voice such as en-us+f3');
const Turn = z.object({ speaker: z.enum(['caller', 'ai']), text: z.string().min(1).max(400) });
const Fact = z.object({ label: z.string().min(1).max(60), value: z.string().min(1).max(200) });

export const ScenarioUpdateSchema = z.object({
  /** Sent after this many turns have been spoken (1-based). */
  afterTurn: z.number().int().min(1),
  intent: z.string().max(200).optional(),
  summary: z.string().max(1000).optional(),
  sentiment: z.enum(['positive', 'neutral', 'negative', 'mixed']).optional(),
  confidence: z.number().min(0).max(1).optional(),
});

const Transfer = z.object({
  kind: z.literal('transfer'),
  reason: z.string().min(1).max(200),
  skill: z.string().min(1).max(60),
  verified: z.boolean(),
  verificationMethod: z.string().max(60),
  facts: z.array(Fact).max(20),
  account: z.object({ id: z.string().max(60), label: z.string().max(80) }).optional(),
  recordingConsent: z.enum(['granted', 'declined', 'unknown']),
  aiDisclosureMade: z.boolean(),
  /** What the caller says to the human after the answer (looped until hang-up). */
  afterAnswer: z.array(Turn.extend({ speaker: z.literal('caller') })).min(1).max(10),
});

export const ScenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/),
    title: z.string().min(1).max(120),
    caller: z.object({ name: z.string().min(1).max(80), number: z.string().regex(/^\+[1-9]\d{6,14}$/, 'E.164'), voice: Voice }),
    aiAgent: z.object({ name: z.string().min(1).max(80), voice: Voice }),
    language: z.string().min(2).max(20),
    turns: z.array(Turn).min(1).max(30),
    updates: z.array(ScenarioUpdateSchema).max(30),
    outcome: z.discriminatedUnion('kind', [z.object({ kind: z.literal('resolved') }), Transfer]),
  })
  .strict()
  .superRefine((s, ctx) => {
    for (const [i, u] of s.updates.entries()) {
      if (u.afterTurn > s.turns.length) ctx.addIssue({ code: 'custom', path: ['updates', i, 'afterTurn'], message: `there are only ${s.turns.length} turns` });
    }
  });
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioTurn = Scenario['turns'][number];

/** Audio file of a turn: the conversation's turns first, then the after-answer lines. */
export const turnAudioName = (scenarioId: string, index: number): string => `${scenarioId}-${index + 1}.ogg`;

/** Every spoken line of a scenario, in the order of its audio files. */
export function spokenLines(s: Scenario): Array<ScenarioTurn & { voice: string }> {
  const voice = (speaker: 'caller' | 'ai') => (speaker === 'caller' ? s.caller.voice : s.aiAgent.voice);
  const after = s.outcome.kind === 'transfer' ? s.outcome.afterAnswer : [];
  return [...s.turns, ...after].map((t) => ({ ...t, voice: voice(t.speaker) }));
}
