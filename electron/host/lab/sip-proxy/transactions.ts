/**
 * The proxy's memory of requests it forwarded (or answered itself), keyed
 * both by its own Via branch (responses) and by the sender's branch (CANCEL
 * and the ACK of a non-2xx response carry the INVITE's branch, RFC 3261
 * §9.1 and §17.1.1.3). Pure: time comes in as `now` (ms).
 */
import type { Peer } from './registrar';
import type { ReplyBase } from './sip-message';

export type Transaction = {
  /** Our branch, in the top Via of what went downstream. */
  branch: string;
  /** Our whole Via value, sent again on CANCEL and non-2xx ACK. */
  via: string;
  method: string;
  upstream: Peer;
  upstreamBranch: string;
  /** null when the proxy answered the request itself (the ACK then stops here). */
  downstream: Peer | null;
  /** The Request-URI we sent (CANCEL and non-2xx ACK must use the same). */
  ruri: string;
  /** To answer upstream ourselves if the downstream connection closes first. */
  reply: ReplyBase;
  cseqNumber: number;
  /** Out of dialog (no To tag): the proxy may CANCEL it if the caller disappears. */
  initial: boolean;
  final: number | null;
  expiresAt: number;
};

/** RFC 3261 T1 = 500 ms; 64*T1 is how long a transaction can still see retransmissions and ACKs. */
const LINGER_MS = 64 * 500;
/** An unanswered INVITE is forgotten after Timer C (RFC 3261 §16.6: more than 3 minutes). */
const INVITE_PENDING_MS = 181_000;
const NON_INVITE_PENDING_MS = 64 * 500;

export class Transactions {
  private readonly byOurBranch = new Map<string, Transaction>();
  private readonly byUpstream = new Map<string, Transaction>();

  add(t: Omit<Transaction, 'expiresAt'>, now: number): Transaction {
    const pending = t.final !== null ? LINGER_MS : t.method === 'INVITE' ? INVITE_PENDING_MS : NON_INVITE_PENDING_MS;
    const full = { ...t, expiresAt: now + pending };
    this.byOurBranch.set(full.branch, full);
    this.byUpstream.set(upstreamKey(full.upstream, full.upstreamBranch), full);
    return full;
  }

  fromBranch(branch: string): Transaction | undefined {
    return this.byOurBranch.get(branch);
  }

  fromUpstream(peer: Peer, branch: string): Transaction | undefined {
    return this.byUpstream.get(upstreamKey(peer, branch));
  }

  finish(t: Transaction, status: number, now: number): void {
    if (t.final !== null && t.final < 300) return; // a later non-2xx cannot undo an accepted INVITE
    t.final = status;
    t.expiresAt = now + LINGER_MS;
  }

  /** Unfinished transactions whose downstream is `peer`. */
  pendingTowards(peer: Peer): Transaction[] {
    return [...this.byOurBranch.values()].filter((t) => t.downstream === peer && t.final === null);
  }

  /** Unfinished transactions that `peer` started. */
  pendingFrom(peer: Peer): Transaction[] {
    return [...this.byOurBranch.values()].filter((t) => t.upstream === peer && t.final === null);
  }

  sweep(now: number): void {
    for (const t of this.byOurBranch.values()) {
      if (t.expiresAt > now) continue;
      this.byOurBranch.delete(t.branch);
      const key = upstreamKey(t.upstream, t.upstreamBranch);
      if (this.byUpstream.get(key) === t) this.byUpstream.delete(key);
    }
  }

  get size(): number {
    return this.byOurBranch.size;
  }
}

function upstreamKey(peer: Peer, branch: string): string {
  return `${peer.id} ${branch}`;
}
