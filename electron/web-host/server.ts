import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { WireRequestSchema } from '../../shared/contract/bridge';
import { BRIDGE_EVENT_NAMES } from '../../shared/contract/names';
import { CONTENT_SECURITY_POLICY } from '../../shared/contract/csp';
import type { HostServices } from '../host/host-services';
import type { BridgeEventSource } from '../host/hub/bridge-events';
import type { Hub } from '../host/hub/hub';
import type { ScopedLogger } from '../host/logger';
import { gateEvents } from '../host/roles';
import { contentType, resolveStatic } from '../host/static-files';

export type WebHostServer = { url: string; port: number; close(): Promise<void> };

const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * Serves the built renderer and the host services over a WebSocket bridge,
 * on loopback only. The bridge refuses connections from other origins, so a
 * web page elsewhere cannot drive the softphone. The session feed hub, when
 * given, answers /feed/v1/ on the same port (its own bearer tokens, no origin
 * rule: its clients are AI platforms and supervisor tools, not this page).
 */
export async function startWebHost(opts: {
  port: number;
  rendererDir: string;
  services: HostServices;
  log: ScopedLogger;
  hub?: Hub;
  /** What the bridge forwards to renderers; default the services' own events. */
  events?: BridgeEventSource;
}): Promise<WebHostServer> {
  const { services, log } = opts;
  // Whatever the source, a renderer hears only what the host's current role may (feed.event: supervisors).
  const events = gateEvents(opts.events ?? services, () => services.role());
  const server = http.createServer((req, res) => {
    if (opts.hub?.handleHttp(req, res)) return;
    if (req.url?.startsWith(EXPORTS_PREFIX)) return serveExport(req, res, services, log);
    const file = resolveStatic(opts.rendererDir, req.url ?? '/');
    // Unknown paths fall back to the app shell so deep links load the renderer.
    const target = file ?? (req.url?.includes('.') ? null : resolveStatic(opts.rendererDir, '/'));
    if (!target || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, {
      'content-type': contentType(target),
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': CONTENT_SECURITY_POLICY,
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(target).pipe(res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    if (opts.hub?.handleUpgrade(req, socket, head)) return;
    const origin = req.headers.origin ?? '';
    const host = req.headers.host ?? '';
    const allowed = origin === `http://${host}` && /^(127\.0\.0\.1|localhost):\d+$/.test(host);
    if (req.url !== '/bridge' || !allowed) {
      log.warn('refused bridge connection', { url: req.url, origin });
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveBridge(ws, services, events, log));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

/** Finished CDR exports (docs/cdr.md): GET /exports/<exportId>, the location cdr.export reports on this host. */
export const EXPORTS_PREFIX = '/exports/';
export const exportUrl = (exportId: string): string => `${EXPORTS_PREFIX}${encodeURIComponent(exportId)}`;

/**
 * Same origin as the bridge: only on a loopback Host (no DNS rebinding), and
 * never for a request another site's page made (Origin, or Sec-Fetch-Site
 * when the browser sends it: a link on this page is same-origin, an address
 * typed by the user is none). The export id is a random UUID, so knowing it
 * is the capability; the file goes out as an attachment, never rendered.
 */
function serveExport(req: http.IncomingMessage, res: http.ServerResponse, services: HostServices, log: ScopedLogger): void {
  const host = req.headers.host ?? '';
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  const sameOrigin =
    /^(127\.0\.0\.1|localhost):\d+$/.test(host) &&
    (origin === undefined || origin === `http://${host}`) &&
    (site === undefined || site === 'same-origin' || site === 'none');
  if (!sameOrigin) {
    log.warn('refused export download', { origin, site });
    res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { 'content-type': 'text/plain', allow: 'GET, HEAD' }).end('Method not allowed');
    return;
  }
  let id: string;
  try {
    id = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(EXPORTS_PREFIX.length));
  } catch {
    id = '';
  }
  const found = services.exportDownload(id);
  let size: number | null = null;
  try {
    size = found ? fs.statSync(found.file).size : null;
  } catch {
    size = null;
  }
  if (!found || size === null) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('No such export: it may have expired (exports are kept for a day); export again.');
    return;
  }
  res.writeHead(200, {
    'content-type': found.contentType,
    'content-length': String(size),
    'content-disposition': `attachment; filename="${found.filename}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = fs.createReadStream(found.file);
  stream.on('error', (e) => {
    log.error('export download failed', { error: e.message });
    res.destroy(e);
  });
  stream.pipe(res);
}

function serveBridge(ws: WebSocket, services: HostServices, events: BridgeEventSource, log: ScopedLogger): void {
  const unsubscribe = BRIDGE_EVENT_NAMES.map((event) =>
    events.on(event, (payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
    }),
  );
  ws.on('close', () => unsubscribe.forEach((u) => u()));
  ws.on('message', async (data, isBinary) => {
    if (isBinary) return void ws.close(1003, 'text frames only');
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      log.warn('bridge frame is not JSON; ignored');
      return;
    }
    const req = WireRequestSchema.safeParse(frame);
    if (!req.success) {
      log.warn('bridge frame malformed; ignored', { issue: req.error.issues[0]?.message });
      return;
    }
    const result = await services.dispatch(req.data.method, req.data.payload);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: req.data.id, result }));
  });
}
