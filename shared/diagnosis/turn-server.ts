/**
 * Which configured TURN server a relayed call goes through. getStats tells
 * the local candidate is 'relay' and how we reach the server (relayProtocol)
 * but not reliably which server: the account's TURN URIs (RFC 7065) do.
 */
import type { IceServer } from '../settings/account';

export type TurnTransport = 'udp' | 'tcp' | 'tls';
export type TurnUri = { host: string; port: number | null; transport: TurnTransport };

const TURN_URI = /^(turns?):(\[[0-9a-f:.]+\]|[^\s:?/@[\]]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/i;

/** "turn:turn.example.com:3478?transport=tcp" -> host, port, transport; null for STUN or anything malformed. */
export function parseTurnUri(uri: string): TurnUri | null {
  const m = TURN_URI.exec(uri.trim());
  if (!m) return null;
  const secure = m[1]!.toLowerCase() === 'turns';
  const transport = m[4]?.toLowerCase();
  // turns: is TLS over TCP (browsers do not do DTLS to TURN); plain turn: defaults to UDP.
  const t: TurnTransport = secure ? 'tls' : transport === 'tcp' ? 'tcp' : 'udp';
  return { host: m[2]!.toLowerCase(), port: m[3] === undefined ? null : Number(m[3]), transport: t };
}

/**
 * The host of the TURN server the relay was allocated on, when the account's
 * servers leave only one possibility for that transport; null when unknown.
 */
export function relayServerHost(iceServers: readonly IceServer[], relayProtocol: TurnTransport | null): string | null {
  const turns = iceServers.flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls])).flatMap((u) => parseTurnUri(u) ?? []);
  const matching = relayProtocol === null ? turns : turns.filter((t) => t.transport === relayProtocol);
  const hosts = new Set(matching.map((t) => t.host));
  return hosts.size === 1 ? [...hosts][0]! : null;
}
