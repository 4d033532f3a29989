import { z } from 'zod';
import { CivicAddressSchema } from '../e911/civic-address';

/**
 * The E911 part of the bridge contract (docs/e911.md): the admin's emergency
 * locations and network mappings, the agent's confirmed dispatchable
 * location, emergency calls and the audit trail. Addresses cross the bridge
 * as `unknown`-tolerant objects and are validated by shared/e911 on the host,
 * so a bad address comes back as field issues, never as a bare
 * INVALID_REQUEST.
 */

const Id = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'use up to 64 letters, digits, dots, dashes or underscores');

export const EmergencyLocationSchema = z.object({ id: Id, address: CivicAddressSchema });
export type EmergencyLocation = z.infer<typeof EmergencyLocationSchema>;

export const NetworkMappingsSchema = z.object({
  subnets: z.array(z.object({ cidr: z.string().max(64), locationId: Id })).max(10_000).default([]),
  gatewayMacs: z.array(z.object({ mac: z.string().max(32), locationId: Id })).max(10_000).default([]),
  bssids: z.array(z.object({ bssid: z.string().max(32), locationId: Id })).max(10_000).default([]),
});
export type NetworkMappingsConfig = z.infer<typeof NetworkMappingsSchema>;

/** A number that reaches emergency services in a country; `test` numbers (933 in the US) are audited but alert nobody. */
export const EmergencyNumberSchema = z.object({
  number: z.string().regex(/^[0-9]{2,6}$/, 'use the digits only, such as 911 or 112'),
  country: z.string().regex(/^[A-Z]{2}$/, 'use a two-letter country code such as US'),
  test: z.boolean().default(false),
});
export type EmergencyNumber = z.infer<typeof EmergencyNumberSchema>;

/** A webhook told of every emergency call: the security desk, or a supervisors' hub (POST /v1/alerts). */
export const AlertTargetViewSchema = z.object({
  id: Id,
  name: z.string().trim().min(1).max(80),
  url: z.string().url().max(2048),
  hasToken: z.boolean(),
});
export type AlertTargetView = z.infer<typeof AlertTargetViewSchema>;

export const E911ConfigViewSchema = z.object({
  locations: z.array(EmergencyLocationSchema),
  mappings: NetworkMappingsSchema,
  numbers: z.array(EmergencyNumberSchema),
  /**
   * Where an emergency call is sent, per provider: a SIP URI template with
   * {number} and {domain} (the account's domain). Default sip:{number}@{domain}.
   */
  routeTemplate: z.string().max(512),
  /** Callback number when the location has none (E.164); the PBX may also set P-Asserted-Identity itself. */
  defaultCallbackNumber: z.string().nullable(),
  alertTargets: z.array(AlertTargetViewSchema),
});
export type E911ConfigView = z.infer<typeof E911ConfigViewSchema>;

export const FieldIssueSchema = z.object({ field: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

/** Saving either works (the new config) or says what to fix, per field. */
export const E911ConfigResultSchema = z.union([
  z.object({ saved: z.literal(true), config: E911ConfigViewSchema }),
  z.object({ saved: z.literal(false), issues: z.array(FieldIssueSchema) }),
]);

export const LocationImportReportSchema = z.object({
  accepted: z.number().int().nonnegative(),
  /** Rows that replaced a location with the same id. */
  replaced: z.number().int().nonnegative(),
  rejected: z.array(z.object({ row: z.number().int(), issues: z.array(FieldIssueSchema) })),
  ignoredColumns: z.array(z.string()),
});
export type LocationImportReport = z.infer<typeof LocationImportReportSchema>;

/** What the network reader saw, in words the agent can check ("Wi-Fi 3c:84:…, 10.20.4.17/24"). */
export const NetworkViewSchema = z.object({
  summary: z.string(),
  fingerprint: z.string(),
  /** When the reader last saw a different network than before (ISO 8601); null before the first reading. */
  changedAt: z.string().nullable(),
});

export const LocationSourceSchema = z.enum(['mapped', 'manual']);

export const ProposalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('matched'), locationId: z.string(), address: CivicAddressSchema, by: z.enum(['bssid', 'gateway-mac', 'subnet']) }),
  z.object({ kind: z.literal('ambiguous'), candidates: z.array(EmergencyLocationSchema) }),
  z.object({ kind: z.literal('none') }),
]);

/**
 * The agent's dispatchable location. `confirmed`: confirmed on this network.
 * `unconfirmed`: the network changed since (or the app restarted); the
 * last location stays in force and is sent, flagged, until re-confirmed.
 * `none`: never confirmed on this machine.
 */
export const E911StatusSchema = z.object({
  state: z.enum(['confirmed', 'unconfirmed', 'none']),
  location: z
    .object({
      address: CivicAddressSchema,
      locationId: z.string().nullable(),
      source: LocationSourceSchema,
      confirmedAt: z.string(),
    })
    .nullable(),
  proposal: ProposalSchema,
  network: NetworkViewSchema,
  /** The numbers the dialer treats as emergency numbers (dialled as typed, never blocked). */
  numbers: z.array(EmergencyNumberSchema),
  /** What the banner says while state is not `confirmed`; '' when confirmed. */
  reason: z.string(),
});
export type E911Status = z.infer<typeof E911StatusSchema>;

export const E911ConfirmRequestSchema = z.union([
  z.object({ locationId: Id }).strict(),
  /** A place the admin has not registered (home, a hotel): validated like an admin's location. */
  z.object({ address: z.record(z.string(), z.unknown()) }).strict(),
]);
export const E911ConfirmResponseSchema = z.union([
  z.object({ confirmed: z.literal(true), status: E911StatusSchema }),
  z.object({ confirmed: z.literal(false), issues: z.array(FieldIssueSchema) }),
]);

/** The renderer is about to send an emergency INVITE: the host builds the location body and tells the security desk. */
export const EmergencyCallRequestSchema = z
  .object({
    number: z.string().regex(/^[0-9]{2,6}$/),
    /** The account the call goes out on first (its AOR is the PIDF entity). */
    accountId: z.string().min(1).max(120),
  })
  .strict();
export const EmergencyCallPlanSchema = z.object({
  emergencyId: z.string(),
  /** Complete PIDF-LO document (RFC 4119 + RFC 5139 + RFC 5491). */
  pidf: z.string(),
  /** Content-ID of the PIDF-LO part, local@domain without brackets. */
  contentId: z.string(),
  /** Every configured provider, in priority order, with the URI to dial on each: none is skipped for its circuit state. */
  routes: z.array(z.object({ accountId: z.string(), uri: z.string() })),
  /** P-Asserted-Identity value to send, or null to leave it to the PBX. */
  callbackNumber: z.string().nullable(),
  address: CivicAddressSchema.nullable(),
  unconfirmed: z.boolean(),
  /** What the agent's emergency banner says was sent. */
  locationText: z.string(),
  test: z.boolean(),
});
export type EmergencyCallPlan = z.infer<typeof EmergencyCallPlanSchema>;

export const EmergencyCallUpdateSchema = z
  .object({
    emergencyId: z.string().min(1).max(100),
    event: z.enum(['attempt', 'answered', 'failed', 'ended']),
    accountId: z.string().max(120).optional(),
    detail: z.string().max(500).default(''),
  })
  .strict();

/** An emergency call, as supervisors see it (bridge event `e911.emergency`) and alert webhooks receive it. */
export const EmergencyAlertSchema = z.object({
  type: z.literal('warmline.emergency/1'),
  emergencyId: z.string().max(100),
  number: z.string().max(10),
  test: z.boolean(),
  agent: z.object({ name: z.string().max(80), aor: z.string().max(300) }),
  locationText: z.string().max(1000),
  address: CivicAddressSchema.nullable(),
  unconfirmed: z.boolean(),
  callbackNumber: z.string().max(20).nullable(),
  at: z.string().max(40),
});
export type EmergencyAlert = z.infer<typeof EmergencyAlertSchema>;

export const AuditEntrySchema = z.object({
  seq: z.number().int().nonnegative(),
  at: z.string(),
  kind: z.enum([
    'location.confirmed',
    'location.unconfirmed',
    'network.changed',
    'admin.location.saved',
    'admin.location.removed',
    'admin.locations.imported',
    'admin.config.saved',
    'emergency.started',
    'emergency.attempt',
    'emergency.answered',
    'emergency.failed',
    'emergency.ended',
    'alert.delivered',
    'alert.failed',
  ]),
  actor: z.string(),
  /** Plain facts (address text, location id, number, network summary); never credentials. */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const E911_METHODS = {
  'e911.status': { request: z.object({}).strict(), response: E911StatusSchema },
  'e911.confirm': { request: E911ConfirmRequestSchema, response: E911ConfirmResponseSchema },
  'e911.emergencyCall': { request: EmergencyCallRequestSchema, response: EmergencyCallPlanSchema },
  'e911.emergencyCallUpdate': { request: EmergencyCallUpdateSchema, response: z.object({ stored: z.literal(true) }) },
  'e911.config': { request: z.object({}).strict(), response: E911ConfigViewSchema },
  'e911.saveLocation': {
    request: z.object({ id: Id, address: z.record(z.string(), z.unknown()) }).strict(),
    response: E911ConfigResultSchema,
  },
  'e911.removeLocation': { request: z.object({ id: Id }).strict(), response: E911ConfigResultSchema },
  'e911.importLocations': {
    request: z.object({ csv: z.string().max(5_000_000) }).strict(),
    response: z.object({ report: LocationImportReportSchema, config: E911ConfigViewSchema }),
  },
  /** Everything but the locations; each key given replaces that part. */
  'e911.saveConfig': {
    request: z
      .object({
        mappings: NetworkMappingsSchema.optional(),
        numbers: z.array(EmergencyNumberSchema).max(50).optional(),
        routeTemplate: z.string().max(512).optional(),
        defaultCallbackNumber: z.string().max(20).nullable().optional(),
        alertTargets: z
          .array(
            z
              .object({
                id: Id,
                name: z.string().trim().min(1).max(80),
                url: z.string().url().max(2048),
                /** Bearer token: a string sets it, null removes it, absent keeps the stored one. Kept in the vault. */
                token: z.string().max(4096).nullable().optional(),
              })
              .strict(),
          )
          .max(20)
          .optional(),
      })
      .strict(),
    response: E911ConfigResultSchema,
  },
  'e911.audit': {
    request: z.object({ limit: z.number().int().min(1).max(10_000).default(500) }).strict(),
    response: z.array(AuditEntrySchema),
  },
  'e911.exportAudit': {
    request: z.object({ format: z.enum(['csv', 'json']) }).strict(),
    response: z.object({ filename: z.string(), mime: z.string(), text: z.string(), entries: z.number().int() }),
  },
} as const;

export const E911_EVENTS = {
  /** The agent's location status changed (network moved, confirmed elsewhere, admin changed the location). */
  'e911.changed': E911StatusSchema,
  /** An emergency call was placed: for supervisors (and the agent's own banner comes from the plan). */
  'e911.emergency': EmergencyAlertSchema,
} as const;
