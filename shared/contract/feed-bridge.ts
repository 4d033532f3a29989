import { z } from 'zod';
import { FeedEventSchema } from '../feed/feed-event';
import { SESSION_PAGE, SessionQuerySchema } from '../feed/session-query';
import { SessionSummarySchema } from '../feed/session-summary';

/**
 * The supervisor console's view of the session feed, over the bridge. The
 * host answers these only while its role is supervisor or admin
 * (electron/host/roles.ts); an agent's renderer gets FORBIDDEN.
 */

/** Bridge payloads are JSON, not query strings: `transferred` is a boolean and `limit` a number here. */
const q = SessionQuerySchema.shape;
const filters = {
  from: q.from,
  to: q.to,
  outcome: q.outcome,
  intent: q.intent,
  transferred: z.boolean().optional(),
  number: q.number,
  /** Only sessions that have not ended (no session.ended yet); false or absent: no such filter. */
  live: z.boolean().optional(),
};

export const FeedSessionsRequestSchema = z
  .object({
    ...filters,
    limit: z.number().int().min(1).max(SESSION_PAGE.max).default(SESSION_PAGE.default),
    /** The previous page's `next`. */
    before: q.before,
  })
  .strict();
export type FeedSessionsRequest = z.output<typeof FeedSessionsRequestSchema>;

export const FeedSessionsResponseSchema = z.object({
  sessions: z.array(SessionSummarySchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: z.string().nullable(),
});

/** One stored event and its cursor: the unit of feed.session, feed.replay and feed.event. */
export const FeedEntrySchema = z.object({ cursor: z.number().int().nonnegative(), event: FeedEventSchema });
export type FeedEntry = z.infer<typeof FeedEntrySchema>;

export const FeedSessionRequestSchema = z.object({ id: z.string().min(1).max(128) }).strict();
export const FeedSessionResponseSchema = z.object({ summary: SessionSummarySchema, events: z.array(FeedEntrySchema) });

export const FEED_REPLAY_PAGE = { default: 500, max: 2000 } as const;
export const FeedReplayRequestSchema = z
  .object({
    /** The cursor of the last event the console has; 0 for everything. */
    after: z.number().int().nonnegative(),
    limit: z.number().int().min(1).max(FEED_REPLAY_PAGE.max).default(FEED_REPLAY_PAGE.default),
  })
  .strict();
export const FeedReplayResponseSchema = z.object({
  /** Oldest first; fewer than `limit` (or a last cursor equal to head) means caught up. */
  events: z.array(FeedEntrySchema),
  /** The newest cursor stored when the page was read. */
  head: z.number().int().nonnegative(),
});

/** A spreadsheet export is capped so one request cannot build an unbounded string in the host. */
export const FEED_CSV_MAX_ROWS = 50_000;
export const FeedExportCsvRequestSchema = z.object(filters).strict();
export type FeedExportCsvRequest = z.output<typeof FeedExportCsvRequestSchema>;
export const FeedExportCsvResponseSchema = z.object({
  /** RFC 4180: header row, CRLF line ends, newest session first. */
  csv: z.string(),
  /** Data rows (the header not counted). */
  rows: z.number().int().nonnegative(),
  /** True when more sessions matched than FEED_CSV_MAX_ROWS: narrow the dates. */
  truncated: z.boolean(),
});

/** A supervisor's note to a live session's AI: short, plain text, shown and acted on by the platform. */
export const GUIDANCE_TEXT_MAX = 500;
export const FeedGuidanceRequestSchema = z
  .object({
    sessionId: z.string().min(1).max(128),
    text: z.string().trim().min(1, 'must not be empty').max(GUIDANCE_TEXT_MAX, `must be at most ${GUIDANCE_TEXT_MAX} characters`),
  })
  .strict();
export const FeedGuidanceResponseSchema = z.object({
  /** The note's id at the hub; the platform reads guidance in id order. */
  id: z.number().int().positive(),
});
