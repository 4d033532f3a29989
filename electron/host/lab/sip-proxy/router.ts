/**
 * What the Lab proxy does with each SIP message from a connection: the
 * registrar, the OPTIONS answer, and a transaction-stateful proxy that
 * forwards by registration (initial requests) or by contact (in-dialog).
 * No sockets here: connections are `Peer`s, time is `now()`.
 */
import type { LogLevel } from '../../logger';
import { Registrar, type Peer } from './registrar';
import { handleRegister } from './registration';
import { parseSip, type SipBroken, type SipRequest, type SipResponse, type SipUri } from './sip-message';
import { Transactions, type Transaction } from './transactions';
import { ackRequest, cancelRequest, forwardRequest, forwardResponse, localResponse, newToken, REASONS, withReceived, type LocalStatus } from './wire';

export type ProxyLog = (level: LogLevel, message: string) => void;

/** Larger messages get 513 (RFC 3261 §21.5.14). Our Kamailio's practical ceiling is the same 64 KiB; a transfer context needs ~12 KB. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** RFC 3261 §16.6 step 3: the recommended initial value when a request has none. */
const DEFAULT_MAX_FORWARDS = 70;
const ALLOW = 'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, INFO, UPDATE, REFER, NOTIFY, SUBSCRIBE, PRACK, REGISTER';

export type RouterOptions = { domain: string; host: string; port: number; log: ProxyLog; now: () => number };

export class Router {
  private readonly registrar = new Registrar();
  private readonly transactions = new Transactions();
  private readonly hostPort: string;
  private readonly recordRoute: string;
  private lastSweep = 0;

  constructor(private readonly o: RouterOptions) {
    this.hostPort = `${o.host}:${o.port}`;
    this.recordRoute = `<sip:${this.hostPort};transport=ws;lr>`;
  }

  registrations(): Array<{ aor: string; contact: string }> {
    return this.registrar.list(this.o.now());
  }

  onMessage(peer: Peer, data: Buffer): void {
    const now = this.o.now();
    if (now - this.lastSweep > 1000) {
      this.transactions.sweep(now);
      this.lastSweep = now;
    }
    const text = data.toString('utf8');
    // RFC 5626 §4.4.1 CRLF keep-alive: a double CRLF ping gets a single CRLF pong.
    if (/^(\r\n)+$/.test(text)) {
      if (text.length >= 4) peer.send('\r\n');
      return;
    }
    const msg = parseSip(text);
    if (data.length > MAX_MESSAGE_BYTES) return this.tooLarge(peer, msg, data.length);
    switch (msg.kind) {
      case 'broken':
        return this.onBroken(peer, msg);
      case 'response':
        return this.onResponse(peer, msg);
      case 'request':
        return this.onRequest(peer, msg);
      default:
        return unreachable(msg);
    }
  }

  /** A closed connection: its registrations and routes go; what it had pending is answered or cancelled. */
  onClose(peer: Peer): void {
    this.registrar.dropPeer(peer);
    const now = this.o.now();
    for (const t of this.transactions.pendingTowards(peer)) {
      this.transactions.finish(t, 480, now);
      t.upstream.send(localResponse(t.reply, 480, REASONS[480], newToken()));
    }
    for (const t of this.transactions.pendingFrom(peer)) {
      if (t.method === 'INVITE' && t.initial && t.downstream?.open) t.downstream.send(cancelRequest(t));
    }
    this.o.log('info', `${peer.label} closed; its registrations and routes are gone`);
  }

  private onBroken(peer: Peer, msg: SipBroken): void {
    this.o.log('warn', `${peer.label}: dropped an unparsable message (${msg.reason})`);
    if (!msg.reply || !msg.method || msg.method === 'ACK') return;
    const warning = `Warning: 399 lab "${msg.reason.replace(/["\\\r\n]/g, ' ').slice(0, 200)}"`;
    peer.send(localResponse(msg.reply, 400, REASONS[400], newToken(), [warning]));
  }

  private tooLarge(peer: Peer, msg: ReturnType<typeof parseSip>, bytes: number): void {
    this.o.log('warn', `${peer.label}: refused a ${bytes}-byte message (limit ${MAX_MESSAGE_BYTES})`);
    const method = msg.kind === 'response' ? undefined : msg.method;
    const reply = msg.kind === 'request' ? msg : msg.kind === 'broken' ? msg.reply : null;
    if (reply && method && method !== 'ACK') peer.send(localResponse(reply, 513, REASONS[513], newToken()));
  }

  private onRequest(peer: Peer, req: SipRequest): void {
    this.o.log('debug', `${peer.label} -> ${req.method} ${req.ruri.text}`);
    // Dialogs can start from connected but unregistered UAs too: every Contact shown is a route back.
    for (const c of req.contacts) this.registrar.learnContact(c.uri.key, peer);
    switch (req.method) {
      case 'REGISTER':
        return this.register(peer, req);
      case 'CANCEL':
        return this.cancel(peer, req);
      case 'ACK':
        return this.ack(peer, req);
    }
    if (!req.ruri.user) {
      // OPTIONS to the proxy itself: the renderer's watchdog and sip.js keep-alives need an answer.
      if (req.method === 'OPTIONS') return this.reply(peer, req, 200, [ALLOW, 'Accept: application/sdp']);
      return this.reject(peer, req, 484);
    }
    const previous = this.transactions.fromUpstream(peer, req.topBranch);
    if (previous && previous.method === req.method) return; // a retransmission: already on its way
    const target = this.resolve(req, true);
    if ('status' in target) return this.reject(peer, req, target.status);
    const maxForwards = req.maxForwards ?? DEFAULT_MAX_FORWARDS;
    if (maxForwards <= 0) return this.reject(peer, req, 483);

    const branch = `z9hG4bK${newToken()}`;
    const via = `SIP/2.0/WS ${this.hostPort};branch=${branch}`;
    const initial = req.toTag === undefined;
    if (req.method === 'INVITE') this.reply(peer, req, 100);
    const t = this.transactions.add(
      { branch, via, method: req.method, upstream: peer, upstreamBranch: req.topBranch, downstream: target.peer, ruri: target.ruri, reply: req, cseqNumber: req.cseqNumber, initial, final: null },
      this.o.now(),
    );
    if (!this.relay(peer, req, target, via, maxForwards - 1, initial)) {
      // Closed between lookup and send: answer as if it had closed a moment earlier.
      this.transactions.finish(t, 480, this.o.now());
      this.reply(peer, req, 480);
    }
  }

  private onResponse(peer: Peer, res: SipResponse): void {
    const t = this.transactions.fromBranch(res.topBranch);
    if (!t || t.downstream !== peer) {
      this.o.log('debug', `${peer.label}: dropped a stray ${res.status} (${res.cseqMethod}); no transaction of ours`);
      return;
    }
    if (res.status < 300) for (const c of res.contacts) this.registrar.learnContact(c.uri.key, peer);
    const forInvite = t.method === 'INVITE' && res.cseqMethod === 'INVITE';
    if (res.status >= 200 && res.cseqMethod === t.method) this.transactions.finish(t, res.status, this.o.now());
    if (forInvite && res.status >= 300) peer.send(ackRequest(t, res.to));
    // 100 Trying is hop-by-hop (RFC 3261 §16.7); a response to the proxy's own CANCEL has only our Via.
    const vias = res.vias.slice(1);
    if (res.status === 100 || vias.length === 0) return;
    if (!t.upstream.send(forwardResponse(res, vias))) this.o.log('debug', `${res.status} for ${t.method} not delivered: ${t.upstream.label} is gone`);
  }

  private register(peer: Peer, req: SipRequest): void {
    const result = handleRegister(this.registrar, req, peer, { domain: this.o.domain, log: this.o.log, now: this.o.now() });
    if (result.status === 400) return this.reject(peer, req, 400);
    this.reply(peer, req, 200, result.contacts);
  }

  private cancel(peer: Peer, req: SipRequest): void {
    const t = this.transactions.fromUpstream(peer, req.topBranch);
    if (!t || t.method !== 'INVITE') return this.reject(peer, req, 481);
    // RFC 3261 §16.10: answer the CANCEL at once, then cancel our own branch if it is still ringing.
    this.reply(peer, req, 200);
    if (t.final === null && t.downstream?.open) t.downstream.send(cancelRequest(t));
  }

  private ack(peer: Peer, req: SipRequest): void {
    const t = this.transactions.fromUpstream(peer, req.topBranch);
    // The ACK of a non-2xx final is hop-by-hop: we already sent our own downstream (or answered ourselves).
    if (t?.method === 'INVITE' && (t.downstream === null || (t.final ?? 0) >= 300)) return;
    // The ACK of a 2xx is in-dialog: it goes to the callee's Contact, never to a registration lookup
    // (that would deliver ACKs of our own 404s to whoever registers the name later).
    const target = this.resolve(req, false);
    if ('status' in target) {
      this.o.log('debug', `${peer.label}: dropped an ACK for ${req.ruri.text} (no route)`);
      return;
    }
    const maxForwards = req.maxForwards ?? DEFAULT_MAX_FORWARDS;
    if (maxForwards <= 0) return;
    this.relay(peer, req, target, `SIP/2.0/WS ${this.hostPort};branch=z9hG4bK${newToken()}`, maxForwards - 1, false);
  }

  /** Sends `req` on with our Via (and Record-Route on an initial request); false if the target's socket is gone. */
  private relay(from: Peer, req: SipRequest, target: { peer: Peer; ruri: string }, via: string, maxForwards: number, initial: boolean): boolean {
    this.o.log('debug', `${req.method} ${req.ruri.text} -> ${target.peer.label} as ${target.ruri}`);
    return target.peer.send(
      forwardRequest(req, {
        ruri: target.ruri,
        via,
        recordRoute: initial ? this.recordRoute : null,
        routes: this.foreignRoutes(req),
        maxForwards,
        senderVia: withReceived(req.vias[0] ?? '', from.address),
      }),
    );
  }

  /** The Request-URI as a known contact (in-dialog), else its user's newest registration. */
  private resolve(req: SipRequest, byUser: boolean): { peer: Peer; ruri: string } | { status: LocalStatus } {
    const contact = this.registrar.lookupContact(req.ruri.key);
    if ('found' in contact) return { peer: contact.found, ruri: req.ruri.text };
    if (contact.missing === 'gone' || !byUser) return { status: 480 };
    const user = req.ruri.user;
    if (!user) return { status: 484 };
    const binding = this.registrar.lookupUser(user, this.o.now());
    if ('found' in binding) return { peer: binding.found.peer, ruri: binding.found.contact.text };
    return { status: binding.missing === 'gone' ? 480 : 404 };
  }

  /** Route values that are not ours (loose routing, RFC 3261 §16.4: we remove our own). */
  private foreignRoutes(req: SipRequest): string[] {
    const routes = [...req.routes];
    while (routes[0] && this.isOwn(routes[0].uri)) routes.shift();
    return routes.map((r) => r.text);
  }

  private isOwn(uri: SipUri): boolean {
    if (uri.user) return false;
    return (uri.host === this.o.host && uri.port === this.o.port) || (uri.host === this.o.domain && uri.port === undefined);
  }

  private reply(peer: Peer, req: SipRequest, status: LocalStatus | 100, extra: readonly string[] = []): void {
    // 100 Trying carries no To tag (RFC 3261 §8.2.6.2); every other answer of ours gets a fresh one.
    if (status === 100) peer.send(localResponse(req, 100, 'Trying', null, extra));
    else peer.send(localResponse(req, status, REASONS[status], newToken(), extra));
  }

  /** A final answer from the proxy; for INVITE it is remembered so the caller's ACK stops here. */
  private reject(peer: Peer, req: SipRequest, status: LocalStatus): void {
    this.o.log('info', `${req.method} ${req.ruri.text} from ${peer.label}: ${status} ${REASONS[status]}`);
    if (req.method === 'INVITE') {
      const t: Omit<Transaction, 'expiresAt'> = {
        branch: `local-${newToken()}`,
        via: '',
        method: 'INVITE',
        upstream: peer,
        upstreamBranch: req.topBranch,
        downstream: null,
        ruri: req.ruri.text,
        reply: req,
        cseqNumber: req.cseqNumber,
        initial: req.toTag === undefined,
        final: status,
      };
      this.transactions.add(t, this.o.now());
    }
    this.reply(peer, req, status);
  }
}

function unreachable(x: never): never {
  throw new Error(`unexpected message kind ${JSON.stringify(x)}`);
}
