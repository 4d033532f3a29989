import { z } from 'zod';

/** A STUN/TURN server as RTCPeerConnection takes it. */
export const IceServerSchema = z.object({
  urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServerSchema>;

const wsUrl = z
  .string()
  .trim()
  .refine((v) => /^wss?:\/\/[^\s/]+/i.test(v), 'must be a ws:// or wss:// URL, e.g. wss://pbx.example.com:8089/ws');

const sipUri = z
  .string()
  .trim()
  .refine((v) => /^sips?:[^@\s]+@[^@\s]+$/i.test(v), 'must be a SIP URI like sip:alice@pbx.example.com');

/** A SIP account as stored in settings: everything except the password, which lives in the vault. */
export const SipAccountSchema = z.object({
  id: z.string().min(1).max(120),
  kind: z.literal('sip').default('sip'),
  /** WebSocket URI of the PBX or SIP/WebRTC provider. */
  server: wsUrl,
  /** Address of record. */
  uri: sipUri,
  authorizationUsername: z.string().trim().min(1, 'is required'),
  displayName: z.string().trim().max(80).default(''),
  /** Empty by default: sip.js would otherwise use a public STUN server and stall call setup when it is unreachable. */
  iceServers: z.array(IceServerSchema).default([]),
  /** Upper bound on waiting for ICE candidates before the INVITE leaves, in ms. */
  iceGatheringTimeoutMs: z.number().int().min(50).max(5000).default(400),
  /** Seconds requested in REGISTER Expires. */
  registerExpiresSec: z.number().int().min(60).max(3600).default(600),
  /** RFC 4733 telephone-events in the media (default) or SIP INFO, for PBXs that want INFO. */
  dtmfMode: z.enum(['rfc4733', 'info']).default('rfc4733'),
  /** Opus discontinuous transmission: saves bandwidth in silences, but some PBXs/recorders mishandle it. */
  opusDtx: z.boolean().default(false),
});
export type SipAccount = z.infer<typeof SipAccountSchema>;

/** What the renderer sees of an account: never the password, only whether one is stored. */
export const SipAccountViewSchema = SipAccountSchema.extend({ hasPassword: z.boolean() });
export type SipAccountView = z.infer<typeof SipAccountViewSchema>;

/** Derive a stable id from the AOR so provisioning the same account twice updates it. */
export function accountIdFor(uri: string): string {
  return uri.trim().toLowerCase().replace(/^sips?:/, '').replace(/[^a-z0-9@._-]/g, '_');
}
