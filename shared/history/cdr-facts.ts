import { z } from 'zod';

/** What the renderer knows of a call beyond its history line, for the CDR (shared/contract/cdr.ts). */
export const RECORDING_STATES = ['recorded', 'not-recorded', 'refused-no-consent', 'refused-consent-unknown', 'failed'] as const;
export const CONSENT_STATES = ['granted', 'declined', 'unknown', 'not-asked'] as const;

export const CdrTransferSchema = z.object({
  aiSessionId: z.string().max(128).nullable(),
  contextId: z.string().max(128).nullable(),
  /** Who handed the call to us (the AI agent's name or address), and where we sent it, if we transferred it. */
  transferredFrom: z.string().max(300).nullable(),
  transferredTo: z.string().max(300).nullable(),
});

/** The CDR facts the renderer knows beyond the history record. All optional so older renderers still record. */
export const CdrFactsSchema = z.object({
  sipStatus: z.number().int().min(100).max(699).nullable().optional(),
  codec: z.string().max(100).nullable().optional(),
  transfer: CdrTransferSchema.nullable().optional(),
  emergency: z.boolean().optional(),
  consent: z.enum(CONSENT_STATES).optional(),
  recording: z.enum(RECORDING_STATES).optional(),
  tollFree: z.boolean().optional(),
});
export type CdrFacts = z.infer<typeof CdrFactsSchema>;

