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
