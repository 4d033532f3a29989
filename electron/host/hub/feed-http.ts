import type http from 'node:http';
import { FEED_LIMITS, SessionIdSchema } from '../../../shared/feed/feed-event';
import { parseSessionQuery } from '../../../shared/feed/session-query';
import type { ScopedLogger } from '../logger';
import { ALERT_LIMITS, parseAlertQuery, type AlertResult, type StoredAlert } from './alerts';
import { BadPageToken, type FeedStore } from './feed-store';
import { GUIDANCE_PAGE, parseGuidanceQuery, type GuidanceWaiters } from './guidance';
import { bearerToken, type TokenBook } from './token-book';
import { AUTH_HINT, eventFrame, type FeedError, type IngestAck } from './wire';

/**
 * The REST side of the feed: `POST /feed/v1/events` for platforms,
 * `GET /feed/v1/guidance` (a long poll) for platforms,
 * `GET /feed/v1/sessions[/:id]` for supervisors; emergency alerts
 * (`POST /feed/v1/alerts` from agents' hosts with a platform token,
 * `GET /feed/v1/alerts` for supervisors). Every answer is JSON;
 * every refusal is `{error, field}`.
 */
export type IngestResult = { status: 200; body: IngestAck } | { status: 400 | 409 | 413 | 503; body: FeedError };

export type FeedHttpDeps = {
  store: FeedStore | null;
  unavailable: string;
  tokens: TokenBook;
  log: ScopedLogger;
  ingest(platformId: string, body: unknown): IngestResult;
  guidance: GuidanceWaiters;
  receiveAlert(platformId: string, body: unknown): AlertResult;
  listAlerts(limit: number): StoredAlert[];
};

export async function serveFeedHttp(req: http.IncomingMessage, res: http.ServerResponse, url: URL, deps: FeedHttpDeps): Promise<void> {
  const path = url.pathname;
  if (path === '/feed/v1/events') {
    if (req.method !== 'POST') return send(res, 405, { error: 'Use POST to send events.', field: null }, { allow: 'POST' });
    return ingestHttp(req, res, deps);
  }
  if (path === '/feed/v1/guidance') {
    if (req.method !== 'GET') return send(res, 405, { error: 'Use GET to read guidance.', field: null }, { allow: 'GET' });
    return guidanceHttp(req, res, url, deps);
  }
  if (path === '/feed/v1/alerts') {
    if (req.method === 'POST') return postAlertHttp(req, res, deps);
    if (req.method === 'GET' || req.method === 'HEAD') return listAlertsHttp(req, res, url, deps);
    return send(res, 405, { error: 'Use POST to send an emergency alert, GET to read them.', field: null }, { allow: 'GET, HEAD, POST' });
  }
  const session = /^\/feed\/v1\/sessions(?:\/([^/]*))?$/.exec(path);
  if (session) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'Use GET to read sessions.', field: null }, { allow: 'GET, HEAD' });
    const role = deps.tokens.lookup(bearerToken(req.headers.authorization));
    if (role?.kind !== 'subscriber') return unauthorized(res, AUTH_HINT.subscriber, role !== null || req.headers.authorization !== undefined);
    if (!deps.store) return send(res, 503, { error: deps.unavailable, field: null });
    return session[1] === undefined ? listSessions(res, url, deps.store) : oneSession(res, session[1], deps.store);
  }
  if (path === '/feed/v1/stream') return send(res, 426, { error: 'The stream is a WebSocket: connect with ws:// (Upgrade: websocket).', field: null }, { upgrade: 'websocket' });
  return send(res, 404, { error: `No feed endpoint ${path}; see docs/feed-format.md.`, field: null });
}

async function ingestHttp(req: http.IncomingMessage, res: http.ServerResponse, deps: FeedHttpDeps): Promise<void> {
  const role = deps.tokens.lookup(bearerToken(req.headers.authorization));
  if (role?.kind !== 'platform') return unauthorized(res, AUTH_HINT.platform, req.headers.authorization !== undefined, true);
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return send(res, 415, { error: 'Send the events as JSON with "Content-Type: application/json".', field: null }, { connection: 'close' });
  }
  const json = await readJson(req, res, FEED_LIMITS.bodyBytes, INGEST_TOO_LARGE);
  if (json === NO_BODY) return;
  const r = deps.ingest(role.platformId, json);
  send(res, r.status, r.body);
}

const INGEST_TOO_LARGE = `A request body may be at most ${FEED_LIMITS.bodyBytes} bytes (and ${FEED_LIMITS.batchEvents} events); split the batch.`;
const ALERT_TOO_LARGE = `An emergency alert may be at most ${ALERT_LIMITS.bodyBytes} bytes.`;
const NO_BODY = Symbol('answered');

/** The JSON body, or NO_BODY once a refusal (413, 400) is sent or the client went away. */
async function readJson(req: http.IncomingMessage, res: http.ServerResponse, limit: number, tooLargeMessage: string): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  const body = declared > limit ? 'too-large' : await readBody(req, limit);
  if (body === 'too-large') {
    tooLarge(res, tooLargeMessage);
    return NO_BODY;
  }
  if (body === 'aborted') return NO_BODY;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (e) {
    send(res, 400, { error: `The body is not valid JSON (${(e as Error).message}).`, field: null });
    return NO_BODY;
  }
}

/** An agent's host tells the supervisors of an emergency call: authenticated like ingest, stored before the 202. */
async function postAlertHttp(req: http.IncomingMessage, res: http.ServerResponse, deps: FeedHttpDeps): Promise<void> {
  const role = deps.tokens.lookup(bearerToken(req.headers.authorization));
  if (role?.kind !== 'platform') return unauthorized(res, AUTH_HINT.platform, req.headers.authorization !== undefined, true);
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    return send(res, 415, { error: 'Send the alert as JSON with "Content-Type: application/json".', field: null }, { connection: 'close' });
  }
  const json = await readJson(req, res, ALERT_LIMITS.bodyBytes, ALERT_TOO_LARGE);
  if (json === NO_BODY) return;
  const r = deps.receiveAlert(role.platformId, json);
  send(res, r.status, r.body);
}

function listAlertsHttp(req: http.IncomingMessage, res: http.ServerResponse, url: URL, deps: FeedHttpDeps): void {
  const role = deps.tokens.lookup(bearerToken(req.headers.authorization));
  if (role?.kind !== 'subscriber') return unauthorized(res, AUTH_HINT.subscriber, req.headers.authorization !== undefined);
  const q = parseAlertQuery(url.searchParams);
  if (!q.ok) return send(res, 400, { error: q.error, field: q.field });
  if (!deps.store) return send(res, 503, { error: deps.unavailable, field: null });
  send(res, 200, { alerts: deps.listAlerts(q.limit) });
}

/**
 * The platform's guidance after `after`; with nothing pending and `wait` > 0,
 * the answer waits until a note for this platform is stored or `wait` runs
 * out. Reading and starting to wait happen in one synchronous step, so a note
 * stored in between cannot be missed.
 */
async function guidanceHttp(req: http.IncomingMessage, res: http.ServerResponse, url: URL, deps: FeedHttpDeps): Promise<void> {
  const role = deps.tokens.lookup(bearerToken(req.headers.authorization));
  if (role?.kind !== 'platform') return unauthorized(res, AUTH_HINT.platform, req.headers.authorization !== undefined);
  const q = parseGuidanceQuery(url.searchParams);
  if (!q.ok) return send(res, 400, { error: q.error, field: q.field });
  if (!deps.store) return send(res, 503, { error: deps.unavailable, field: null });
  const store = deps.store;
  const read = () => store.guidanceAfter(role.platformId, q.after, GUIDANCE_PAGE);
  let notes = read();
  if (notes.length === 0 && q.waitS > 0) {
    await deps.guidance.wait(role.platformId, q.waitS * 1000, res);
    if (res.destroyed || res.writableEnded) return;
    if (deps.guidance.closed) return send(res, 503, { error: 'The hub is shutting down; ask again shortly.', field: null });
    notes = read();
  }
  send(res, 200, { guidance: notes, next: notes.at(-1)?.id ?? q.after });
}

function listSessions(res: http.ServerResponse, url: URL, store: FeedStore): void {
  const q = parseSessionQuery(url.searchParams);
  if (!q.ok) return send(res, 400, { error: q.error, field: q.field });
  try {
    send(res, 200, store.listSessions(q.query));
  } catch (e) {
    if (e instanceof BadPageToken) return send(res, 400, { error: e.message, field: 'before' });
    throw e;
  }
}

function oneSession(res: http.ServerResponse, rawId: string, store: FeedStore): void {
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    return send(res, 400, { error: 'The session id in the path is not valid percent-encoding.', field: 'sessionId' });
  }
  if (!SessionIdSchema.safeParse(id).success) return send(res, 404, { error: 'No such session.', field: null });
  const found = store.getSession(id);
  if (!found) return send(res, 404, { error: `No session ${id} in the feed.`, field: null });
  // Stored events go out as stored (no re-serialization), in seq order.
  sendText(res, 200, `{"session":${JSON.stringify(found.session)},"events":[${found.events.map(eventFrame).join(',')}]}`);
}

function unauthorized(res: http.ServerResponse, hint: string, tokenSent: boolean, closeAfter = false): void {
  send(
    res,
    401,
    { error: `${tokenSent ? 'That token is not accepted here.' : 'No token.'} ${hint}`, field: null },
    { 'www-authenticate': 'Bearer realm="warmline-feed"', ...(closeAfter ? { connection: 'close' } : {}) },
  );
}

function tooLarge(res: http.ServerResponse, error: string): void {
  send(
    res,
    413,
    { error, field: null },
    // The rest of the body is not read: the connection closes after the answer.
    { connection: 'close' },
  );
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (v: Buffer | 'too-large' | 'aborted') => {
      if (done) return;
      done = true;
      resolve(v);
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.pause();
        return finish('too-large');
      }
      chunks.push(c);
    });
    req.on('end', () => finish(Buffer.concat(chunks)));
    req.on('error', () => finish('aborted'));
    req.on('close', () => finish(size > limit ? 'too-large' : req.complete ? Buffer.concat(chunks) : 'aborted'));
  });
}

export function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(body), headers);
}

function sendText(res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(res.req?.method === 'HEAD' ? undefined : text);
}
