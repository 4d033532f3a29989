import { z } from 'zod';
import { isAllowedContextUrl } from '../context/context-url';

/** A STUN/TURN server as RTCPeerConnection takes it. */
export const IceServerSchema = z.object({
  urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  username: z.string().optional(),
  /** Only ever in a request (the form, provisioning): the host moves it to the vault and stores the server without it. */
  credential: z.string().optional(),
  /** In what the host shows: a credential for this server is in the vault (it is never shown back). */
  hasCredential: z.boolean().optional(),
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
  /**
   * Admin switch: media only through the TURN servers above (iceTransportPolicy 'relay'), for
   * networks that block direct UDP or where agents' addresses must not reach the far end.
   */
  forceRelay: z.boolean().default(false),
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

/**
 * Where a Twilio seat gets its Voice access tokens (docs/twilio.md §2). HTTPS
 * only: the renderer's CSP allows no other origin, and the token is a
 * credential. The same narrow grammar as context URLs (no user:password@,
 * no characters a URL parser would "repair").
 */
const tokenUrl = z
  .string()
  .trim()
  .refine((v) => /^https:\/\//i.test(v) && isAllowedContextUrl(v).ok, 'must be an https:// URL without a user name or password, e.g. https://warmline-1234.twil.io/warmline-token');

/** A Twilio edge location (ashburn, dublin, frankfurt-ix, roaming …): a name, not a closed list, since Twilio adds edges. */
const edgeName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9-]{1,31}$/, 'must be a Twilio edge name such as ashburn or dublin');

/**
 * A Twilio Voice SDK account (docs/twilio.md). The secret stored for it in the
 * vault (the "password" of accounts.save) is the seat token the token URL
 * expects; the Twilio API key never reaches Warmline.
 */
export const TwilioAccountSchema = z.object({
  id: z.string().min(1).max(120),
  kind: z.literal('twilio'),
  displayName: z.string().trim().max(80).default(''),
  tokenUrl,
  /** Edge locations in fallback order; empty: the SDK's default ("roaming", the nearest edge). */
  edge: z.array(edgeName).max(8).default([]),
  /** Fetch the next access token this long before the current one expires (halved for tokens shorter than twice this). */
  tokenRefreshLeadSec: z.number().int().min(5).max(1800).default(60),
});
export type TwilioAccount = z.infer<typeof TwilioAccountSchema>;
export const TwilioAccountViewSchema = TwilioAccountSchema.extend({ hasPassword: z.boolean() });
export type TwilioAccountView = z.infer<typeof TwilioAccountViewSchema>;

export const ACCOUNT_KINDS = ['sip', 'twilio'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];
const kindError = { error: `kind must be one of ${ACCOUNT_KINDS.join(', ')} (absent means sip)` };

/** An account as stored in settings. `kind` defaults to 'sip', so files written before Twilio accounts existed parse unchanged. */
export const AccountSchema = z.discriminatedUnion('kind', [SipAccountSchema, TwilioAccountSchema], kindError);
export type Account = z.infer<typeof AccountSchema>;
/** What the renderer sees of any account: never its secret, only whether one is stored. */
export const AccountViewSchema = z.discriminatedUnion('kind', [SipAccountViewSchema, TwilioAccountViewSchema], kindError);
export type AccountView = z.infer<typeof AccountViewSchema>;

/** A name for the account in lists, logs and CDRs: its display name, else its SIP domain, else "Twilio". */
export function accountLabel(a: Account | AccountView): string {
  if (a.displayName) return a.displayName;
  switch (a.kind) {
    case 'sip':
      return a.uri.slice(a.uri.lastIndexOf('@') + 1).replace(/[;?].*$/, '');
    case 'twilio':
      return 'Twilio';
    default:
      return missingKind(a);
  }
}

/** Where the account connects, for lists: its SIP address, or its token URL's host and path (never the query, which may hold a seat secret). */
export function accountAddress(a: Account | AccountView): string {
  switch (a.kind) {
    case 'sip':
      return a.uri;
    case 'twilio':
      return `Twilio ${a.tokenUrl.replace(/^https:\/\//i, '').replace(/[?#].*$/, '')}`;
    default:
      return missingKind(a);
  }
}

function missingKind(a: never): never {
  throw new Error(`unknown account kind ${String((a as { kind?: unknown }).kind)}`);
}

/** Derive a stable id from the AOR so provisioning the same account twice updates it. */
export function accountIdFor(uri: string): string {
  return uri.trim().toLowerCase().replace(/^sips?:/, '').replace(/[^a-z0-9@._-]/g, '_');
}

/** The same for a Twilio account, from its token URL's host and path: never its query, which may hold a seat secret. */
export function twilioAccountIdFor(tokenUrl: string): string {
  const where = tokenUrl.trim().replace(/^https?:\/\//i, '').replace(/[?#].*$/, '');
  return `twilio-${where}`.toLowerCase().replace(/[^a-z0-9@._-]/g, '_').slice(0, 120);
}
