import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import type { FeedEvent } from '../../../../shared/feed/feed-event';
import type { SessionSummary } from '../../../../shared/feed/session-summary';
import { memoryLogger } from '../../../test-support/temp-dir';
import { NoticeBoard } from '../../notices';
import { createHub, type Hub, type HubOptions } from '../hub';

export const PLATFORM_TOKEN = 'platform-token-lab-0123456789';
export const OTHER_PLATFORM_TOKEN = 'platform-token-other-0123456789';
export const SUBSCRIBER_TOKEN = 'subscriber-token-0123456789';

/** A hub on its own loopback HTTP server, as the web host mounts it. */
export async function startHubServer(dir: string, overrides: Partial<HubOptions> = {}) {
  const { logger, lines } = memoryLogger();
  const notices = new NoticeBoard();
  const hub: Hub = createHub({
    dbFile: path.join(dir, 'hub', 'feed.sqlite'),
    platforms: [
      { id: 'lab', token: PLATFORM_TOKEN },
      { id: 'other', token: OTHER_PLATFORM_TOKEN },
    ],
    subscriberTokens: [SUBSCRIBER_TOKEN],
    log: logger.child('hub'),
    notices,
    ...overrides,
  });
  const server = http.createServer((req, res) => {
    if (!hub.handleHttp(req, res)) res.writeHead(404).end('not feed');
  });
  server.on('upgrade', (req, socket, head) => {
    if (!hub.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    hub,
    url,
    port,
    lines,
    notices,
    post: (body: unknown, token: string | null = PLATFORM_TOKEN, headers: Record<string, string> = {}) =>
      fetch(`${url}/feed/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    postAlert: (body: unknown, token: string | null = PLATFORM_TOKEN, headers: Record<string, string> = {}) =>
      fetch(`${url}/feed/v1/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: (p: string, token: string | null = SUBSCRIBER_TOKEN) =>
      fetch(`${url}${p}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }),
    close: async () => {
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export type Frame = { cursor: number; platform: string; event: { sessionId: string; seq: number; type: string } } | { type: 'ready'; cursor: number; feedId: string };

/** A stream subscriber that records every frame. */
export function openStream(port: number, query: string, headers: Record<string, string> = { authorization: `Bearer ${SUBSCRIBER_TOKEN}` }) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/feed/v1/stream${query}`, { headers });
  const frames: Frame[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as Frame));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  return {
    ws,
    frames,
    opened,
    closed,
    events: () => frames.filter((f): f is Extract<Frame, { event: unknown }> => 'event' in f),
    ready: () => frames.find((f): f is Extract<Frame, { type: 'ready' }> => 'type' in f && f.type === 'ready'),
  };
}

export type SessionListJson = { sessions: SessionSummary[]; next: string | null };
export type SessionRecordJson = { session: SessionSummary; events: { cursor: number; platform: string; event: FeedEvent & { text?: string; context?: unknown } }[] };
export type ErrorJson = { error: string; field: string | null };
/** A response body as the type the test expects (the hub's own answer, read back). */
export const json = <T>(res: Response): Promise<T> => res.json() as Promise<T>;
