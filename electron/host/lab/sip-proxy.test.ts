import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startLabSipProxy, type LabSipProxy, type LabSipProxyOptions } from './sip-proxy';

const DOMAIN = 'lab.warmline.test';
const CRLF = '\r\n';

// ---- a fake SIP-over-WebSocket user agent that speaks raw text ----

class Client {
  private readonly inbox: string[] = [];
  private wake: (() => void) | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.inbox.push(String(data));
      this.wake?.();
    });
  }

  static connect(url: string, protocols: string[] = ['sip']): Promise<Client> {
    const ws = new WebSocket(url, protocols);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  send(text: string | Buffer): void {
    this.ws.send(text);
  }

  /** The next message whose first line matches (earlier non-matching ones are skipped). */
  async next(firstLine: RegExp, ms = 2000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.inbox.findIndex((m) => firstLine.test(m.split(CRLF)[0] ?? ''));
      if (i >= 0) return this.inbox.splice(i, 1)[0]!;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message matching ${firstLine} within ${ms} ms; got ${JSON.stringify(this.inbox.map((m) => m.split(CRLF)[0]))}`);
      await new Promise<void>((r) => {
        const timer = setTimeout(r, left);
        this.wake = () => {
          clearTimeout(timer);
          r();
        };
      });
    }
  }

  /** Everything received in the next `ms`, drained. */
  async quiet(ms = 150): Promise<string[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.inbox.splice(0);
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((r) => {
      this.ws.once('close', () => r());
      this.ws.close();
    });
  }
}

let counter = 0;
const token = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

type Req = {
  branch?: string;
  host?: string;
  from?: string;
  to?: string;
  callId?: string;
  cseq?: number;
  contact?: string;
  extra?: string[];
  body?: string;
  maxForwards?: number | null;
};

/** A request as sip.js would write it. */
function request(method: string, ruri: string, o: Req = {}): string {
  const body = o.body ?? '';
  return [
    `${method} ${ruri} SIP/2.0`,
    `Via: SIP/2.0/WS ${o.host ?? 'ua.invalid'};branch=${o.branch ?? `z9hG4bK${token()}`}`,
    ...(o.maxForwards === null ? [] : [`Max-Forwards: ${o.maxForwards ?? 70}`]),
    `To: ${o.to ?? `<${ruri}>`}`,
    `From: ${o.from ?? `<sip:alice@${DOMAIN}>;tag=${token()}`}`,
    `Call-ID: ${o.callId ?? token()}`,
    `CSeq: ${o.cseq ?? 1} ${method}`,
    ...(o.contact ? [`Contact: ${o.contact}`] : []),
    ...(o.extra ?? []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join(CRLF);
}

function headers(msg: string, name: string): string[] {
  const head = msg.split(CRLF + CRLF)[0]!.split(CRLF).slice(1);
  return head.filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`)).map((l) => l.slice(l.indexOf(':') + 1).trim());
}
const header = (msg: string, name: string) => headers(msg, name)[0];

/** What a UAS sends back: Vias, From, To (+tag), Call-ID, CSeq and Record-Route copied (RFC 3261 §8.2.6, §12.1.1). */
function respond(req: string, status: number, reason: string, o: { toTag?: string; contact?: string; extra?: string[] } = {}): string {
  const to = header(req, 'To')!;
  return [
    `SIP/2.0 ${status} ${reason}`,
    ...headers(req, 'Via').map((v) => `Via: ${v}`),
    ...(status > 100 && status < 300 ? headers(req, 'Record-Route').map((r) => `Record-Route: ${r}`) : []),
    `From: ${header(req, 'From')}`,
    `To: ${/;tag=/.test(to) || status === 100 ? to : `${to};tag=${o.toTag ?? 'uas'}`}`,
    `Call-ID: ${header(req, 'Call-ID')}`,
    `CSeq: ${header(req, 'CSeq')}`,
    ...(o.contact ? [`Contact: ${o.contact}`] : []),
    ...(o.extra ?? []),
    'Content-Length: 0',
    '',
    '',
  ].join(CRLF);
}

const firstLine = (m: string) => m.split(CRLF)[0];
const branchOf = (via: string | undefined) => /branch=([^;\s,]+)/.exec(via ?? '')?.[1];

// ---- fixtures ----

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function proxy(opts: Partial<LabSipProxyOptions> = {}): Promise<LabSipProxy & { logs: string[] }> {
  const logs: string[] = [];
  const p = await startLabSipProxy({ domain: DOMAIN, log: (level, message) => logs.push(`${level} ${message}`), ...opts });
  open.push(p);
  return Object.assign(p, { logs });
}

async function client(p: { wsUrl: string }): Promise<Client> {
  const c = await Client.connect(p.wsUrl);
  open.push(c);
  return c;
}

/** Registers `user` from `c` with a sip.js-style `.invalid` Contact; returns that contact URI. */
async function register(c: Client, user: string, expires = 600): Promise<string> {
  const contact = `sip:${user}c@${user}host.invalid;transport=ws`;
  c.send(request('REGISTER', `sip:${DOMAIN}`, { to: `<sip:${user}@${DOMAIN}>`, from: `<sip:${user}@${DOMAIN}>;tag=r`, contact: `<${contact}>;expires=${expires}` }));
  const ok = await c.next(/^SIP\/2.0 200/);
  expect(header(ok, 'Contact')).toContain(contact);
  return contact;
}

// ---- tests ----

describe('REGISTER', () => {
  it('binds the To AOR to the Contact, answers 200 with the Contact and its expires, and unregisters on Expires 0', async () => {
    const p = await proxy();
    const alice = await client(p);
    alice.send(request('REGISTER', `sip:${DOMAIN}`, { to: `<sip:alice@${DOMAIN}>`, contact: '<sip:k1@a1.invalid;transport=ws>', extra: ['Expires: 600'] }));
    const ok = await alice.next(/^SIP\/2.0 200 OK/);
    expect(header(ok, 'Contact')).toBe('<sip:k1@a1.invalid;transport=ws>;expires=600');
    expect(header(ok, 'To')).toMatch(/;tag=/);
    expect(p.registrations()).toEqual([{ aor: `alice@${DOMAIN}`, contact: 'sip:k1@a1.invalid;transport=ws' }]);

    alice.send(request('REGISTER', `sip:${DOMAIN}`, { to: `<sip:alice@${DOMAIN}>`, cseq: 2, contact: '<sip:k1@a1.invalid;transport=ws>;expires=0' }));
    const gone = await alice.next(/^SIP\/2.0 200 OK/);
    expect(headers(gone, 'Contact')).toEqual([]);
    expect(p.registrations()).toEqual([]);
  });

  it('caps the expiry at an hour, lets bindings expire on the clock, and then answers 480 for the user', async () => {
    let now = 1_000_000;
    const p = await proxy({ now: () => now });
    const bob = await client(p);
    bob.send(request('REGISTER', `sip:${DOMAIN}`, { to: `<sip:bob@${DOMAIN}>`, contact: '<sip:b@b.invalid;transport=ws>', extra: ['Expires: 99999'] }));
    expect(header(await bob.next(/^SIP\/2.0 200/), 'Contact')).toMatch(/;expires=3600$/);
    now += 3599_000;
    expect(p.registrations()).toHaveLength(1);
    now += 2_000;
    expect(p.registrations()).toEqual([]);

    const alice = await client(p);
    alice.send(request('MESSAGE', `sip:bob@${DOMAIN}`));
    expect(firstLine(await alice.next(/^SIP/))).toBe('SIP/2.0 480 Temporarily Unavailable');
  });

  it('accepts another domain (logged), Contact: * with Expires: 0, and forgets a registration when its socket closes', async () => {
    const p = await proxy();
    const carol = await client(p);
    carol.send(request('REGISTER', 'sip:elsewhere.test', { to: '<sip:carol@elsewhere.test>', contact: '<sip:c@c.invalid;transport=ws>' }));
    await carol.next(/^SIP\/2.0 200/);
    expect(p.registrations()).toEqual([{ aor: 'carol@elsewhere.test', contact: 'sip:c@c.invalid;transport=ws' }]);
    expect(p.logs.some((l) => l.includes('outside lab.warmline.test'))).toBe(true);

    carol.send(request('REGISTER', 'sip:elsewhere.test', { to: '<sip:carol@elsewhere.test>', cseq: 2, contact: '*', extra: ['Expires: 0'] }));
    await carol.next(/^SIP\/2.0 200/);
    expect(p.registrations()).toEqual([]);

    await register(carol, 'carol');
    expect(p.registrations()).toHaveLength(1);
    await carol.close();
    await expect.poll(() => p.registrations()).toEqual([]);
  });
});

describe('OPTIONS and keep-alives', () => {
  it('answers OPTIONS addressed to the proxy (the renderer watchdog sends sip:DOMAIN) and CRLF pings', async () => {
    const p = await proxy();
    const c = await client(p);
    c.send(request('OPTIONS', `sip:${DOMAIN}`, { to: `<sip:${DOMAIN}>` }));
    const ok = await c.next(/^SIP\/2.0 200 OK/);
    expect(header(ok, 'Allow')).toContain('INVITE');
    c.send(request('OPTIONS', `sip:127.0.0.1:${p.port}`));
    await c.next(/^SIP\/2.0 200 OK/);
    c.send('\r\n\r\n');
    expect(await c.quiet()).toEqual(['\r\n']);
    // RFC 7118 §5: SIP may also come in binary frames.
    c.send(Buffer.from(request('OPTIONS', `sip:${DOMAIN}`)));
    await c.next(/^SIP\/2.0 200 OK/);
  });
});

describe('routing between two connections', () => {
  it('forwards an INVITE to the registered contact and its responses back; in-dialog ACK and BYE follow the Record-Route', async () => {
    const p = await proxy();
    const alice = await client(p);
    const bob = await client(p);
    const bobContact = await register(bob, 'bob');
    const aliceContact = 'sip:ac@alice.invalid;transport=ws';
    const sdp = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n';
    const callId = token();
    alice.send(
      request('INVITE', `sip:bob@${DOMAIN}`, {
        branch: 'z9hG4bKalice1',
        host: 'alice.invalid',
        callId,
        contact: `<${aliceContact}>`,
        extra: ['Content-Type: application/sdp'],
        body: sdp,
      }),
    );
    expect(firstLine(await alice.next(/^SIP\/2.0 100/))).toBe('SIP/2.0 100 Trying');

    const invite = await bob.next(/^INVITE/);
    expect(firstLine(invite)).toBe(`INVITE ${bobContact} SIP/2.0`);
    const vias = headers(invite, 'Via');
    expect(vias).toHaveLength(2);
    expect(vias[0]).toMatch(new RegExp(`^SIP/2.0/WS 127\\.0\\.0\\.1:${p.port};branch=z9hG4bK\\w+$`));
    expect(vias[1]).toBe('SIP/2.0/WS alice.invalid;branch=z9hG4bKalice1;received=127.0.0.1');
    const rr = `<sip:127.0.0.1:${p.port};transport=ws;lr>`;
    expect(headers(invite, 'Record-Route')).toEqual([rr]);
    expect(header(invite, 'Max-Forwards')).toBe('69');
    expect(invite.endsWith(`\r\n\r\n${sdp}`)).toBe(true);
    expect(header(invite, 'Content-Length')).toBe(String(sdp.length));

    // bob's own 100 is hop-by-hop; 180 and 200 reach alice with the proxy's Via removed.
    bob.send(respond(invite, 100, 'Trying'));
    bob.send(respond(invite, 180, 'Ringing', { toTag: 'bobtag', contact: `<${bobContact}>` }));
    bob.send(respond(invite, 200, 'OK', { toTag: 'bobtag', contact: `<${bobContact}>` }));
    const ringing = await alice.next(/^SIP\/2.0 180/);
    expect(headers(ringing, 'Via')).toEqual(['SIP/2.0/WS alice.invalid;branch=z9hG4bKalice1;received=127.0.0.1']);
    const ok = await alice.next(/^SIP\/2.0 200/);
    expect(headers(ok, 'Record-Route')).toEqual([rr]);
    expect(await alice.quiet()).toEqual([]); // no second 100

    // ACK for the 2xx: in-dialog, Request-URI = bob's contact, Route = our Record-Route.
    const dialog = { callId, from: header(invite, 'From')!, to: `<sip:bob@${DOMAIN}>;tag=bobtag` };
    alice.send(request('ACK', bobContact, { ...dialog, host: 'alice.invalid', extra: [`Route: ${rr}`] }));
    const ack = await bob.next(/^ACK/);
    expect(firstLine(ack)).toBe(`ACK ${bobContact} SIP/2.0`);
    expect(headers(ack, 'Route')).toEqual([]);
    expect(headers(ack, 'Record-Route')).toEqual([]);

    // BYE from bob to alice's contact, learnt from her INVITE although alice never registered.
    bob.send(request('BYE', aliceContact, { from: dialog.to, to: dialog.from, callId, cseq: 1, host: 'bob.invalid', extra: [`Route: ${rr}`] }));
    const bye = await alice.next(/^BYE/);
    expect(firstLine(bye)).toBe(`BYE ${aliceContact} SIP/2.0`);
    alice.send(respond(bye, 200, 'OK'));
    const byeOk = await bob.next(/^SIP\/2.0 200/);
    expect(header(byeOk, 'CSeq')).toBe('1 BYE');
    expect(headers(byeOk, 'Via')).toHaveLength(1);
  });

  it('a MESSAGE (non-INVITE): no 100 Trying, the 200 comes back, a second branch is a new transaction', async () => {
    const p = await proxy();
    const alice = await client(p);
    const bob = await client(p);
    await register(bob, 'bob');
    for (const branch of ['z9hG4bKm1', 'z9hG4bKm2']) {
      alice.send(request('MESSAGE', `sip:bob@${DOMAIN}`, { branch, extra: ['Content-Type: text/plain'], body: 'hello' }));
      const message = await bob.next(/^MESSAGE/);
      expect(message.endsWith('\r\n\r\nhello')).toBe(true);
      bob.send(respond(message, 200, 'OK'));
      const ok = await alice.next(/^SIP/);
      expect(firstLine(ok)).toBe('SIP/2.0 200 OK');
      expect(branchOf(header(ok, 'Via'))).toBe(branch);
    }
  });

  it('passes a 12 KB X-Warmline-Context header untouched', async () => {
    const p = await proxy();
    const alice = await client(p);
    const bob = await client(p);
    await register(bob, 'bob');
    const context = 'x'.repeat(12 * 1024);
    alice.send(request('INVITE', `sip:bob@${DOMAIN}`, { contact: '<sip:a@a.invalid;transport=ws>', extra: [`X-Warmline-Context: ${context}`] }));
    const invite = await bob.next(/^INVITE/);
    expect(header(invite, 'X-Warmline-Context')).toBe(context);
  });

  it('a declined call: 603 reaches the caller, the proxy ACKs the callee on the INVITE branch and absorbs the caller ACK', async () => {
    const p = await proxy();
    const alice = await client(p);
    const bob = await client(p);
    await register(bob, 'bob');
    const callId = token();
    const from = `<sip:alice@${DOMAIN}>;tag=af`;
    alice.send(request('INVITE', `sip:bob@${DOMAIN}`, { branch: 'z9hG4bKinv', callId, from, contact: '<sip:a@a.invalid;transport=ws>' }));
    const invite = await bob.next(/^INVITE/);
    bob.send(respond(invite, 603, 'Decline', { toTag: 'bt' }));
    const declined = await alice.next(/^SIP\/2.0 603 Decline/);
    const proxyAck = await bob.next(/^ACK/);
    expect(branchOf(header(proxyAck, 'Via'))).toBe(branchOf(headers(invite, 'Via')[0]));
    expect(header(proxyAck, 'To')).toContain('tag=bt');
    expect(header(proxyAck, 'CSeq')).toBe('1 ACK');

    // The caller's ACK (RFC 3261 §17.1.1.3: same branch and Request-URI as the INVITE) stops at the proxy.
    alice.send(request('ACK', `sip:bob@${DOMAIN}`, { branch: 'z9hG4bKinv', callId, from, to: header(declined, 'To') }));
    expect(await bob.quiet()).toEqual([]);
  });

  it('CANCEL: the proxy answers 200, cancels its own branch, forwards the 487 and ACKs it', async () => {
    const p = await proxy();
    const alice = await client(p);
    const bob = await client(p);
    await register(bob, 'bob');
    const callId = token();
    const from = `<sip:alice@${DOMAIN}>;tag=af`;
    alice.send(request('INVITE', `sip:bob@${DOMAIN}`, { branch: 'z9hG4bKc1', callId, from }));
    await alice.next(/^SIP\/2.0 100/);
    const invite = await bob.next(/^INVITE/);
    alice.send(request('CANCEL', `sip:bob@${DOMAIN}`, { branch: 'z9hG4bKc1', callId, from }));
    expect(header(await alice.next(/^SIP\/2.0 200/), 'CSeq')).toBe('1 CANCEL');
    const cancel = await bob.next(/^CANCEL/);
    expect(firstLine(cancel)).toBe(firstLine(invite)!.replace('INVITE', 'CANCEL'));
    expect(branchOf(header(cancel, 'Via'))).toBe(branchOf(header(invite, 'Via')));
    bob.send(respond(cancel, 200, 'OK', { toTag: 'bt' }));
    bob.send(respond(invite, 487, 'Request Terminated', { toTag: 'bt' }));
    await alice.next(/^SIP\/2.0 487/);
    await bob.next(/^ACK/);
    expect(await alice.quiet()).toEqual([]); // bob's 200 for the proxy's CANCEL stays with the proxy
  });

  it('a callee whose socket closes while ringing: the caller gets 480 and later requests to it 480 too', async () => {
    const p = await proxy();
    const alice = await client(p);
    const bob = await client(p);
    const bobContact = await register(bob, 'bob');
    alice.send(request('INVITE', `sip:bob@${DOMAIN}`));
    await alice.next(/^SIP\/2.0 100/);
    await bob.next(/^INVITE/);
    await bob.close();
    expect(firstLine(await alice.next(/^SIP\/2.0 4/))).toBe('SIP/2.0 480 Temporarily Unavailable');
    alice.send(request('BYE', bobContact, { to: `<sip:bob@${DOMAIN}>;tag=x` }));
    expect(firstLine(await alice.next(/^SIP/))).toBe('SIP/2.0 480 Temporarily Unavailable');
  });
});

describe('refusals', () => {
  it('404 for an unknown user, 483 at Max-Forwards 0, 484 for an INVITE to the proxy itself', async () => {
    const p = await proxy();
    const alice = await client(p);
    const bob = await client(p);
    await register(bob, 'bob');
    alice.send(request('INVITE', `sip:nobody@${DOMAIN}`));
    const notFound = await alice.next(/^SIP/);
    expect(firstLine(notFound)).toBe('SIP/2.0 404 Not Found');
    expect(header(notFound, 'To')).toMatch(/;tag=/);
    alice.send(request('MESSAGE', `sip:bob@${DOMAIN}`, { maxForwards: 0 }));
    expect(firstLine(await alice.next(/^SIP/))).toBe('SIP/2.0 483 Too Many Hops');
    alice.send(request('INVITE', `sip:${DOMAIN}`));
    expect(firstLine(await alice.next(/^SIP/))).toBe('SIP/2.0 484 Address Incomplete');
    expect(await bob.quiet()).toEqual([]);
  });

  it('513 for a message over 64 KB, which is not forwarded', async () => {
    const p = await proxy();
    const alice = await client(p);
    const bob = await client(p);
    await register(bob, 'bob');
    alice.send(request('INVITE', `sip:bob@${DOMAIN}`, { extra: [`X-Warmline-Context: ${'y'.repeat(65 * 1024)}`] }));
    expect(firstLine(await alice.next(/^SIP/))).toBe('SIP/2.0 513 Message Too Large');
    expect(await bob.quiet()).toEqual([]);
  });

  it('refuses a WebSocket without the "sip" subprotocol and a foreign page origin', async () => {
    const p = await proxy();
    await expect(Client.connect(p.wsUrl, ['chat'])).rejects.toThrow(/400/);
    const foreign = new WebSocket(p.wsUrl, ['sip'], { origin: 'https://example.com' });
    await expect(new Promise((_, reject) => foreign.once('unexpected-response', (_r, res) => reject(new Error(`HTTP ${res.statusCode}`))))).rejects.toThrow(/403/);
    const local = new WebSocket(p.wsUrl, ['sip'], { origin: 'http://127.0.0.1:5173' });
    await new Promise((resolve) => local.once('open', resolve));
    expect(local.protocol).toBe('sip');
    local.close();
  });
});

describe('malformed input', () => {
  it('drops garbage, answers 400 when the transaction is identifiable, and keeps serving', async () => {
    const p = await proxy();
    const c = await client(p);
    c.send('hello');
    c.send('NOT SIP AT ALL\r\n\r\n');
    c.send(Buffer.from([0xff, 0x00, 0x13, 0x37, 0x0d, 0x0a]));
    c.send(`INVITE sip:bob@${DOMAIN} SIP/2.0\r\nVia: SIP/2.0/WS x.invalid\r\n`); // unterminated, no CSeq
    expect(await c.quiet()).toEqual([]);

    c.send(request('INVITE', `sip:bob@${DOMAIN}`, { from: 'garbage <<<' }));
    const bad = await c.next(/^SIP/);
    expect(firstLine(bad)).toBe('SIP/2.0 400 Bad Request');
    expect(header(bad, 'Warning')).toContain("From");
    c.send(request('INVITE', `sip:bob@${DOMAIN}`, { extra: ['this line has no colon'] }));
    expect(firstLine(await c.next(/^SIP/))).toBe('SIP/2.0 400 Bad Request');
    c.send(request('INVITE', `sip:bob@${DOMAIN}`).replace('CSeq: 1 INVITE', 'CSeq: 1 BYE'));
    expect(firstLine(await c.next(/^SIP/))).toBe('SIP/2.0 400 Bad Request');
    c.send(respond(request('INVITE', 'sip:x@y'), 200, 'OK')); // a response nobody asked for
    c.send(request('ACK', `sip:bob@${DOMAIN}`, { from: 'garbage <<<' })); // never answered

    expect(await c.quiet()).toEqual([]);
    c.send(request('OPTIONS', `sip:${DOMAIN}`));
    await c.next(/^SIP\/2.0 200/);
    expect(p.logs.some((l) => l.startsWith('warn') && l.includes('unparsable'))).toBe(true);
  });
});

describe('attached to a host server', () => {
  it('takes upgrades on /lab/sip only and leaves the server running on close', async () => {
    const server = http.createServer((_req, res) => res.end('host'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    open.push({ close: () => new Promise<void>((r) => server.close(() => r())) });
    const other: string[] = [];
    server.on('upgrade', (req, socket) => {
      if (req.url !== '/lab/sip') {
        other.push(req.url ?? '');
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      }
    });
    const p = await proxy({ server });
    const port = (server.address() as AddressInfo).port;
    expect(p.wsUrl).toBe(`ws://127.0.0.1:${port}/lab/sip`);
    const c = await client(p);
    c.send(request('OPTIONS', `sip:${DOMAIN}`));
    await c.next(/^SIP\/2.0 200/);
    await expect(Client.connect(`ws://127.0.0.1:${port}/bridge`)).rejects.toThrow(/404/);
    expect(other).toEqual(['/bridge']);
    await p.close();
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(await res.text()).toBe('host');
  });
});
