import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { parseFeedBatch } from '../../../shared/feed/feed-batch';
import { SessionIdSchema, type FeedEvent } from '../../../shared/feed/feed-event';
import type { SessionQuery } from '../../../shared/feed/session-query';
import type { SessionSummary } from '../../../shared/feed/session-summary';
import type { ScopedLogger } from '../logger';
import type { NoticeBoard } from '../notices';
import { receiveAlert, type AlertListener, type AlertResult, type StoredAlert } from './alerts';
import { Fanout, type Sink } from './fanout';
import { FeedStore, type StoredEvent } from './feed-store';
import { send, serveFeedHttp, type IngestResult } from './feed-http';
import { GuidanceWaiters, storeGuidance, type SendGuidanceResult } from './guidance';
import { DEFAULT_STREAM_OPTIONS, FeedStream, refuse, type StreamOptions } from './feed-stream';
import { TokenBook } from './token-book';

export type { IngestResult } from './feed-http';
export type { SendGuidanceResult } from './guidance';
export type { AlertListener, AlertMeta, AlertResult, StoredAlert } from './alerts';
export type { FeedError, IngestAck } from './wire';

/**
 * The session feed hub (`warmline.feed/1`, docs/feed-format.md): AI platforms
 * post session events, the hub stores them durably and streams them to
 * supervisors by cursor. Plain Node (never electron): the web host mounts it
 * on its own port; in-process producers and subscribers use ingest() and
 * subscribe(), which follow the same path as HTTP and the stream.
 */
export type HubOptions = {
  dbFile: string;
  platforms: readonly { id: string; token: string }[];
  subscriberTokens: readonly string[];
  log: ScopedLogger;
  /** Where the user hears that the database was moved aside or cannot be used. */
  notices?: Pick<NoticeBoard, 'post'>;
  stream?: Partial<StreamOptions>;
  now?: () => Date;
};

export type FeedListener = (cursor: number, event: FeedEvent, meta: { platform: string }) => void;

export interface Hub {
  /** False when the database could not be opened: every feed route then answers 503. */
  readonly available: boolean;
  /** The database's identity: changes when the database is replaced, so old cursors mean nothing. */
  readonly feedId: string | null;
  /** True when it handled the request (a /feed/v1/ path). */
  handleHttp(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  /** True when it handled the upgrade (a /feed/v1/ path). */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** The ingest path of POST /feed/v1/events, for in-process producers. */
  ingest(platformId: string, body: unknown): IngestResult;
  /** Replay after fromCursor (null: start live at the head), then live; returns unsubscribe. */
  subscribe(fromCursor: number | null, onEvent: FeedListener): () => void;
  head(): number;
  /** Stored events after `cursor`, oldest first, at most `limit` (a catch-up page; [] when the database is unavailable). */
  readAfter(cursor: number, limit: number): { cursor: number; platform: string; event: FeedEvent }[];
  listSessions(q: SessionQuery): { sessions: SessionSummary[]; next: string | null };
  getSession(sessionId: string): { session: SessionSummary; events: { cursor: number; platform: string; event: FeedEvent }[] } | null;
  /**
   * A supervisor's note to a live session's AI: stored, then delivered to the
   * platform that owns the session (GET /feed/v1/guidance). Unknown and ended
   * sessions are refused.
   */
  sendGuidance(sessionId: string, text: string, sentBy: string): SendGuidanceResult;
  /**
   * The path of POST /feed/v1/alerts: an agent's host reports an emergency
   * call (warmline.emergency/1). Stored before it returns, idempotent on
   * emergencyId; listeners hear each new alert once, before the 202.
   */
  receiveAlert(platformId: string, body: unknown): AlertResult;
  /** Called once per newly stored emergency alert (never for a retry); returns unsubscribe. */
  onAlert(listener: AlertListener): () => void;
  /** The newest stored alerts, newest first ([] when the database is unavailable). */
  listAlerts(limit: number): StoredAlert[];
  /** Retention (not scheduled yet): drop sessions whose last event is before `date`, with their events. */
  pruneBefore(date: Date): { sessions: number; events: number };
  close(): void;
}

const PREFIX = '/feed/v1';
const IN_PROCESS_PAGE = 500;

export function createHub(opts: HubOptions): Hub {
  const { log } = opts;
  const now = opts.now ?? (() => new Date());
  const tokens = new TokenBook(opts.platforms, opts.subscriberTokens);
  const fanout = new Fanout((e) => log.error('feed subscriber failed', { error: (e as Error).message }));
  const parsed = new WeakMap<StoredEvent, FeedEvent>();
  const eventOf = (e: StoredEvent): FeedEvent => {
    let v = parsed.get(e);
    if (!v) parsed.set(e, (v = JSON.parse(e.body) as FeedEvent));
    return v;
  };

  const opened = FeedStore.open(opts.dbFile, now());
  let store: FeedStore | null = null;
  let unavailable = '';
  if (opened.ok) {
    store = opened.store;
    if (opened.movedAside) {
      const { to, reason } = opened.movedAside;
      log.error('feed database unreadable; moved aside, started fresh', { reason, movedTo: to });
      opts.notices?.post(
        'error',
        `The session feed database could not be read (${reason}). It was moved to ${to} and an empty one was started.`,
        'Keep the moved file for support. Supervisor clients start again from cursor 0; AI platforms can resend recent sessions (replays are safe).',
      );
    }
    log.info('feed hub ready', { head: store.head(), platforms: opts.platforms.length, subscribers: opts.subscriberTokens.length });
  } else {
    unavailable = `The session feed is unavailable: its database ${opts.dbFile} cannot be used (${opened.reason}).`;
    log.error('feed hub unavailable', { reason: opened.reason });
    opts.notices?.post('error', unavailable, 'Check that the data folder is writable and restart Warmline; nothing is accepted until then.');
  }

  const guidance = new GuidanceWaiters();
  const alertListeners = new Set<AlertListener>();
  const alertOf = (r: { id: number; platform: string; receivedAt: string; body: string }): StoredAlert => ({
    id: r.id,
    platform: r.platform,
    receivedAt: r.receivedAt,
    alert: JSON.parse(r.body) as StoredAlert['alert'],
  });
  const alerts = {
    receive: (platformId: string, body: unknown): AlertResult =>
      store ? receiveAlert(store, platformId, body, now(), [...alertListeners], log) : { status: 503, body: { error: unavailable, field: null } },
    list: (limit: number): StoredAlert[] => (store ? store.latestAlerts(limit).map(alertOf) : []),
  };
  const stream = store
    ? new FeedStream({ store, fanout, tokens, log, options: { ...DEFAULT_STREAM_OPTIONS, ...opts.stream } })
    : null;

  const ingest = (platformId: string, body: unknown): IngestResult => {
    if (!store) return { status: 503, body: { error: unavailable, field: null } };
    const batch = parseFeedBatch(body);
    if (!batch.ok) {
      // The field, not the message: messages quote the producer's values, which may be personal data.
      log.warn('feed batch rejected', { platform: platformId, field: batch.field });
      return { status: batch.reason === 'too-many' ? 413 : 400, body: { error: batch.error, field: batch.field } };
    }
    let r: ReturnType<FeedStore['append']>;
    try {
      r = store.append(platformId, batch.events, now());
    } catch (e) {
      log.error('feed batch could not be stored', { platform: platformId, error: (e as Error).message });
      return { status: 503, body: { error: `The batch was not stored (${(e as Error).message}); send it again.`, field: null } };
    }
    if (!r.ok) {
      const field = `events[${r.index}].sessionId`;
      log.warn('feed batch rejected: session of another platform', { platform: platformId, field });
      return { status: 409, body: { error: `${field} "${r.sessionId}" is a session another platform started; use your own session ids.`, field } };
    }
    for (const e of r.accepted) parsed.set(e, e.event);
    fanout.publish(r.accepted);
    return {
      status: 200,
      body: {
        accepted: r.accepted.length,
        duplicates: r.duplicates,
        conflicts: r.conflicts.map((c) => ({
          field: `events[${c.index}]`,
          sessionId: c.sessionId,
          seq: c.seq,
          cursor: c.cursor,
          message: `differs from the event already stored for this sessionId and seq (cursor ${c.cursor}); the stored one is kept`,
        })),
        warnings: batch.warnings,
        cursor: r.cursor,
      },
    };
  };

  const hub: Hub = {
    available: store !== null,
    feedId: store?.feedId ?? null,
    handleHttp(req, res) {
      const url = feedUrl(req);
      if (!url) return false;
      serveFeedHttp(req, res, url, { store, unavailable, tokens, log, ingest, guidance, receiveAlert: alerts.receive, listAlerts: alerts.list }).catch((e: unknown) => {
        log.error('feed request failed', { path: url.pathname, error: (e as Error).message });
        send(res, 500, { error: 'The hub failed on this request; it is logged.', field: null });
      });
      return true;
    },
    handleUpgrade(req, socket, head) {
      const url = feedUrl(req);
      if (!url) return false;
      if (!stream) refuse(socket, 503, { error: unavailable, field: null });
      else stream.handleUpgrade(req, socket, head, url);
      return true;
    },
    ingest,
    subscribe(fromCursor, onEvent) {
      if (!store) return () => undefined;
      const s = store;
      let active = true;
      const sink: Sink = {
        sent: fromCursor ?? s.head(),
        live: false,
        deliver: (e) => onEvent(e.cursor, eventOf(e), { platform: e.platform }),
      };
      const remove = fanout.add(sink);
      if (fromCursor !== null) {
        // Synchronous replay: an ingest from inside onEvent commits to the database and is read by a later page.
        for (let page = s.readAfter(sink.sent, IN_PROCESS_PAGE); page.length > 0 && active; page = s.readAfter(sink.sent, IN_PROCESS_PAGE)) {
          for (const e of page) {
            if (!active) break;
            sink.sent = e.cursor;
            try {
              onEvent(e.cursor, eventOf(e), { platform: e.platform });
            } catch (err) {
              log.error('feed subscriber failed', { error: (err as Error).message });
            }
          }
        }
      }
      sink.live = true;
      return () => {
        active = false;
        remove();
      };
    },
    head: () => store?.head() ?? 0,
    readAfter: (cursor, limit) => (store ? store.readAfter(cursor, limit).map((e) => ({ cursor: e.cursor, platform: e.platform, event: eventOf(e) })) : []),
    listSessions: (q) => (store ? store.listSessions(q) : { sessions: [], next: null }),
    getSession(sessionId) {
      if (!store || !SessionIdSchema.safeParse(sessionId).success) return null;
      const found = store.getSession(sessionId);
      return found && { session: found.session, events: found.events.map((e) => ({ cursor: e.cursor, platform: e.platform, event: eventOf(e) })) };
    },
    sendGuidance(sessionId, text, sentBy) {
      if (!store) return { ok: false, code: 'NOT_FOUND', message: unavailable };
      let r: ReturnType<typeof storeGuidance>;
      try {
        r = storeGuidance(store, sessionId, text, sentBy, now());
      } catch (e) {
        log.error('guidance could not be stored', { error: (e as Error).message });
        throw e;
      }
      if (!r.ok) {
        log.info('guidance refused', { code: r.code });
        return r;
      }
      // Never the text: it may quote the caller.
      log.info('guidance stored', { id: r.id, platform: r.platform });
      guidance.wake(r.platform);
      return { ok: true, id: r.id };
    },
    receiveAlert: alerts.receive,
    onAlert(listener) {
      alertListeners.add(listener);
      return () => alertListeners.delete(listener);
    },
    listAlerts: alerts.list,
    pruneBefore(date) {
      if (!store) return { sessions: 0, events: 0 };
      const r = store.pruneBefore(date);
      log.info('feed pruned', { before: date.toISOString(), ...r });
      return r;
    },
    close() {
      alertListeners.clear();
      guidance.close();
      stream?.close();
      store?.close();
    },
  };
  return hub;
}

/** The request's URL when it is a feed route. Never logged: a stream URL may carry a token. */
function feedUrl(req: http.IncomingMessage): URL | null {
  const raw = req.url ?? '';
  if (raw !== PREFIX && !raw.startsWith(`${PREFIX}/`) && !raw.startsWith(`${PREFIX}?`)) return null;
  try {
    return new URL(raw, 'http://hub.invalid');
  } catch {
    return null;
  }
}
