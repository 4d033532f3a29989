import type { CallEvent } from './call-state';
import type { RegistrationEvent } from './registration-state';

/**
 * What the app needs from a telephony stack (sip.js today, the Twilio SDK
 * later). Adapters report through PhoneEvents; nothing else imports an SDK.
 */
/** Raw header values of an incoming INVITE that carry transfer context and caller verification. */
export type CallSignalling = {
  xWarmlineContext: string | null;
  userToUser: string[];
  callInfo: string[];
  from: string | null;
  pAssertedIdentity: string[];
  identity: string[];
};

export type IncomingCallInfo = {
  id: string;
  remoteUri: string;
  remoteName: string;
  signalling: CallSignalling;
  /** Set when this INVITE replaces (RFC 3891) one of our calls: it is answered at once. */
  replacesId: string | null;
};

/** Facts about a call that are not lifecycle moves. */
export type CallDetail =
  | { type: 'codec'; codec: string }
  | { type: 'dtmf-received'; tone: string }
  | { type: 'transfer'; text: string; progress: 'requested' | 'trying' | 'ringing' | 'succeeded' | 'failed' }
  | { type: 'notice'; text: string }
  | { type: 'muted'; muted: boolean };

export type OutgoingCallInfo = { id: string; remoteUri: string; remoteName: string; referredFromId: string | null };

export type PhoneEvents = {
  registration(ev: RegistrationEvent): void;
  incoming(call: IncomingCallInfo): void;
  /** A call we did not dial ourselves but must follow (an incoming REFER told us to). */
  outgoing(call: OutgoingCallInfo): void;
  callEvent(id: string, ev: CallEvent): void;
  callDetail(id: string, detail: CallDetail): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
};

declare global {
  /**
   * shared/ compiles without the DOM, where this is an opaque type; in the
   * renderer it merges with the DOM's MediaStreamTrack, so adapters hand real
   * tracks over without a cast.
   */
  interface MediaStreamTrack {}
}

/** A call's audio tracks (PhonePort.callAudio). */
export type CallAudio = { local: MediaStreamTrack | null; remote: MediaStreamTrack | null };

export type DialResult = { ok: true; id: string } | { ok: false; reason: string };

export type DialOptions = {
  /** SIP headers to add to the INVITE, complete lines ("X-Warmline-Monitor-Mode: listen"). */
  extraHeaders?: string[];
  /** Receive audio only: no microphone is opened (supervisor listening; works without any microphone). */
  receiveOnly?: boolean;
  /**
   * An emergency call carrying the caller's location by value (RFC 6442): the
   * INVITE body becomes multipart/mixed with the SDP and this PIDF-LO, whose
   * Content-ID the Geolocation header points at.
   */
  location?: { pidf: string; contentId: string };
};

export interface PhonePort {
  start(): void;
  stop(): Promise<void>;
  dial(uri: string, remoteName: string, options?: DialOptions): DialResult;
  /**
   * A re-INVITE on a call in progress carrying `extraHeaders`; with `sendAudio`
   * the microphone joins (opened now if the call was receive-only), without it
   * our audio stops going out. The call itself is never dropped.
   */
  renegotiate(id: string, o: { sendAudio: boolean; extraHeaders: string[] }): Promise<{ ok: true } | { ok: false; reason: string }>;
  answer(id: string): void;
  decline(id: string): void;
  hangup(id: string): void;
  hold(id: string, on: boolean): void;
  mute(id: string, on: boolean): void;
  sendDtmf(id: string, tones: string): void;
  transferBlind(id: string, targetUri: string): void;
  /** REFER the original call to the consult call's party, with Replaces. */
  completeAttendedTransfer(originalId: string, consultId: string): void;
  /** Use this microphone for new calls and switch calls in progress to it. */
  useMicrophone(deviceId: string | null): Promise<void>;
  /** The network under us changed: ask every call for an ICE restart. */
  networkChanged(reason: string): void;
  /**
   * The call's media statistics right now (WebRTC getStats() reports as plain
   * objects), or null when the call has no media yet or is gone. Parsed by
   * shared/quality; the adapter only reads them.
   */
  callStats(id: string): Promise<readonly unknown[] | null>;
  /**
   * The call's own audio right now, for the call recorder: our microphone
   * track and the far end's. Null for a side the call does not have (a
   * receive-only call has no local track) or for an unknown call. The tracks
   * stay the call's: a reader must never stop them.
   */
  callAudio?(id: string): CallAudio;
  /** A transfer is about to arrive: open the microphone now, kept `holdMs` for the call that answers it. */
  prewarm(holdMs: number): Promise<void>;
  /** Send a REGISTER now and time it to the final response ("Test my connection"). */
  measureRegistration(): Promise<{ ok: true; ms: number } | { ok: false; reason: string }>;
}
