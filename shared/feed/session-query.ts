import { z } from 'zod';
import { SESSION_OUTCOMES } from './feed-event';

/**
 * The filters of `GET /feed/v1/sessions`, from query-string values. Every
 * filter narrows the list; sessions come newest first (by startedAt), a page
 * at a time: pass the previous page's `next` as `before`.
 */
export const SESSION_PAGE = { default: 50, max: 200 } as const;

const dateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time like 2026-03-02T00:00:00Z' });

export const SessionQuerySchema = z
  .object({
    /** startedAt >= from */
    from: dateTime.optional(),
    /** startedAt < to */
    to: dateTime.optional(),
    outcome: z.enum([...SESSION_OUTCOMES, 'open']).optional(),
    /** Exact intent, ignoring case. */
    intent: z.string().min(1).max(200).optional(),
    transferred: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    /** Exact caller number as the platform sent it. */
    number: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(SESSION_PAGE.max).default(SESSION_PAGE.default),
    before: z.string().min(1).max(400).optional(),
  })
  .strict();
export type SessionQuery = z.output<typeof SessionQuerySchema>;

export type QueryParse = { ok: true; query: SessionQuery } | { ok: false; field: string; error: string };

/** Query-string pairs in, a typed query or the first bad parameter out. A repeated parameter is refused. */
export function parseSessionQuery(pairs: Iterable<[string, string]>): QueryParse {
  const raw: Record<string, string> = {};
  for (const [k, v] of pairs) {
    if (Object.prototype.hasOwnProperty.call(raw, k)) return { ok: false, field: k, error: `${k} is given more than once.` };
    raw[k] = v;
  }
  const r = SessionQuerySchema.safeParse(raw);
  if (r.success) return { ok: true, query: r.data };
  const issue = r.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return { ok: false, field: key, error: `${key} is not a filter; use from, to, outcome, intent, transferred, number, limit or before.` };
  }
  const field = String(issue.path[0] ?? '');
  const message =
    issue.code === 'invalid_value'
      ? `must be one of ${issue.values.map(String).join(', ')}`
      : issue.code === 'too_big' || issue.code === 'too_small' || issue.code === 'invalid_type'
        ? field === 'limit'
          ? `must be a whole number from 1 to ${SESSION_PAGE.max}`
          : issue.message
        : issue.message;
  return { ok: false, field, error: `${field} ${message}.` };
}
