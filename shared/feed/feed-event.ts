import { z } from 'zod';
import { TransferContextSchema } from '../context/transfer-context';

/**
 * `warmline.feed/1`: what an AI platform tells the hub about a live
 * conversation, one flat JSON object per event. docs/feed-format.md is the
 * contract for producers and docs/feed.schema.json is generated from the
 * schemas here (scripts/gen-feed-schema.ts); keep all three in step.
 *
 * Unlike the transfer context (read field by field, so a bad field costs only
 * that field), an event is all or nothing: the hub rejects an invalid event
 * with the path of its first bad field, so a producer learns of its bug at
 * once instead of supervisors seeing half a session.
 */
export const FEED_VERSION = 'warmline.feed/1';

/** Limits, as data: the docs and the JSON Schema quote them from here. */
export const FEED_LIMITS = {
  sessionId: 128,
  name: 200,
  number: 64,
  shortText: 200,
  summary: 4000,
  factLabel: 100,
  factValue: 1000,
  facts: 50,
  turnText: 4000,
  language: 35,
  targetAgent: 256,
  reason: 500,
  /** A request body: at most this many events... */
  batchEvents: 500,
  /** ...and at most this many bytes. */
  bodyBytes: 1024 * 1024,
} as const;

const L = FEED_LIMITS;

export const FEED_EVENT_TYPES = [
  'session.started',
  'session.updated',
  'transcript.turn',
  'quality.sample',
  'transfer.requested',
  'transfer.completed',
  'session.ended',
] as const;
export type FeedEventType = (typeof FEED_EVENT_TYPES)[number];

export const SESSION_OUTCOMES = ['resolved', 'transferred', 'abandoned', 'failed'] as const;
export type SessionOutcome = (typeof SESSION_OUTCOMES)[number];

/** Ids travel in URLs (`/sessions/:id`) and log lines: a conservative alphabet keeps them safe in both. */
const SESSION_ID = /^[A-Za-z0-9._:-]+$/;

const text = (max: number, description: string) => z.string().max(max).meta({ description });
const nonEmpty = (max: number, description: string) => z.string().min(1).max(max).meta({ description });

export const SessionIdSchema = z
  .string()
  .min(1)
  .max(L.sessionId)
  .regex(SESSION_ID, { error: 'must use only letters, digits and . _ : -' })
  .meta({ description: "Your platform's id for the conversation, the same in every event of it." });

const common = {
  version: z.literal(FEED_VERSION).optional().meta({ description: 'Optional; when present, exactly "warmline.feed/1".' }),
  sessionId: SessionIdSchema,
  seq: z
    .number()
    .int()
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .meta({ description: 'Position of the event in its session, assigned by your platform: 0, 1, 2... Replaying the same seq is safe (idempotent).' }),
  at: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time like 2025-05-01T14:03:07Z' })
    .meta({ description: 'When it happened, ISO 8601 date-time with Z or an offset.' }),
};

const FactSchema = z.object({
  label: nonEmpty(L.factLabel, 'What the value is, e.g. "Order number".'),
  value: text(L.factValue, 'The value.'),
});

const SessionStarted = z.object({
  ...common,
  type: z.literal('session.started'),
  caller: z
    .object({
      name: text(L.name, 'Caller name as given or as found in the CRM.').optional(),
      number: nonEmpty(L.number, 'Caller number, E.164 (+14155550100) where known, otherwise as the network gave it.').optional(),
    })
    .meta({ description: 'Who is calling; send {} when unknown.' }),
  aiAgent: z.object({ name: text(L.shortText, 'Name of the AI agent.').optional() }).optional(),
  platform: text(L.shortText, 'Name of your AI platform or product.').optional(),
  language: text(L.language, 'Language of the call, BCP 47, e.g. "en-US".').optional(),
  targetQueue: text(L.shortText, 'Queue or skill the session is for, e.g. "billing".').optional(),
});

const SessionUpdated = z.object({
  ...common,
  type: z.literal('session.updated'),
  intent: text(L.shortText, 'What the caller wants, in a few words.').optional(),
  sentiment: z.enum(['positive', 'neutral', 'negative', 'mixed']).optional(),
  summary: text(L.summary, 'What has happened so far, plain text; replaces the previous summary.').optional(),
  facts: z
    .array(FactSchema)
    .max(L.facts)
    .optional()
    .meta({ description: `Key facts; replaces the previous list. At most ${L.facts} items.` }),
  confidence: z.number().min(0).max(1).optional().meta({ description: "The AI's confidence in its intent and summary, 0 to 1." }),
});

const TranscriptTurn = z.object({
  ...common,
  type: z.literal('transcript.turn'),
  speaker: z.enum(['caller', 'ai', 'agent', 'supervisor']),
  text: nonEmpty(L.turnText, 'What was said.'),
  final: z.boolean().default(true).meta({ description: 'false for an interim (partial) recognition result; default true.' }),
});

const QualitySample = z.object({
  ...common,
  type: z.literal('quality.sample'),
  mos: z.number().min(1).max(5).optional().meta({ description: 'Mean opinion score, 1 to 5.' }),
  jitterMs: z.number().min(0).max(10_000).optional(),
  lossPct: z.number().min(0).max(100).optional(),
  rttMs: z.number().min(0).max(60_000).optional(),
});

const transferFields = {
  ...common,
  type: z.literal('transfer.requested'),
  targetAgent: nonEmpty(L.targetAgent, 'The human agent asked for: a SIP address of record ("sip:alice@example.com") or a user name.'),
  reason: text(L.reason, 'Why the AI is handing over.').optional(),
};

/** As sent: the context is any object here; parseTransferContext reads it (feed-batch.ts). */
const TransferRequestedInput = z.object({
  ...transferFields,
  context: z
    .record(z.string(), z.unknown())
    .meta({ description: 'A warmline.context/1 transfer context (docs/context-format.md), the screen-pop the agent will see.' }),
});

/** As stored and served: the context as parseTransferContext read it, with what it had to drop. */
const TransferRequested = z.object({
  ...transferFields,
  context: TransferContextSchema,
  contextIssues: z.array(z.object({ field: z.string(), message: z.string() })),
});

const TransferCompleted = z.object({
  ...common,
  type: z.literal('transfer.completed'),
  agent: nonEmpty(L.targetAgent, 'The human agent who took (or did not take) the call.'),
  outcome: z.enum(['connected', 'failed']),
});

const SessionEnded = z.object({
  ...common,
  type: z.literal('session.ended'),
  outcome: z.enum(SESSION_OUTCOMES),
});

/** One event as a producer sends it (the JSON Schema is generated from this). */
export const FeedEventInputSchema = z
  .discriminatedUnion('type', [SessionStarted, SessionUpdated, TranscriptTurn, QualitySample, TransferRequestedInput, TransferCompleted, SessionEnded])
  .meta({ title: 'Warmline session feed event', description: 'One event of warmline.feed/1.' });

/** One event as the hub stores and serves it: validated, unknown fields gone, defaults filled, context parsed. */
export const FeedEventSchema = z.discriminatedUnion('type', [
  SessionStarted,
  SessionUpdated,
  TranscriptTurn,
  QualitySample,
  TransferRequested,
  TransferCompleted,
  SessionEnded,
]);

export type FeedEventInput = z.input<typeof FeedEventInputSchema>;
export type FeedEvent = z.output<typeof FeedEventSchema>;
export type FeedEventOf<T extends FeedEventType> = Extract<FeedEvent, { type: T }>;
