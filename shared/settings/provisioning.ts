import { z } from 'zod';
import { IceServerSchema } from './account';
import { PreferencesSchema, ProfileSchema } from './schema';

/**
 * The `--config FILE` provisioning document admins use to roll Warmline out to
 * many seats. Later versions add keys; the ones here stay valid.
 */
export const ProvisionedAccountSchema = z.object({
  id: z.string().min(1).max(120).optional(),
  server: z.string(),
  uri: z.string(),
  authorizationUsername: z.string(),
  password: z.string().optional(),
  displayName: z.string().optional(),
  iceServers: z.array(IceServerSchema).optional(),
  iceGatheringTimeoutMs: z.number().int().optional(),
  registerExpiresSec: z.number().int().optional(),
  dtmfMode: z.enum(['rfc4733', 'info']).optional(),
  opusDtx: z.boolean().optional(),
});
export type ProvisionedAccount = z.infer<typeof ProvisionedAccountSchema>;

export const ProvisioningSchema = z.object({
  profile: ProfileSchema.partial().optional(),
  accounts: z.array(ProvisionedAccountSchema).optional(),
  preferences: PreferencesSchema.partial().optional(),
  /** Context server for Call-Info URLs and UUI context ids; the bearer token goes to the vault. */
  contextServer: z
    .object({ urlTemplate: z.string().nullable().optional(), bearerToken: z.string().max(4096).optional() })
    .optional(),
});
export type Provisioning = z.infer<typeof ProvisioningSchema>;
