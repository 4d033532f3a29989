/**
 * Outgoing SIP text. Header values come from sip.js's parse of the incoming
 * message; only the proxy's own headers (Via, Record-Route, Max-Forwards,
 * Content-Length, the status line) are written here. Content-Length is
 * always recomputed in bytes, which is what RFC 3261 §20.14 counts.
 */
import { randomBytes } from 'node:crypto';
import type { HeaderLine, ReplyBase, SipRequest, SipResponse } from './sip-message';

const CRLF = '\r\n';

export const REASONS = {
  200: 'OK',
  400: 'Bad Request',
  404: 'Not Found',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  483: 'Too Many Hops',
  484: 'Address Incomplete',
  513: 'Message Too Large',
} as const;
export type LocalStatus = keyof typeof REASONS;

/** Branch and tag material: random, so no two transactions or dialogs of ours collide. */
export function newToken(): string {
  return randomBytes(8).toString('hex');
}

/** RFC 3261 §18.2.1: the sent-by of a WebSocket client (`x.invalid`) never matches its address. */
export function withReceived(via: string, address: string): string {
  return /;\s*received\s*=/i.test(via) ? via : `${via};received=${address}`;
}

export type ForwardPlan = {
  ruri: string;
  via: string;
  /** Our Record-Route value for requests that may create a dialog. */
  recordRoute: string | null;
  /** Route values left after removing our own. */
  routes: readonly string[];
  maxForwards: number;
  /** The sender's Via with `received` added (RFC 3261 §18.2.1). */
  senderVia: string;
};

export function forwardRequest(req: SipRequest, plan: ForwardPlan): string {
  const head = [
    `${req.method} ${plan.ruri} SIP/2.0`,
    `Via: ${plan.via}`,
    `Via: ${plan.senderVia}`,
    ...req.vias.slice(1).map((v) => `Via: ${v}`),
    ...plan.routes.map((r) => `Route: ${r}`),
    ...(plan.recordRoute ? [`Record-Route: ${plan.recordRoute}`] : []),
    ...req.recordRoutes.map((r) => `Record-Route: ${r}`),
    `Max-Forwards: ${plan.maxForwards}`,
  ];
  return assemble(head, req.lines, req.body);
}

/** A response on its way back: our Via is gone, everything else as the UAS wrote it. */
export function forwardResponse(res: SipResponse, vias: readonly string[]): string {
  const head = [
    `SIP/2.0 ${res.status} ${res.reason}`,
    ...vias.map((v) => `Via: ${v}`),
    ...res.recordRoutes.map((r) => `Record-Route: ${r}`),
  ];
  return assemble(head, res.lines, res.body);
}

/** A response the proxy writes itself (RFC 3261 §8.2.6); `toTag` is added when the request had none. */
export function localResponse(req: ReplyBase, status: number, reason: string, toTag: string | null, extra: readonly string[] = []): string {
  const to = toTag && !req.hasToTag && status > 100 ? `${req.to};tag=${toTag}` : req.to;
  return [
    `SIP/2.0 ${status} ${reason}`,
    ...req.vias.map((v) => `Via: ${v}`),
    `From: ${req.from}`,
    `To: ${to}`,
    `Call-ID: ${req.callId}`,
    `CSeq: ${req.cseq}`,
    ...extra,
    'Server: Warmline Lab',
    'Content-Length: 0',
    '',
    '',
  ].join(CRLF);
}

/** CANCEL for an INVITE the proxy forwarded (RFC 3261 §9.1: same Request-URI, Via, Call-ID, From, To, CSeq number). */
export function cancelRequest(t: { ruri: string; via: string; reply: ReplyBase; cseqNumber: number }): string {
  return [
    `CANCEL ${t.ruri} SIP/2.0`,
    `Via: ${t.via}`,
    'Max-Forwards: 70',
    `From: ${t.reply.from}`,
    `To: ${t.reply.to}`,
    `Call-ID: ${t.reply.callId}`,
    `CSeq: ${t.cseqNumber} CANCEL`,
    'Content-Length: 0',
    '',
    '',
  ].join(CRLF);
}

/**
 * ACK for a non-2xx final response to an INVITE we forwarded: it belongs to
 * our client transaction (RFC 3261 §17.1.1.3), so we send it ourselves and
 * absorb the caller's (hop-by-hop). `to` is the response's To, with its tag.
 */
export function ackRequest(t: { ruri: string; via: string; reply: ReplyBase; cseqNumber: number }, to: string): string {
  return [
    `ACK ${t.ruri} SIP/2.0`,
    `Via: ${t.via}`,
    'Max-Forwards: 70',
    `From: ${t.reply.from}`,
    `To: ${to}`,
    `Call-ID: ${t.reply.callId}`,
    `CSeq: ${t.cseqNumber} ACK`,
    'Content-Length: 0',
    '',
    '',
  ].join(CRLF);
}

function assemble(head: readonly string[], lines: readonly HeaderLine[], body: string): string {
  return [...head, ...lines.map((l) => `${l.name}: ${l.value}`), `Content-Length: ${Buffer.byteLength(body, 'utf8')}`, '', body].join(CRLF);
}
