/**
 * Who is reachable over which WebSocket. sip.js Contacts have `.invalid`
 * hosts, so a contact can only be reached over the connection that showed it
 * (RFC 7118 §5): this table is what Kamailio's `;alias=` and usrloc do for us.
 * Time comes in as `now` (ms); nothing here has timers or I/O.
 */
import type { SipUri } from './sip-message';

/** One WebSocket connection, as the proxy logic sees it. */
export interface Peer {
  readonly id: number;
  /** For logs: "ws#3 127.0.0.1:53122". */
  readonly label: string;
  /** The remote IP, for the Via `received` parameter. */
  readonly address: string;
  readonly open: boolean;
  /** False when the connection is no longer open. */
  send(text: string): boolean;
}

export type Binding = { user: string; aor: string; contact: SipUri; peer: Peer; expiresAt: number; since: number };

export type Lookup<T> = { found: T } | { missing: 'unknown' | 'gone' };

/** RFC 3261 §10.2.1 leaves the default to the registrar; an hour, like our Kamailio's max_expires. */
export const DEFAULT_EXPIRES_S = 3600;
export const MAX_EXPIRES_S = 3600;

export class Registrar {
  /** user -> contact key -> binding. */
  private readonly bindings = new Map<string, Map<string, Binding>>();
  /** Users and contacts seen before, to tell "gone" (480) from "never heard of" (404). */
  private readonly knownUsers = new Set<string>();
  private readonly knownContacts = new Set<string>();
  /** Contact key -> the connection it arrived on (registered or only used in a dialog). */
  private readonly contacts = new Map<string, Peer>();

  /** Adds or refreshes a binding; `expiresS` 0 removes it. Returns the seconds granted. */
  bind(user: string, aor: string, contact: SipUri, expiresS: number, peer: Peer, now: number): number {
    const granted = Math.min(expiresS, MAX_EXPIRES_S);
    this.knownUsers.add(user);
    this.learnContact(contact.key, peer);
    const mine = this.bindings.get(user) ?? new Map<string, Binding>();
    if (granted === 0) mine.delete(contact.key);
    else {
      // A refresh keeps its age; the same contact on a new connection counts as new.
      const old = mine.get(contact.key);
      const since = old && old.peer === peer ? old.since : now;
      mine.set(contact.key, { user, aor, contact, peer, expiresAt: now + granted * 1000, since });
    }
    if (mine.size > 0) this.bindings.set(user, mine);
    else this.bindings.delete(user);
    return granted;
  }

  /** `Contact: *` with Expires 0 (RFC 3261 §10.2.2). */
  unbindAll(user: string): void {
    this.bindings.delete(user);
  }

  /** Live bindings of a user, oldest first. */
  live(user: string, now: number): Binding[] {
    const mine = this.bindings.get(user);
    if (!mine) return [];
    for (const [key, b] of mine) if (b.expiresAt <= now || !b.peer.open) mine.delete(key);
    if (mine.size === 0) this.bindings.delete(user);
    return [...mine.values()].sort((a, b) => a.since - b.since);
  }

  /** No forking in the Lab: the newest registration of a user gets the call. */
  lookupUser(user: string, now: number): Lookup<Binding> {
    const newest = this.live(user, now).at(-1);
    if (newest) return { found: newest };
    return { missing: this.knownUsers.has(user) ? 'gone' : 'unknown' };
  }

  learnContact(key: string, peer: Peer): void {
    this.knownContacts.add(key);
    this.contacts.set(key, peer);
  }

  lookupContact(key: string): Lookup<Peer> {
    const peer = this.contacts.get(key);
    if (peer?.open) return { found: peer };
    return { missing: this.knownContacts.has(key) ? 'gone' : 'unknown' };
  }

  /** A closed connection takes its registrations and contact routes with it. */
  dropPeer(peer: Peer): void {
    for (const [user, mine] of this.bindings) {
      for (const [key, b] of mine) if (b.peer === peer) mine.delete(key);
      if (mine.size === 0) this.bindings.delete(user);
    }
    for (const [key, p] of this.contacts) if (p === peer) this.contacts.delete(key);
  }

  list(now: number): Array<{ aor: string; contact: string }> {
    return [...this.bindings.keys()].flatMap((user) => this.live(user, now).map((b) => ({ aor: b.aor, contact: b.contact.text })));
  }
}
