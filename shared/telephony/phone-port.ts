import type { CallEvent } from './call-state';
import type { RegistrationEvent } from './registration-state';

/**
 * What the app needs from a telephony stack (sip.js today, the Twilio SDK
 * later). Adapters report through PhoneEvents; nothing else imports an SDK.
 */
export type IncomingCallInfo = { id: string; remoteUri: string; remoteName: string };

export type PhoneEvents = {
  registration(ev: RegistrationEvent): void;
  incoming(call: IncomingCallInfo): void;
  callEvent(id: string, ev: CallEvent): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
};

export type DialResult = { ok: true; id: string } | { ok: false; reason: string };

export interface PhonePort {
  start(): void;
  stop(): Promise<void>;
  dial(uri: string, remoteName: string): DialResult;
  answer(id: string): void;
  decline(id: string): void;
  hangup(id: string): void;
}
