import { z } from 'zod';
import { CALL_DIRECTIONS, CALL_OUTCOMES } from '../history/call-record';
import { CallQualitySummarySchema } from '../quality/call-quality-summary';
import { TransferContextSchema } from '../context/transfer-context';
import { RatesByProviderSchema } from '../billing/call-cost';
import { CdrFactsSchema, CdrTransferSchema, CONSENT_STATES, RECORDING_STATES } from '../history/cdr-facts';

export { CdrFactsSchema, CdrTransferSchema, CONSENT_STATES, RECORDING_STATES };
export type { CdrFacts } from '../history/cdr-facts';

/**
 * Call detail records (issue #10, docs/cdr.md): one durable row per call in
 * the host's embedded database, for operations, finance and compliance. The
 * renderer reports a call when it starts (`cdr.begin`) and when it ends
 * (`history.record`, whose record carries the CDR facts below); a call still
 * `in-progress` when the host starts again is marked `interrupted`, and the
 * later end report (the renderer kept the call) completes it.
 */

export const CDR_STATES = ['in-progress', 'complete', 'interrupted'] as const;
export const CdrSchema = z.object({
  id: z.string(),
  state: z.enum(CDR_STATES),
  direction: z.enum(CALL_DIRECTIONS),
  from: z.string(),
  to: z.string(),
  remoteName: z.string(),
  /** The account (provider) the call went through: its id and a readable name. */
  provider: z.string(),
  providerName: z.string(),
  agent: z.string(),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** Talk time (answer to end), whole seconds. */
  durationSec: z.number().int().nonnegative(),
  /** Null while in progress or interrupted. */
  outcome: z.enum(CALL_OUTCOMES).nullable(),
  hangupCause: z.string(),
  sipStatus: z.number().int().nullable(),
  codec: z.string().nullable(),
  quality: CallQualitySummarySchema.nullable(),
  transfer: CdrTransferSchema.nullable(),
  context: TransferContextSchema.nullable(),
  notes: z.string(),
  emergency: z.boolean(),
  consent: z.enum(CONSENT_STATES),
  recording: z.enum(RECORDING_STATES),
  tollFree: z.boolean(),
  /** From the provider's rates at the time the call ended; null when no rate card covers it. */
  billedSeconds: z.number().int().nonnegative().nullable(),
  cost: z.string().nullable(),
  currency: z.string().nullable(),
  /** When the host found this call in progress at start-up (it had crashed or been killed). */
  interruptedAt: z.string().nullable(),
});
export type Cdr = z.infer<typeof CdrSchema>;

export const CdrFilterSchema = z
  .object({
    from: z.string().datetime().optional(),
    to: z.string().datetime().optional(),
    agent: z.string().max(80).optional(),
    outcome: z.enum([...CALL_OUTCOMES, 'interrupted']).optional(),
    provider: z.string().max(120).optional(),
    /** Calls whose average MOS was below this. */
    mosBelow: z.number().min(1).max(5).optional(),
    /** Matches from/to containing these digits or text. */
    number: z.string().max(64).optional(),
  })
  .strict();
export type CdrFilter = z.infer<typeof CdrFilterSchema>;

export const CdrBeginSchema = z
  .object({
    id: z.string().min(1).max(200),
    direction: z.enum(CALL_DIRECTIONS),
    remote: z.string().max(512),
    remoteName: z.string().max(200).default(''),
    accountId: z.string().max(120),
    startedAt: z.string().datetime(),
    answeredAt: z.string().datetime().nullable().default(null),
    context: TransferContextSchema.nullable().default(null),
    facts: CdrFactsSchema.default({}),
  })
  .strict();

export const CdrExportProgressSchema = z.object({
  exportId: z.string(),
  rows: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  done: z.boolean(),
  /** Set when the export failed: what went wrong and what to do. */
  error: z.string().nullable(),
  /** Where the finished file is (Electron: a path; web host: the download URL). */
  location: z.string().nullable(),
});

export const ReconciliationViewSchema = z.object({
  providers: z.array(
    z.object({
      provider: z.string(),
      providerName: z.string(),
      calls: z.number().int(),
      actualSeconds: z.number().int(),
      billedSeconds: z.number().int(),
      actualMinutes: z.number(),
      billedMinutes: z.number(),
      overheadPct: z.number().nullable(),
      cost: z.string(),
      currency: z.string(),
    }),
  ),
  unrated: z.array(z.object({ id: z.string(), provider: z.string(), reason: z.string() })),
  anomalies: z.array(z.object({ id: z.string(), provider: z.string(), cost: z.string(), baseline: z.string(), factor: z.number() })),
});

export const BillingSettingsSchema = z.object({
  /** Rate cards by account id. */
  rates: RatesByProviderSchema.default({}),
  /** CDRs, contexts and recordings older than this are deleted (0 keeps everything). */
  retentionDays: z.number().int().min(0).max(3650).default(30),
  /** Record calls where the caller's consent is granted. Off by default. */
  recordCalls: z.boolean().default(false),
});
export type BillingSettings = z.infer<typeof BillingSettingsSchema>;

export const CDR_METHODS = {
  'cdr.begin': { request: CdrBeginSchema, response: z.object({ stored: z.literal(true) }) },
  'cdr.query': {
    request: z
      .object({ filter: CdrFilterSchema.default({}), limit: z.number().int().min(1).max(1000).default(200), offset: z.number().int().min(0).default(0) })
      .strict(),
    response: z.object({ rows: z.array(CdrSchema), total: z.number().int() }),
  },
  /** Starts a streamed export; progress comes as `cdr.exportProgress` events. */
  'cdr.export': {
    request: z.object({ format: z.enum(['csv', 'json']), filter: CdrFilterSchema.default({}) }).strict(),
    response: z.object({ exportId: z.string(), total: z.number().int(), location: z.string().nullable() }),
  },
  'cdr.reconcile': {
    request: z.object({ from: z.string().datetime().optional(), to: z.string().datetime().optional() }).strict(),
    response: ReconciliationViewSchema,
  },
  'billing.get': { request: z.object({}).strict(), response: BillingSettingsSchema },
  'billing.save': {
    request: z.object({ rates: RatesByProviderSchema.optional(), retentionDays: z.number().int().min(0).max(3650).optional(), recordCalls: z.boolean().optional() }).strict(),
    response: BillingSettingsSchema,
  },
  /** GDPR/CCPA erasure: every CDR, context, note, recording and AI session record for this number; the audit entry says what, not the data. */
  'privacy.eraseNumber': {
    request: z.object({ number: z.string().trim().min(3).max(64) }).strict(),
    response: z.object({ cdrs: z.number().int(), recordings: z.number().int(), sessions: z.number().int(), auditId: z.string() }),
  },
  /** One chunk of a call recording (base64 of a MediaRecorder blob); `final` closes the file. */
  'recording.append': {
    request: z.object({ callId: z.string().min(1).max(200), seq: z.number().int().min(0), data: z.string().max(2_000_000), final: z.boolean().default(false) }).strict(),
    response: z.object({ stored: z.literal(true), bytes: z.number().int() }),
  },
} as const;

export const CDR_EVENTS = {
  'cdr.exportProgress': CdrExportProgressSchema,
} as const;
