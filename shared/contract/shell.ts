import { z } from 'zod';

/**
 * The bridge contract of the desktop shell (tray, notifications, global
 * shortcuts, tel:/sip: links). Method `shell.update` (renderer -> host; the
 * web host has no shell and ignores it) and event `shell.action`
 * (host -> renderer), both in bridge.ts.
 */

export const SHELL_REGISTRATION_STATUSES = ['unconfigured', 'connecting', 'registering', 'registered', 'failed', 'unregistered'] as const;

const CallId = z.string().min(1).max(200);

/** What the tray, the notifications and the shortcuts need to know of the phone, sent on every change. */
export const ShellStateSchema = z
  .object({
    /** RegistrationState.status of the first account. */
    registration: z.enum(SHELL_REGISTRATION_STATUSES),
    /** describeRegistration(state).text, e.g. "Registered" or "Failed: wrong password". */
    registrationText: z.string().max(200),
    /** The agent is available (takes calls) rather than away. */
    available: z.boolean(),
    /** The call the controls act on (selectActiveCall), if any. */
    activeCall: z.object({ callId: CallId, muted: z.boolean() }).strict().nullable(),
    /** Calls ringing in, oldest first; `caller` is what the app shows (name or number). */
    ringing: z
      .array(z.object({ callId: CallId, caller: z.string().max(300) }).strict())
      .max(8),
  })
  .strict();
export type ShellState = z.infer<typeof ShellStateSchema>;
export type RingingCall = ShellState['ringing'][number];

/**
 * What the desktop shell asks of the renderer: the same call-actions a click
 * does. Ids name the call the user saw, so an action never lands on another.
 * prefillDial only fills "Number to dial": a link never places a call.
 */
export const ShellActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('answer'), callId: CallId }).strict(),
  z.object({ action: z.literal('decline'), callId: CallId }).strict(),
  z.object({ action: z.literal('hangup'), callId: CallId }).strict(),
  z.object({ action: z.literal('setMuted'), callId: CallId, muted: z.boolean() }).strict(),
  z.object({ action: z.literal('setAvailable'), available: z.boolean() }).strict(),
  z.object({ action: z.literal('prefillDial'), target: z.string().min(1).max(512) }).strict(),
]);
export type ShellAction = z.infer<typeof ShellActionSchema>;

/** Before the renderer has said anything: nothing registered, nothing ringing. */
export const INITIAL_SHELL_STATE: ShellState = {
  registration: 'unconfigured',
  registrationText: 'Starting…',
  available: false,
  activeCall: null,
  ringing: [],
};
