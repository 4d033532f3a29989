import { z } from 'zod';
import { TransferContextSchema } from '../context/transfer-context';
import { CallQualitySummarySchema } from '../quality/call-quality-summary';
import { CdrFactsSchema } from './cdr-facts';

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export const CALL_OUTCOMES = ['answered', 'missed', 'declined', 'cancelled', 'failed', 'busy'] as const;

/** One line of the local call history the agent sees. */
export const CallRecordSchema = z.object({
  id: z.string().min(1).max(200),
  direction: z.enum(CALL_DIRECTIONS),
  /** The other party: SIP URI or E.164 number. */
  remote: z.string().max(512),
  remoteName: z.string().max(200).default(''),
  accountId: z.string().max(120),
  startedAt: z.string().datetime(),
  answeredAt: z.string().datetime().nullable(),
  endedAt: z.string().datetime(),
  outcome: z.enum(CALL_OUTCOMES),
  /** SIP status and reason, or a local reason, for calls that did not connect normally. */
  reason: z.string().max(300).default(''),
  /** What the AI agent handed over with the call, kept with it after the call. */
  context: TransferContextSchema.nullable().default(null),
  /** The agent's notes on the call. */
  notes: z.string().max(10_000).default(''),
  /** How the line was (MOS, jitter, loss, warnings, path), when the call had media. */
  quality: CallQualitySummarySchema.nullable().default(null),
  /** CDR facts (SIP status, codec, transfer, emergency, consent, recording); optional so older records still read. */
  facts: CdrFactsSchema.default({}),
});
export type CallRecord = z.infer<typeof CallRecordSchema>;
export type CallOutcome = CallRecord['outcome'];

export function talkSeconds(r: Pick<CallRecord, 'answeredAt' | 'endedAt'>): number {
  if (!r.answeredAt) return 0;
  return Math.max(0, Math.round((Date.parse(r.endedAt) - Date.parse(r.answeredAt)) / 1000));
}
