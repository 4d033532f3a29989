import type { z } from 'zod';
import { isRecord, parseTransferContext } from '../context/transfer-context';
import { FEED_LIMITS, FeedEventInputSchema, type FeedEvent } from './feed-event';

/**
 * What a producer POSTs: one event, a list of events, or `{ "events": [...] }`.
 * The whole batch is accepted or refused: the first bad field of the first bad
 * event is named (`events[2].seq`), and nothing of that batch is stored.
 */
export type FeedWarning = { field: string; message: string };
export type ParsedBatch =
  | { ok: true; events: FeedEvent[]; warnings: FeedWarning[] }
  | { ok: false; reason: 'invalid' | 'too-many'; error: string; field: string | null };

export function parseFeedBatch(body: unknown): ParsedBatch {
  let list: unknown[];
  if (Array.isArray(body)) list = body;
  else if (isRecord(body) && Object.prototype.hasOwnProperty.call(body, 'events')) {
    if (!Array.isArray(body.events)) return invalid('events', `must be a list of events (got ${kindOf(body.events)})`);
    list = body.events;
  } else if (isRecord(body)) list = [body];
  else return invalid(null, `The body must be an event, a list of events or {"events": [...]} (got ${kindOf(body)}).`, true);

  if (list.length === 0) return invalid('events', 'must contain at least one event');
  if (list.length > FEED_LIMITS.batchEvents) {
    return {
      ok: false,
      reason: 'too-many',
      field: 'events',
      error: `A request carries at most ${FEED_LIMITS.batchEvents} events (got ${list.length}); split the batch.`,
    };
  }

  const events: FeedEvent[] = [];
  const warnings: FeedWarning[] = [];
  for (let i = 0; i < list.length; i++) {
    const raw = list[i];
    const where = `events[${i}]`;
    const parsed = FeedEventInputSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return invalid(where + formatPath(issue.path), describeIssue(issue, valueAt(raw, issue.path)));
    }
    const e = parsed.data;
    if (e.type !== 'transfer.requested') {
      events.push(e);
      continue;
    }
    // The context keeps the screen-pop's own rules: one bad field costs that
    // field. What was dropped travels with the event and back to the producer.
    const { context, issues } = parseTransferContext(e.context);
    if (!context) return invalid(`${where}.context`, issues[0]?.message ?? 'is not a transfer context');
    for (const issue of issues) warnings.push({ field: `${where}.context${issue.field ? `.${issue.field}` : ''}`, message: issue.message });
    events.push({ ...e, context, contextIssues: issues });
  }
  return { ok: true, events, warnings };
}

function invalid(field: string | null, message: string, whole = false): ParsedBatch {
  return { ok: false, reason: 'invalid', field, error: whole || field === null ? message : `${field} ${message}.` };
}

/** zod's path as a producer writes it: `facts[1].label`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/** The value a zod issue is about, read from the raw input by its path (undefined when absent). */
export function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const p of path) {
    if (Array.isArray(v) && typeof p === 'number') v = v[p];
    else if (isRecord(v) && typeof p === 'string' && Object.prototype.hasOwnProperty.call(v, p)) v = v[p];
    else return undefined;
  }
  return v;
}

/** A zod issue as the end of a sentence that starts with the field's path. */
/** A zod issue in the sentence a 400 says (shared by the hub's ingest and its emergency alerts). */
export function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) return 'is missing';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return `must be an integer (got ${describeValue(value)})`;
      return `must be ${article(issue.expected)} (got ${kindOf(value)})`;
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options)) {
        return `must be one of ${(issue.options as unknown[]).map((o) => JSON.stringify(o)).join(', ')} (got ${describeValue(value)})`;
      }
      return issue.message;
    case 'too_big':
      if (typeof value === 'string') return `must be at most ${String(issue.maximum)} characters (got ${value.length})`;
      if (Array.isArray(value)) return `must have at most ${String(issue.maximum)} items (got ${value.length})`;
      return `must be at most ${String(issue.maximum)} (got ${describeValue(value)})`;
    case 'too_small':
      if (typeof value === 'string') return Number(issue.minimum) === 1 ? 'must not be empty' : `must be at least ${String(issue.minimum)} characters`;
      if (Array.isArray(value)) return `must have at least ${String(issue.minimum)} items`;
      return `must be at least ${String(issue.minimum)} (got ${describeValue(value)})`;
    case 'invalid_value':
      return `must be ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${describeValue(value)})`;
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object' || expected === 'record') return 'an object';
  return `a ${expected}`;
}

/** "null", "a list", "an object", "a string": what a value is, for error sentences. */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return kindOf(v);
}
