import { z } from 'zod';

/** What the host says about the Lab (the embedded demo PBX + simulated AI callers). */
export const LabStatusSchema = z.object({
  state: z.enum(['off', 'starting', 'running', 'failed']),
  detail: z.string().max(1000),
  sessions: z
    .array(z.object({ id: z.string().max(128), scenario: z.string().max(60), phase: z.enum(['talking-to-ai', 'transferring', 'with-agent', 'ended']) }))
    .max(100),
});
export type LabStatusView = z.infer<typeof LabStatusSchema>;
