import {
  FEED_CSV_MAX_ROWS,
  type FeedEntry,
  type FeedExportCsvRequest,
  type FeedSessionsRequest,
} from '../../../shared/contract/feed-bridge';
import type { MethodResponse } from '../../../shared/contract/bridge';
import { SESSION_PAGE, type SessionQuery } from '../../../shared/feed/session-query';
import type { SessionSummary } from '../../../shared/feed/session-summary';
import { HostFailure, type FeedPort } from '../host-services';
import type { ScopedLogger } from '../logger';
import type { BridgeEventSource } from './bridge-events';
import { BadPageToken } from './feed-store';
import type { Hub } from './hub';

/**
 * The supervisor console's side of the hub over the bridge: reads
 * (feed.sessions, feed.session, feed.replay, feed.exportCsv) and guidance to
 * a live session's AI (feed.guidance). Who may call them is decided before
 * this (electron/host/roles.ts).
 */
export class FeedAccess implements FeedPort {
  constructor(private readonly hub: Pick<Hub, 'listSessions' | 'getSession' | 'readAfter' | 'head' | 'sendGuidance'>) {}

  guidance(sessionId: string, text: string, sentBy: string): MethodResponse<'feed.guidance'> {
    const r = this.hub.sendGuidance(sessionId, text, sentBy);
    if (r.ok) return { id: r.id };
    switch (r.code) {
      case 'NOT_FOUND':
        throw new HostFailure('NOT_FOUND', r.message);
      // The catalog has no "too late" code; the message says what happened and the form shows it.
      case 'ENDED':
      case 'INVALID':
        throw new HostFailure('INVALID_REQUEST', r.message);
      default:
        return missingCase(r.code);
    }
  }

  sessions(req: FeedSessionsRequest): MethodResponse<'feed.sessions'> {
    const { limit, before, ...filters } = req;
    const q = toQuery(filters);
    if (!q) return { sessions: [], next: null };
    return this.list({ ...q, limit, ...(before === undefined ? {} : { before }) });
  }

  session(id: string): MethodResponse<'feed.session'> {
    const found = this.hub.getSession(id);
    if (!found) throw new HostFailure('NOT_FOUND', `No AI session ${id.slice(0, 128)} in the feed.`);
    return { summary: found.session, events: found.events.map(({ cursor, event }) => ({ cursor, event })) };
  }

  replay(after: number, limit: number): MethodResponse<'feed.replay'> {
    // One synchronous step (better-sqlite3), so nothing is stored between the page and the head.
    return { events: this.hub.readAfter(after, limit).map(({ cursor, event }) => ({ cursor, event })), head: this.hub.head() };
  }

  exportCsv(req: FeedExportCsvRequest, maxRows = FEED_CSV_MAX_ROWS): MethodResponse<'feed.exportCsv'> {
    const q = toQuery(req);
    const rows: SessionSummary[] = [];
    let next: string | null = null;
    if (q) {
      do {
        const page = this.list({ ...q, limit: Math.min(SESSION_PAGE.max, maxRows - rows.length), ...(next === null ? {} : { before: next }) });
        rows.push(...page.sessions);
        next = page.next;
      } while (next !== null && rows.length < maxRows);
    }
    return { csv: sessionsCsv(rows), rows: rows.length, truncated: next !== null };
  }

  private list(q: SessionQuery): { sessions: SessionSummary[]; next: string | null } {
    try {
      return this.hub.listSessions(q);
    } catch (e) {
      if (e instanceof BadPageToken) throw new HostFailure('INVALID_REQUEST', `feed.sessions: ${e.message}`);
      throw e;
    }
  }
}

/** The hub's filters; `live` is "no session.ended yet", which the hub calls outcome "open". Null: nothing can match. */
function toQuery(f: FeedExportCsvRequest): Omit<SessionQuery, 'limit'> | null {
  const { live, outcome, ...rest } = f;
  if (live === true && outcome !== undefined && outcome !== 'open') return null;
  const o = live === true ? 'open' : outcome;
  return { ...rest, ...(o === undefined ? {} : { outcome: o }) };
}

function missingCase(x: never): never {
  throw new Error(`unhandled guidance refusal ${JSON.stringify(x)}`);
}

// ---- CSV (RFC 4180) ----

export const CSV_COLUMNS = [
  'sessionId',
  'startedAt',
  'endedAt',
  'callerName',
  'callerNumber',
  'intent',
  'sentiment',
  'outcome',
  'transferred',
  'targetAgent',
  'turns',
] as const;

/**
 * Spreadsheets run a cell that starts with one of these as a formula, and the
 * feed's text comes from callers and AI platforms ("=HYPERLINK(...)" as a
 * caller name). OWASP's advice: prefix such cells with a single quote. It also
 * marks E.164 numbers (+1415...), which spreadsheets would otherwise turn into
 * numbers and lose the plus.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: null empty, text guarded against formulas, quoted when it holds a comma, quote or line break. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const row = (s: SessionSummary): (string | number | boolean | null)[] => [
  s.sessionId,
  s.startedAt,
  s.endedAt,
  s.caller.name,
  s.caller.number,
  s.intent,
  s.sentiment,
  s.outcome,
  s.transferred,
  s.targetAgent,
  s.turns,
];

/** Header row, then one row per session, CRLF after every record (RFC 4180). */
export function sessionsCsv(sessions: readonly SessionSummary[]): string {
  return [CSV_COLUMNS.join(','), ...sessions.map((s) => row(s).map(csvCell).join(','))].map((line) => `${line}\r\n`).join('');
}

// ---- feed.event ----

export type FeedEventWatch = { on(listener: (entry: FeedEntry) => void): () => void; close(): void };

/**
 * The host's one live subscription for feed.event, from the head at start (a
 * console catches up with feed.replay). Every renderer listener shares it;
 * the role gate at the transport (roles.ts gateEvents) decides who hears it.
 */
export function watchFeedEvents(hub: Pick<Hub, 'subscribe'>, log: ScopedLogger): FeedEventWatch {
  const listeners = new Set<(entry: FeedEntry) => void>();
  const close = hub.subscribe(null, (cursor, event) => {
    for (const l of listeners) {
      try {
        l({ cursor, event });
      } catch (e) {
        log.error('feed.event listener failed', { error: (e as Error).message });
      }
    }
  });
  return {
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close,
  };
}

/** `source`'s events, with feed.event from the watch. */
export function withFeedEvents(source: BridgeEventSource, feed: FeedEventWatch): BridgeEventSource {
  return {
    on(event, listener) {
      if (event === 'feed.event') return feed.on(listener as (entry: FeedEntry) => void);
      return source.on(event, listener);
    },
  };
}
