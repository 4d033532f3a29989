/**
 * REGISTER (RFC 3261 §10.3) as the Lab does it: no authentication, any
 * domain accepted (and logged), the AOR is the To URI's user@host.
 */
import { DEFAULT_EXPIRES_S, type Peer, type Registrar } from './registrar';
import type { ProxyLog } from './router';
import type { SipRequest } from './sip-message';

export type RegisterResult = { status: 200; contacts: string[] } | { status: 400 };

export function handleRegister(registrar: Registrar, req: SipRequest, peer: Peer, o: { domain: string; log: ProxyLog; now: number }): RegisterResult {
  const to = req.toUri;
  if (!to?.user) return { status: 400 };
  const aor = `${to.user}@${to.host}`;
  if (to.host !== o.domain) o.log('info', `REGISTER for ${aor}, outside ${o.domain}: accepted (the Lab takes any domain)`);
  if (req.wildcardContact) {
    // §10.3 step 6: "*" only alone and with Expires: 0.
    if (req.expires !== 0 || req.contacts.length > 0) return { status: 400 };
    registrar.unbindAll(to.user);
    o.log('info', `${aor} unregistered everywhere`);
  }
  for (const c of req.contacts) {
    const granted = registrar.bind(to.user, aor, c.uri, c.expires ?? req.expires ?? DEFAULT_EXPIRES_S, peer, o.now);
    o.log('info', granted > 0 ? `${aor} registered at ${c.uri.text} for ${granted} s (${peer.label})` : `${aor} unregistered ${c.uri.text}`);
  }
  // §10.3 step 8: the 200 lists every current binding with its remaining time (sip.js reads its own from it).
  const contacts = registrar
    .live(to.user, o.now)
    .map((b) => `Contact: <${b.contact.text}>;expires=${Math.max(1, Math.round((b.expiresAt - o.now) / 1000))}`);
  return { status: 200, contacts };
}
