import { z } from 'zod';
import { IceServerSchema } from './account';
import { MonitorPatchSchema, PreferencesSchema, ProfileSchema } from './schema';

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
  forceRelay: z.boolean().optional(),
  iceGatheringTimeoutMs: z.number().int().optional(),
  registerExpiresSec: z.number().int().optional(),
  dtmfMode: z.enum(['rfc4733', 'info']).optional(),
  opusDtx: z.boolean().optional(),
});
export type ProvisionedAccount = z.infer<typeof ProvisionedAccountSchema>;

/**
 * The session feed hub's tokens (docs/feed-format.md). Tokens go to the vault;
 * a platform's id is stored with each of its events.
 */
const HubTokenSchema = z.string().min(16, 'must be at least 16 characters').max(4096);
export const HubProvisioningSchema = z
  .object({
    platforms: z
      .array(
        z.object({
          id: z
            .string()
            .min(1)
            .max(64)
            .regex(/^[A-Za-z0-9._-]+$/, 'must use only letters, digits and . _ -'),
          token: HubTokenSchema,
        }),
      )
      .max(100)
      .default([]),
    subscriberTokens: z.array(HubTokenSchema).max(100).default([]),
  })
  .superRefine((hub, ctx) => {
    const ids = new Set<string>();
    hub.platforms.forEach((p, i) => {
      if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: ['platforms', i, 'id'], message: `repeats platform id "${p.id}"` });
      ids.add(p.id);
    });
    // One token, one role: a token that could both publish and subscribe would make the roles meaningless.
    const seen = new Set<string>();
    const tokens: [string, (string | number)[]][] = [
      ...hub.platforms.map((p, i): [string, (string | number)[]] => [p.token, ['platforms', i, 'token']]),
      ...hub.subscriberTokens.map((t, i): [string, (string | number)[]] => [t, ['subscriberTokens', i]]),
    ];
    for (const [token, path] of tokens) {
      if (seen.has(token)) ctx.addIssue({ code: 'custom', path, message: 'repeats a token given elsewhere in hub; every token must be distinct' });
      seen.add(token);
    }
  });
export type HubProvisioning = z.output<typeof HubProvisioningSchema>;

/** The credential that grants the admin role at sign-in (session.signIn); like hub tokens, only in the vault. */
export const AdminTokenSchema = z.string().min(16, 'must be at least 16 characters').max(4096);

export const ProvisioningSchema = z
  .object({
    profile: ProfileSchema.partial().optional(),
    accounts: z.array(ProvisionedAccountSchema).optional(),
    preferences: PreferencesSchema.partial().optional(),
    /** Context server for Call-Info URLs and UUI context ids; the bearer token goes to the vault. */
    contextServer: z
      .object({ urlTemplate: z.string().nullable().optional(), bearerToken: z.string().max(4096).optional() })
      .optional(),
    /** Session feed hub tokens: they go to the vault, never to settings.json. */
    hub: HubProvisioningSchema.optional(),
    /** Grants the admin role at sign-in; null removes the stored one, absent keeps it. */
    adminToken: AdminTokenSchema.nullable().optional(),
    /** The monitor address for listen / whisper / barge (settings `monitor`). */
    monitor: MonitorPatchSchema.optional(),
  })
  .superRefine((doc, ctx) => {
    // A subscriber token is a supervisor credential: the admin's must differ, or it would grant less than it says.
    const hubTokens = [...(doc.hub?.platforms.map((p) => p.token) ?? []), ...(doc.hub?.subscriberTokens ?? [])];
    if (doc.adminToken && hubTokens.includes(doc.adminToken)) {
      ctx.addIssue({ code: 'custom', path: ['adminToken'], message: 'repeats a hub token; the admin token must be distinct' });
    }
  });
export type Provisioning = z.infer<typeof ProvisioningSchema>;
