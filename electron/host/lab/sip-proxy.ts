/**
 * The Lab's SIP registrar and proxy: SIP over WebSocket (RFC 7118) on
 * loopback, good enough for the Lab's own endpoints (the agent's page and the
 * simulated AI callers) to register and call each other. It is deliberately
 * small: no authentication (anyone on this machine may register as anyone),
 * no forking, no UDP/TCP/TLS, no NAT handling, nothing kept on disk.
 * Production always uses a real PBX; see docs/lab.md.
 *
 * Plain Node (no `electron`), so both hosts and the tests can run it. Either
 * it serves on its own port, or it attaches to a host's listening
 * http.Server and takes the WebSocket upgrades for one path (`/lab/sip`).
 */
import http, { type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Peer } from './sip-proxy/registrar';
import { Router, type ProxyLog } from './sip-proxy/router';

export type LabSipProxyOptions = {
  /** Loopback only: the Lab has no authentication. */
  host?: '127.0.0.1';
  /** 0 (default) picks a free port. Ignored with `server`. */
  port?: number;
  /** The Lab's SIP domain, e.g. "lab.warmline.test". REGISTERs for other domains are accepted and logged. */
  domain: string;
  log?: ProxyLog;
  /** A listening server to attach to instead of opening a port; the proxy takes upgrades on `path` only. */
  server?: Server;
  /** With `server`: the WebSocket path (default "/lab/sip"). */
  path?: string;
  /** Which page origins may connect (browsers always send one; Node clients need not). Default: loopback http pages and app://. */
  allowOrigin?: (origin: string) => boolean;
  /** Clock for registration expiry and transaction lifetimes (ms). */
  now?: () => number;
};

export type LabSipProxy = {
  wsUrl: string;
  port: number;
  registrations(): Array<{ aor: string; contact: string }>;
  close(): Promise<void>;
};

/** Bigger frames close the connection (ws 1009); up to here the proxy can still answer 513 itself. */
const MAX_FRAME_BYTES = 1024 * 1024;
/** A web page anywhere can open ws://127.0.0.1; only the Lab's own pages may. */
const LOOPBACK_ORIGIN = /^(http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?|app:\/\/warmline)$/;

export async function startLabSipProxy(opts: LabSipProxyOptions): Promise<LabSipProxy> {
  const host = opts.host ?? '127.0.0.1';
  const log: ProxyLog = opts.log ?? (() => undefined);
  const allowOrigin = opts.allowOrigin ?? ((origin: string) => LOOPBACK_ORIGIN.test(origin));
  const own = opts.server === undefined;
  const server = opts.server ?? http.createServer((_req, res) => res.writeHead(426, { upgrade: 'websocket' }).end('SIP over WebSocket only\n'));
  if (own) await listen(server, opts.port ?? 0, host);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('startLabSipProxy: the server must be listening on a TCP port');
  const port = address.port;
  const path = own ? null : (opts.path ?? '/lab/sip');

  const router = new Router({ domain: opts.domain, host, port, log, now: opts.now ?? Date.now });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    handleProtocols: (offered) => (offered.has('sip') ? 'sip' : false),
  });
  let nextId = 1;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (path !== null && (req.url ?? '/').split('?')[0] !== path) return; // another service's WebSocket
    const refuse = (status: string, why: string) => {
      log('warn', `refused a WebSocket from ${req.socket.remoteAddress}: ${why}`);
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes('sip')) return refuse('400 Bad Request', 'no "sip" subprotocol (RFC 7118 §4.1)');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowOrigin(origin)) return refuse('403 Forbidden', `origin ${origin} not allowed`);
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req, nextId++));
  };

  const accept = (ws: WebSocket, req: IncomingMessage, id: number) => {
    const address = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const label = `ws#${id} ${address}:${req.socket.remotePort ?? 0}`;
    const peer: Peer = {
      id,
      label,
      address,
      get open() {
        return ws.readyState === WebSocket.OPEN;
      },
      send(text) {
        if (ws.readyState !== WebSocket.OPEN) return false;
        ws.send(text);
        return true;
      },
    };
    log('info', `${label} connected`);
    ws.on('message', (data) => {
      try {
        router.onMessage(peer, toBuffer(data));
      } catch (err) {
        // Whatever a client sends, the other connections keep their proxy.
        log('error', `${label}: message handling failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      }
    });
    ws.on('error', (err) => log('warn', `${label}: ${err.message}`));
    ws.on('close', () => router.onClose(peer));
  };

  server.on('upgrade', onUpgrade);
  log('info', `Lab SIP proxy for ${opts.domain} on ws://${host}:${port}${path ?? ''}`);

  return {
    wsUrl: `ws://${host}:${port}${path ?? ''}`,
    port,
    registrations: () => router.registrations(),
    close: async () => {
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      if (own) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
