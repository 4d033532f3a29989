import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ScopedLogger } from '../logger';
import type { Fanout, Sink } from './fanout';
import type { FeedStore, StoredEvent } from './feed-store';
import { bearerToken, type TokenBook } from './token-book';
import { AUTH_HINT, eventFrame } from './wire';

/**
 * `GET /feed/v1/stream?cursor=N` upgraded to a WebSocket: every stored event
 * after N, in cursor order, then `{"type":"ready","cursor":head}`, then live
 * events. Without `cursor` the stream starts live at the head.
 */
export type StreamOptions = {
  /** A live subscriber whose unsent queue passes this is closed (4008) and resumes by cursor. */
  maxBufferedBytes: number;
  /** Events read from the database per replay step; the next step waits until the previous one is written out. */
  replayPageSize: number;
  /** Ping interval; a client that misses a whole interval is dropped. */
  heartbeatMs: number;
};

export const DEFAULT_STREAM_OPTIONS: StreamOptions = { maxBufferedBytes: 4 * 1024 * 1024, replayPageSize: 500, heartbeatMs: 30_000 };

/** Close codes, documented in docs/feed-format.md. */
export const STREAM_CLOSE = { slowConsumer: 4008, feedReset: 4409, shuttingDown: 1001, internal: 1011 } as const;

export class FeedStream {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly deps: { store: FeedStore; fanout: Fanout; tokens: TokenBook; log: ScopedLogger; options: StreamOptions },
  ) {
    this.heartbeat = setInterval(() => {
      for (const ws of this.wss.clients) {
        if (this.alive.get(ws) === false) {
          ws.terminate();
          continue;
        }
        this.alive.set(ws, false);
        ws.ping();
      }
    }, deps.options.heartbeatMs);
    this.heartbeat.unref();
  }

  get clients(): number {
    return this.wss.clients.size;
  }

  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    if (url.pathname !== '/feed/v1/stream') return refuse(socket, 404, { error: `No feed stream at ${url.pathname}; use /feed/v1/stream.`, field: null });
    const token = bearerToken(req.headers.authorization) ?? url.searchParams.get('token');
    if (this.deps.tokens.lookup(token)?.kind !== 'subscriber') {
      this.deps.log.warn('feed stream refused: no valid subscriber token');
      return refuse(socket, 401, { error: `${token ? 'That token is not a subscriber token.' : 'No token.'} ${AUTH_HINT.subscriber}`, field: null });
    }
    const rawCursor = url.searchParams.get('cursor');
    let cursor: number | null = null;
    if (rawCursor !== null) {
      cursor = /^\d{1,16}$/.test(rawCursor) ? Number(rawCursor) : NaN;
      if (!Number.isSafeInteger(cursor)) {
        return refuse(socket, 400, { error: 'cursor must be a whole number (the cursor of the last event you received, 0 for everything).', field: 'cursor' });
      }
    }
    const feed = url.searchParams.get('feed');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws, cursor, feed));
  }

  private serve(ws: WebSocket, cursor: number | null, feed: string | null): void {
    const { store, fanout, log, options } = this.deps;
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    ws.on('message', () => undefined); // subscribers have nothing to say; the frames are ignored
    const head = store.head();
    // A cursor or feed id this database never issued: its file was replaced (moved aside as
    // corrupt, or restored from elsewhere). Resuming by number would skip or repeat events.
    if ((feed !== null && feed !== store.feedId) || (cursor !== null && cursor > head)) {
      ws.close(STREAM_CLOSE.feedReset, 'feed was reset: start again from cursor=0');
      return;
    }
    let open = true;
    const sink: Sink = {
      sent: cursor ?? head,
      live: false,
      deliver: (e) => {
        if (!open) return;
        if (ws.bufferedAmount > options.maxBufferedBytes) return slow();
        ws.send(eventFrame(e));
      },
    };
    const remove = fanout.add(sink);
    const stop = () => {
      open = false;
      remove();
    };
    const slow = () => {
      stop();
      log.warn('feed subscriber too slow; closed', { bufferedBytes: ws.bufferedAmount, sent: sink.sent });
      ws.close(STREAM_CLOSE.slowConsumer, 'slow consumer: reconnect with the cursor of the last event you received');
      setTimeout(() => ws.terminate(), 5000).unref();
    };
    ws.on('close', stop);
    ws.on('error', stop);

    const pump = () => {
      if (!open) return;
      let page: StoredEvent[];
      try {
        page = store.readAfter(sink.sent, options.replayPageSize);
      } catch (e) {
        log.error('feed replay failed', { error: (e as Error).message });
        stop();
        ws.close(STREAM_CLOSE.internal, 'feed database error');
        return;
      }
      if (page.length === 0) {
        // Nothing after sent: go live in this same step, before any commit can happen.
        sink.sent = Math.max(sink.sent, store.head());
        sink.live = true;
        ws.send(JSON.stringify({ type: 'ready', cursor: sink.sent, feedId: store.feedId }));
        return;
      }
      page.forEach((e, i) => {
        sink.sent = e.cursor;
        if (i < page.length - 1) ws.send(eventFrame(e));
        // The next page is read once this one has been written to the socket: a large replay never piles up in memory.
        else ws.send(eventFrame(e), (err) => (err ? stop() : setImmediate(pump)));
      });
    };
    pump();
  }

  /** Tell every subscriber (1001) and drop whoever has not closed within half a second. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const ws of this.wss.clients) {
      ws.close(STREAM_CLOSE.shuttingDown, 'hub shutting down: reconnect with your last cursor');
      setTimeout(() => ws.terminate(), 500).unref();
    }
    this.wss.close();
  }
}

/** An HTTP answer on a socket that asked to upgrade. */
export function refuse(socket: Duplex, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const headers = [
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(text)}`,
    'Connection: close',
    ...(status === 401 ? ['WWW-Authenticate: Bearer realm="warmline-feed"'] : []),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${text}`);
}
