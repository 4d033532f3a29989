import { z } from 'zod';
import { SESSION_OUTCOMES, type FeedEvent } from './feed-event';

/**
 * One session as supervisors list it, derived from its events. The hub keeps
 * it up to date in the same transaction that stores the events, so listing
 * never scans events.
 */
export const SessionSummarySchema = z.object({
  sessionId: z.string(),
  /** Id of the platform that sent the session (from its token). */
  platform: z.string(),
  /** The product name the platform gave in session.started (`platform` there), if any. */
  platformName: z.string().nullable(),
  /** Earliest `at` of its events (normally session.started), UTC. */
  startedAt: z.string(),
  /** `at` of session.ended, UTC; null while the session is open. */
  endedAt: z.string().nullable(),
  lastEventAt: z.string(),
  caller: z.object({ name: z.string().nullable(), number: z.string().nullable() }),
  aiAgent: z.string().nullable(),
  language: z.string().nullable(),
  targetQueue: z.string().nullable(),
  intent: z.string().nullable(),
  sentiment: z.enum(['positive', 'neutral', 'negative', 'mixed']).nullable(),
  summary: z.string().nullable(),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  confidence: z.number().nullable(),
  outcome: z.enum(SESSION_OUTCOMES).nullable(),
  /** Handed to a human: a transfer completed as connected, or the session ended as transferred. */
  transferred: z.boolean(),
  /** From the latest transfer.requested. */
  targetAgent: z.string().nullable(),
  transferReason: z.string().nullable(),
  /** From the latest transfer.completed. */
  transferOutcome: z.enum(['connected', 'failed']).nullable(),
  transferAgent: z.string().nullable(),
  /** Final transcript turns (interim ones are not counted). */
  turns: z.number().int(),
  events: z.number().int(),
  maxSeq: z.number().int(),
  lastQuality: z
    .object({ at: z.string(), mos: z.number().optional(), jitterMs: z.number().optional(), lossPct: z.number().optional(), rttMs: z.number().optional() })
    .nullable(),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

/** Stored and compared as UTC with milliseconds, so text order is time order. */
export const toUtc = (at: string): string => new Date(at).toISOString();

function empty(e: FeedEvent, platform: string): SessionSummary {
  const at = toUtc(e.at);
  return {
    sessionId: e.sessionId,
    platform,
    platformName: null,
    startedAt: at,
    endedAt: null,
    lastEventAt: at,
    caller: { name: null, number: null },
    aiAgent: null,
    language: null,
    targetQueue: null,
    intent: null,
    sentiment: null,
    summary: null,
    facts: [],
    confidence: null,
    outcome: null,
    transferred: false,
    targetAgent: null,
    transferReason: null,
    transferOutcome: null,
    transferAgent: null,
    turns: 0,
    events: 0,
    maxSeq: -1,
    lastQuality: null,
  };
}

/**
 * Apply one event. Events must be applied in seq order for "the latest wins"
 * fields (intent, summary, outcome...) to come out right; needsRefold says
 * when an event arrived behind one already applied.
 */
export function foldSession(prev: SessionSummary | null, e: FeedEvent, platform: string): SessionSummary {
  const s = prev ? { ...prev } : empty(e, platform);
  const at = toUtc(e.at);
  s.events += 1;
  s.maxSeq = Math.max(s.maxSeq, e.seq);
  if (at < s.startedAt) s.startedAt = at;
  if (at > s.lastEventAt) s.lastEventAt = at;
  switch (e.type) {
    case 'session.started':
      s.caller = { name: e.caller.name ?? null, number: e.caller.number ?? null };
      s.aiAgent = e.aiAgent?.name ?? s.aiAgent;
      s.platformName = e.platform ?? s.platformName;
      s.language = e.language ?? s.language;
      s.targetQueue = e.targetQueue ?? s.targetQueue;
      break;
    case 'session.updated':
      if (e.intent !== undefined) s.intent = e.intent;
      if (e.sentiment !== undefined) s.sentiment = e.sentiment;
      if (e.summary !== undefined) s.summary = e.summary;
      if (e.facts !== undefined) s.facts = e.facts;
      if (e.confidence !== undefined) s.confidence = e.confidence;
      break;
    case 'transcript.turn':
      if (e.final) s.turns += 1;
      break;
    case 'quality.sample': {
      const { mos, jitterMs, lossPct, rttMs } = e;
      s.lastQuality = { at, ...defined({ mos, jitterMs, lossPct, rttMs }) };
      break;
    }
    case 'transfer.requested':
      s.targetAgent = e.targetAgent;
      s.transferReason = e.reason ?? null;
      break;
    case 'transfer.completed':
      s.transferOutcome = e.outcome;
      s.transferAgent = e.agent;
      if (e.outcome === 'connected') s.transferred = true;
      break;
    case 'session.ended':
      s.outcome = e.outcome;
      s.endedAt = at;
      if (e.outcome === 'transferred') s.transferred = true;
      break;
    default:
      return missingCase(e);
  }
  return s;
}

/** True when `e` sorts before an event already folded into `prev`: fold the session again from all its events. */
export function needsRefold(prev: SessionSummary | null, e: FeedEvent): boolean {
  return prev !== null && e.seq < prev.maxSeq;
}

/** The summary of a whole session; `events` in any order. */
export function summarizeSession(events: readonly FeedEvent[], platform: string): SessionSummary | null {
  return [...events].sort((a, b) => a.seq - b.seq).reduce<SessionSummary | null>((s, e) => foldSession(s, e, platform), null);
}

function defined<T extends Record<string, number | undefined>>(o: T): { [K in keyof T]?: number } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: number };
}

function missingCase(x: never): never {
  throw new Error(`unhandled feed event ${JSON.stringify(x)}`);
}
