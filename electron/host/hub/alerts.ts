import { EmergencyAlertSchema, type EmergencyAlert } from '../../../shared/contract/e911';
import { describeIssue, formatPath, kindOf, valueAt } from '../../../shared/feed/feed-batch';
import type { ScopedLogger } from '../logger';
import type { FeedStore } from './feed-store';

/**
 * Emergency alerts (docs/feed-format.md §10): an agent's host POSTs one
 * `warmline.emergency/1` alert per emergency call to its alert targets; the
 * supervisors' hub is one of them. The hub stores the alert before it answers
 * (idempotent on emergencyId, so the sender may retry freely) and tells its
 * listeners once per new alert; the host announces it to supervisor renderers.
 */
export const ALERT_LIMITS = { bodyBytes: 64 * 1024 } as const;
export const ALERT_PAGE = { default: 50, max: 200 } as const;

/** The contract's schema; the id must not be empty either, since retries are matched on it. */
const AlertInputSchema = EmergencyAlertSchema.extend({ emergencyId: EmergencyAlertSchema.shape.emergencyId.min(1) });

export type AlertMeta = { id: number; platform: string; receivedAt: string };
export type AlertListener = (alert: EmergencyAlert, meta: AlertMeta) => void;
/** One stored alert as supervisors read it (GET /feed/v1/alerts). */
export type StoredAlert = AlertMeta & { alert: EmergencyAlert };
export type AlertAck = { stored: true; duplicate: boolean };
export type AlertResult = { status: 202; body: AlertAck } | { status: 400 | 503; body: { error: string; field: string | null } };

export type ParsedAlert = { ok: true; alert: EmergencyAlert } | { ok: false; error: string; field: string | null };

/** The first bad field is named by its JSON path (`agent.aor`), as ingest names `events[2].seq`. */
export function parseAlert(body: unknown): ParsedAlert {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, field: null, error: `The body must be one warmline.emergency/1 alert object (got ${kindOf(body)}).` };
  }
  const r = AlertInputSchema.safeParse(body);
  if (r.success) return { ok: true, alert: r.data };
  const issue = r.error.issues[0]!;
  const field = formatPath(issue.path).replace(/^\./, '') || null;
  const message = describeIssue(issue, valueAt(body, issue.path));
  return { ok: false, field, error: field ? `${field} ${message}.` : `${message}.` };
}

/**
 * Validate, store (committed before this returns), then tell listeners once
 * per new alert. A retry of a stored emergencyId is acknowledged as a
 * duplicate and announced no more; the stored alert is kept.
 */
export function receiveAlert(
  store: FeedStore,
  platform: string,
  body: unknown,
  at: Date,
  listeners: Iterable<AlertListener>,
  log: ScopedLogger,
): AlertResult {
  const parsed = parseAlert(body);
  if (!parsed.ok) {
    // The field, not the message: messages quote the sender's values (an address, a name).
    log.warn('emergency alert rejected', { platform, field: parsed.field });
    return { status: 400, body: { error: parsed.error, field: parsed.field } };
  }
  const { alert } = parsed;
  let r: ReturnType<FeedStore['addAlert']>;
  try {
    r = store.addAlert(alert.emergencyId, platform, JSON.stringify(alert), at);
  } catch (e) {
    log.error('emergency alert could not be stored', { platform, emergencyId: alert.emergencyId, error: (e as Error).message });
    return { status: 503, body: { error: `The alert was not stored (${(e as Error).message}); send it again.`, field: null } };
  }
  if (r.duplicate) {
    log.info('emergency alert repeated', { platform, emergencyId: alert.emergencyId, id: r.id, differs: r.differs });
    return { status: 202, body: { stored: true, duplicate: true } };
  }
  // Never the address, agent or callback number: personal data stays out of the log.
  log.warn('emergency alert stored', { platform, emergencyId: alert.emergencyId, id: r.id, test: alert.test });
  const meta: AlertMeta = { id: r.id, platform, receivedAt: r.receivedAt };
  for (const l of listeners) {
    try {
      l(alert, meta);
    } catch (e) {
      log.error('emergency alert listener failed', { emergencyId: alert.emergencyId, error: (e as Error).message });
    }
  }
  return { status: 202, body: { stored: true, duplicate: false } };
}

export type AlertQuery = { ok: true; limit: number } | { ok: false; field: string; error: string };

export function parseAlertQuery(params: URLSearchParams): AlertQuery {
  let limit: string | null = null;
  for (const [k, v] of params) {
    if (k !== 'limit') return { ok: false, field: k, error: `${k} is not a parameter here; use limit.` };
    if (limit !== null) return { ok: false, field: k, error: `${k} is given more than once.` };
    limit = v;
  }
  if (limit === null) return { ok: true, limit: ALERT_PAGE.default };
  const n = /^\d{1,4}$/.test(limit) ? Number(limit) : NaN;
  if (!(n >= 1 && n <= ALERT_PAGE.max)) {
    return { ok: false, field: 'limit', error: `limit must be a whole number from 1 to ${ALERT_PAGE.max} (got ${JSON.stringify(limit.slice(0, 40))}).` };
  }
  return { ok: true, limit: n };
}
