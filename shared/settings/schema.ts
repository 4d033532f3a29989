import { z } from 'zod';
import { ProviderRatesSchema } from '../billing/call-cost';
import { BillingSettingsSchema } from '../contract/cdr';
import { AccountSchema } from './account';

export const ROLES = ['agent', 'supervisor', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const ProfileSchema = z.object({
  name: z.string().trim().max(80).default(''),
  role: RoleSchema.default('agent'),
});
export type Profile = z.infer<typeof ProfileSchema>;

/** The thresholds an admin may change (the seed's values are the defaults). */
export const QualityThresholdSettingsSchema = z
  .object({
    minMos: z.number().min(1).max(4.5),
    maxJitterMs: z.number().positive().max(1000),
    maxLossPct: z.number().positive().max(100),
    maxOneWayDelayMs: z.number().positive().max(5000),
    silentInputLevel: z.number().min(0).max(1),
    oneWayAudioMs: z.number().int().min(500).max(60_000),
  })
  .partial()
  .strict();

/**
 * Failover between providers (issue #9): accounts in settings order are the
 * providers in priority order. The active one gets an OPTIONS health check
 * every `healthCheckIntervalMs` (seed R1/R20: every 30 s, configurable); no
 * answer within `healthCheckTimeoutMs` (R1's 3 s) marks it down. A provider
 * that was down is probed again after `coolDownMs`; `failBack` says when
 * registration returns to a higher-priority provider that answers again.
 */
export const FailoverPreferencesSchema = z
  .object({
    healthCheckIntervalMs: z.number().int().min(1000).max(300_000).default(30_000),
    healthCheckTimeoutMs: z.number().int().min(200).max(10_000).default(3000),
    failBack: z.enum(['immediate', 'when-idle', 'manual']).default('when-idle'),
    coolDownMs: z.number().int().min(1000).max(3_600_000).default(30_000),
  })
  .refine((f) => f.healthCheckTimeoutMs <= f.healthCheckIntervalMs, {
    message: 'healthCheckTimeoutMs must not exceed healthCheckIntervalMs',
    path: ['healthCheckTimeoutMs'],
  });
export type FailoverPreferencesSetting = z.infer<typeof FailoverPreferencesSchema>;

export const PreferencesSchema = z.object({
  /** ISO 3166-1 alpha-2 country used to read national numbers ("(415) 555-0100" -> +14155550100). */
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as US')
    .default('US'),
  /** Contact-center auto-accept: answer incoming calls without a click. */
  autoAnswer: z.boolean().default(false),
  /** Ringtone volume 0..1. */
  ringVolume: z.number().min(0).max(1).default(0.8),
  /** Chosen devices (MediaDeviceInfo.deviceId); null follows the system default. */
  microphoneId: z.string().max(256).nullable().default(null),
  speakerId: z.string().max(256).nullable().default(null),
  ringerId: z.string().max(256).nullable().default(null),
  /** How often the live call-quality meter reads the call's statistics, in ms; 0 turns it off. */
  qualitySampleMs: z
    .number()
    .int()
    .refine((v) => v === 0 || (v >= 250 && v <= 10_000), 'must be 0 (off) or 250..10000 ms')
    .default(1000),
  /** Overrides of the call-quality warning thresholds (defaults: shared/quality/thresholds.ts). */
  qualityThresholds: QualityThresholdSettingsSchema.default({}),
  /** Open the microphone as soon as the AI session feed announces a transfer to us (zero-gap handoff). */
  prewarmHandoff: z.boolean().default(true),
  /** The PBX's echo-test extension or SIP URI, for the loopback call in "Test my connection"; null = none. */
  echoTestTarget: z.string().trim().min(1).max(256).nullable().default(null),
  /** Provider failover and fail-back (FailoverPreferencesSchema above). */
  failover: FailoverPreferencesSchema.default({ healthCheckIntervalMs: 30_000, healthCheckTimeoutMs: 3000, failBack: 'when-idle', coolDownMs: 30_000 }),
});
export type Preferences = z.infer<typeof PreferencesSchema>;

/** Where Call-Info URLs and UUI context ids are fetched from (by the host, never the renderer). */
export const ContextServerSchema = z.object({
  /** Template for context ids carried in User-to-User, e.g. https://ctx.example.com/contexts/{id}. */
  urlTemplate: z
    .string()
    .trim()
    .max(2048)
    .refine((v) => v.includes('{id}'), 'must contain {id}, e.g. https://ctx.example.com/contexts/{id}')
    .nullable()
    .default(null),
});
export type ContextServer = z.infer<typeof ContextServerSchema>;

export const DEFAULT_MONITOR_MODE_HEADER = 'X-Warmline-Monitor-Mode';

/**
 * Where a supervisor's softphone dials to listen, whisper or barge on an AI
 * session: the PBX's (or the Lab's) monitor address with the session id in it,
 * and the SIP header that carries the mode.
 */
export const MonitorSchema = z.object({
  /** e.g. sip:monitor-{sessionId}@lab.warmline.test, or an Asterisk ChanSpy extension sip:*222{sessionId}@pbx.example.com. */
  uriTemplate: z
    .string()
    .trim()
    .max(2048)
    .refine((v) => /^sips?:/i.test(v), 'must be a SIP URI template such as sip:monitor-{sessionId}@pbx.example.com')
    .refine((v) => v.includes('{sessionId}'), 'must contain {sessionId}, e.g. sip:monitor-{sessionId}@pbx.example.com')
    .nullable()
    .default(null),
  /** A SIP extension header name; its value is listen, whisper or barge. */
  modeHeader: z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/, 'must be a SIP header name such as X-Warmline-Monitor-Mode')
    .default(DEFAULT_MONITOR_MODE_HEADER),
});
export type MonitorSettings = z.infer<typeof MonitorSchema>;
/** The provisioning file's `monitor`: what it leaves out stays as stored (no defaults filled in). */
export const MonitorPatchSchema = z
  .object({ uriTemplate: MonitorSchema.shape.uriTemplate.unwrap().optional(), modeHeader: MonitorSchema.shape.modeHeader.unwrap().optional() })
  .strict();

const amount = z.union([z.string(), z.number()]);

/**
 * A rate card as the admin wrote it ("0.0085", "60/60"), checked by
 * ProviderRatesSchema but stored as written. The contract's
 * BillingSettingsSchema parses rates into micro-units; settings keep the
 * written form so that parsing settings twice gives the same settings (every
 * save re-parses what was loaded) and settings.json stays readable.
 */
export const StoredRateCardSchema = z
  .object({
    currency: z.string(),
    inboundPerMinute: amount,
    outboundPerMinute: amount,
    tollFreePerMinute: amount,
    perCallFee: amount.optional(),
    increment: z.string(),
  })
  .strict()
  .superRefine((card, ctx) => {
    const parsed = ProviderRatesSchema.safeParse(card);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  });
export type StoredRateCard = z.infer<typeof StoredRateCardSchema>;

/** settings.billing (docs/cdr.md): rate cards by account id, retention, recording. */
export const StoredBillingSettingsSchema = z.object({
  rates: z.record(z.string().trim().min(1).max(120), StoredRateCardSchema).default({}),
  retentionDays: BillingSettingsSchema.shape.retentionDays,
  recordCalls: BillingSettingsSchema.shape.recordCalls,
});
export type StoredBillingSettings = z.infer<typeof StoredBillingSettingsSchema>;

export const SETTINGS_VERSION = 2 as const;

export const SettingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  profile: ProfileSchema.default({ name: '', role: 'agent' }),
  accounts: z.array(AccountSchema).default([]),
  preferences: PreferencesSchema.default(PreferencesSchema.parse({})),
  contextServer: ContextServerSchema.default({ urlTemplate: null }),
  monitor: MonitorSchema.default({ uriTemplate: null, modeHeader: DEFAULT_MONITOR_MODE_HEADER }),
  /** Added without a version step: a file without it reads with these defaults. */
  billing: StoredBillingSettingsSchema.default({ rates: {}, retentionDays: 30, recordCalls: false }),
});
export type Settings = z.infer<typeof SettingsSchema>;

export function defaultSettings(): Settings {
  return SettingsSchema.parse({ version: SETTINGS_VERSION });
}
