import { z } from 'zod';
import { ERROR_CODES } from '../errors/catalog';
import { AccountSchema, AccountViewSchema, IceServerSchema } from '../settings/account';
import { ContextServerSchema, MonitorSchema, PreferencesSchema, ProfileSchema, RoleSchema } from '../settings/schema';
import { CallRecordSchema } from '../history/call-record';
import { LabStatusSchema } from './lab';
import { TransferContextSchema } from '../context/transfer-context';
import {
  FeedEntrySchema,
  FeedExportCsvRequestSchema,
  FeedExportCsvResponseSchema,
  FeedGuidanceRequestSchema,
  FeedGuidanceResponseSchema,
  FeedReplayRequestSchema,
  FeedReplayResponseSchema,
  FeedSessionRequestSchema,
  FeedSessionResponseSchema,
  FeedSessionsRequestSchema,
  FeedSessionsResponseSchema,
} from './feed-bridge';
import { E911_EVENTS, E911_METHODS } from './e911';
import { CDR_EVENTS, CDR_METHODS } from './cdr';
import { ShellActionSchema, ShellStateSchema } from './shell';
import type { BridgeEventName, BridgeMethodName } from './names';

/**
 * The one contract between the renderer and its host (Electron main process or
 * the Node web host). Both hosts validate every request with these schemas and
 * the renderer validates every response: nothing crossing the boundary is trusted.
 */

export const SettingsViewSchema = z.object({
  /** `role` is the host's current role: the provisioned one, or the one signed in to (session.signIn). */
  profile: ProfileSchema,
  accounts: z.array(AccountViewSchema),
  preferences: PreferencesSchema,
  contextServer: z.object({ urlTemplate: z.string().nullable(), hasToken: z.boolean() }),
  /** Where a supervisor dials to listen, whisper or barge on an AI session (set by the admin or the Lab). */
  monitor: MonitorSchema,
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

export const HostNoticeSchema = z.object({
  id: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  advice: z.string().default(''),
  at: z.string(),
});
export type HostNotice = z.infer<typeof HostNoticeSchema>;

export const HostInfoSchema = z.object({
  kind: z.enum(['electron', 'web']),
  version: z.string(),
  platform: z.string(),
});
export type HostInfo = z.infer<typeof HostInfoSchema>;

export const LogEntrySchema = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']),
  scope: z.string().max(60),
  message: z.string().max(4000),
});

const Empty = z.object({}).strict();

type Patch<T extends z.ZodRawShape> = z.ZodObject<
  { [K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer Inner extends z.ZodType> ? Inner : T[K]> },
  z.core.$strict
>;

/**
 * A partial update of `schema`: every field optional and without its default.
 * (zod's .partial() keeps defaults, so a patch of one field would reset every
 * other field to its default.)
 */
function patchOf<T extends z.ZodRawShape>(schema: z.ZodObject<T>): Patch<T> {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [key, ((field instanceof z.ZodDefault ? field.unwrap() : field) as z.ZodType).optional()]),
  );
  return z.object(shape).strict() as unknown as Patch<T>;
}

export const BRIDGE_METHODS = {
  'host.info': { request: Empty, response: HostInfoSchema },
  'settings.get': { request: Empty, response: SettingsViewSchema },
  /** `role` may only stay or go down here: raising it is session.signIn's (FORBIDDEN otherwise). */
  'settings.updateProfile': { request: patchOf(ProfileSchema), response: SettingsViewSchema },
  'settings.updatePreferences': { request: patchOf(PreferencesSchema), response: SettingsViewSchema },
  'accounts.save': {
    request: z.object({ account: AccountSchema, password: z.string().max(512).optional() }).strict(),
    response: SettingsViewSchema,
  },
  'accounts.remove': { request: z.object({ id: z.string().min(1) }).strict(), response: SettingsViewSchema },
  /**
   * The secrets a phone needs to start: the account's password and its
   * STUN/TURN servers with their credentials from the vault (settings.get
   * shows them without). The one method that returns secrets, by design.
   */
  'accounts.credentials': {
    request: z.object({ id: z.string().min(1) }).strict(),
    response: z.object({ password: z.string(), iceServers: z.array(IceServerSchema).default([]) }),
  },
  'history.list': {
    request: z.object({ limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    response: z.array(CallRecordSchema),
  },
  'history.record': { request: CallRecordSchema, response: z.object({ stored: z.literal(true) }) },
  'notices.list': { request: Empty, response: z.array(HostNoticeSchema) },
  'context.fetch': {
    request: z.union([z.object({ url: z.string().min(1).max(2048) }).strict(), z.object({ id: z.string().min(1).max(128) }).strict()]),
    response: z.object({ body: z.string(), url: z.string() }),
  },
  'settings.updateContextServer': {
    request: z
      .object({ urlTemplate: ContextServerSchema.shape.urlTemplate, bearerToken: z.string().max(4096).nullable().optional() })
      .strict(),
    response: SettingsViewSchema,
  },
  'history.updateNotes': {
    request: z.object({ id: z.string().min(1).max(200), notes: z.string().max(10_000) }).strict(),
    response: z.object({ stored: z.literal(true) }),
  },
  'log.write': { request: LogEntrySchema, response: z.object({}) },
  'lab.start': { request: Empty, response: LabStatusSchema },
  'lab.status': { request: Empty, response: LabStatusSchema },
  /**
   * Take a role for as long as the host runs. Up to the provisioned role needs
   * no token; above it, supervisor needs a hub subscriber token and admin the
   * provisioned adminToken. Never written to settings.json.
   */
  'session.signIn': {
    request: z.object({ role: RoleSchema, token: z.string().max(4096).optional() }).strict(),
    response: SettingsViewSchema,
  },
  'feed.sessions': { request: FeedSessionsRequestSchema, response: FeedSessionsResponseSchema },
  'feed.session': { request: FeedSessionRequestSchema, response: FeedSessionResponseSchema },
  'feed.replay': { request: FeedReplayRequestSchema, response: FeedReplayResponseSchema },
  'feed.exportCsv': { request: FeedExportCsvRequestSchema, response: FeedExportCsvResponseSchema },
  /** A note to the AI of a live session, relayed by the hub to the platform that owns it (docs/feed-format.md §9). */
  'feed.guidance': { request: FeedGuidanceRequestSchema, response: FeedGuidanceResponseSchema },
  ...E911_METHODS,
  ...CDR_METHODS,
  /** The phone's state for the desktop shell (tray, notifications, shortcuts); a host without a shell ignores it. */
  'shell.update': { request: ShellStateSchema, response: z.object({}) },
  /** Logs (redacted), settings without secrets and the last calls' quality summaries, zipped into the data folder for support. */
  'diagnostics.export': { request: Empty, response: z.object({ fileName: z.string(), path: z.string(), bytes: z.number().int() }) },
} as const satisfies Record<BridgeMethodName, { request: z.ZodType; response: z.ZodType }>;

/**
 * An AI platform asked (over the session feed, docs/feed-format.md) to hand a
 * session to a human: sent to every renderer as soon as the hub has stored it,
 * before the call rings, so the screen-pop and media can be made ready.
 */
export const FeedTransferRequestedSchema = z.object({
  sessionId: z.string(),
  /** SIP AOR ("sip:alice@example.com") or user name of the agent asked for. */
  targetAgent: z.string(),
  context: TransferContextSchema,
  reason: z.string().nullable(),
  /** When the platform asked, ISO 8601 as it sent it. */
  at: z.string(),
});
export type FeedTransferRequested = z.infer<typeof FeedTransferRequestedSchema>;

export const BRIDGE_EVENTS = {
  'settings.changed': SettingsViewSchema,
  'host.notice': HostNoticeSchema,
  'feed.transferRequested': FeedTransferRequestedSchema,
  /** Every event the hub stores, live, with its cursor; sent only while the host's role is supervisor or admin. */
  'feed.event': FeedEntrySchema,
  ...E911_EVENTS,
  ...CDR_EVENTS,
  /** What the desktop shell asks of the renderer (tray, notification buttons, global shortcuts, tel:/sip: links). */
  'shell.action': ShellActionSchema,
} as const satisfies Record<BridgeEventName, z.ZodType>;

export type BridgeMethods = typeof BRIDGE_METHODS;
export type MethodRequest<M extends BridgeMethodName> = z.input<BridgeMethods[M]['request']>;
export type MethodResponse<M extends BridgeMethodName> = z.output<BridgeMethods[M]['response']>;
export type EventPayload<E extends BridgeEventName> = z.output<(typeof BRIDGE_EVENTS)[E]>;

export const HostErrorSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });
export const ResultEnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: HostErrorSchema }),
]);

/** Web host wire frames (the Electron host uses ipcRenderer.invoke with the same payloads). */
export const WireRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  payload: z.unknown(),
});
export const WireFrameSchema = z.union([
  z.object({ id: z.number().int().nonnegative(), result: ResultEnvelopeSchema }),
  z.object({ event: z.string().max(64), payload: z.unknown() }),
]);
