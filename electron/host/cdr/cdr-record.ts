import type { z } from 'zod';
import { callCost, type RatesByProvider } from '../../../shared/billing/call-cost';
import type { Cdr, CdrBeginSchema } from '../../../shared/contract/cdr';
import type { CallRecord } from '../../../shared/history/call-record';
import type { Account } from '../../../shared/settings/account';

/**
 * How a call's reports (cdr.begin at the start, history.record at the end)
 * become one call detail record, and how a record reads back as the history
 * line the existing history view shows. No I/O: the store and the service
 * around it decide when.
 */

export type CdrBegin = z.output<typeof CdrBeginSchema>;

/**
 * A CDR as the store keeps it: the contract's fields plus the remote party as
 * reported (from/to are derived from it) and talk time to the millisecond,
 * which billing uses (carriers round the exact time up, not a rounded one).
 */
export type StoredCdr = Cdr & { remote: string; durationMs: number };

/** What the host knows around a call when it is reported: the account, the agent, the rate cards. */
export type CallSurroundings = { account: Account | undefined; agent: string; rates: RatesByProvider };

export const INTERRUPTED_REASON = 'Interrupted: Warmline stopped during this call, so its end was not recorded';

/** The account's display name, else the domain of its address, else its id. */
export function providerNameOf(accountId: string, account: Account | undefined): string {
  if (!account) return accountId;
  if (account.displayName) return account.displayName;
  const domain = account.kind === 'sip' ? /@([^;>\s]+)/.exec(account.uri)?.[1] : 'Twilio';
  return domain ?? accountId;
}

function parties(direction: Cdr['direction'], remote: string, accountId: string, account: Account | undefined): { from: string; to: string } {
  const local = (account?.kind === 'sip' ? account.uri : undefined) ?? accountId;
  return direction === 'inbound' ? { from: remote, to: local } : { from: local, to: remote };
}

const utc = (at: string): string => new Date(at).toISOString();

/**
 * The in-progress row for a call that has started. Null when the call is
 * complete already: a late or repeated begin never downgrades a finished record.
 * An interrupted call that begins again (its renderer kept it) is in progress
 * again and keeps when it was found interrupted.
 */
export function cdrFromBegin(req: CdrBegin, s: CallSurroundings, prior: StoredCdr | null): StoredCdr | null {
  if (prior?.state === 'complete') return null;
  const f = req.facts;
  return {
    id: req.id,
    state: 'in-progress',
    direction: req.direction,
    remote: req.remote,
    ...parties(req.direction, req.remote, req.accountId, s.account),
    remoteName: req.remoteName || prior?.remoteName || '',
    provider: req.accountId,
    providerName: providerNameOf(req.accountId, s.account),
    agent: s.agent,
    startedAt: utc(req.startedAt),
    answeredAt: req.answeredAt ? utc(req.answeredAt) : (prior?.answeredAt ?? null),
    endedAt: null,
    durationSec: 0,
    durationMs: 0,
    outcome: null,
    hangupCause: '',
    sipStatus: f.sipStatus ?? prior?.sipStatus ?? null,
    codec: f.codec ?? prior?.codec ?? null,
    quality: prior?.quality ?? null,
    transfer: f.transfer ?? prior?.transfer ?? null,
    context: req.context ?? prior?.context ?? null,
    notes: prior?.notes ?? '',
    emergency: f.emergency ?? prior?.emergency ?? false,
    consent: f.consent ?? prior?.consent ?? 'not-asked',
    recording: f.recording ?? prior?.recording ?? 'not-recorded',
    tollFree: f.tollFree ?? prior?.tollFree ?? false,
    billedSeconds: null,
    cost: null,
    currency: null,
    interruptedAt: prior?.interruptedAt ?? null,
  };
}

/**
 * The complete row from the end report. Priced with the provider's rate card
 * as it is now (the moment the call ended); a later change of rates does not
 * touch it. What the begin report knew and the end report leaves out (a
 * transfer, the context) is kept.
 */
export function cdrFromRecord(r: CallRecord, s: CallSurroundings, prior: StoredCdr | null): StoredCdr {
  const f = r.facts;
  const durationMs = r.answeredAt ? Math.max(0, Date.parse(r.endedAt) - Date.parse(r.answeredAt)) : 0;
  const tollFree = f.tollFree ?? prior?.tollFree ?? false;
  // hasOwn: an account named "constructor" must not find Object's prototype.
  const card = Object.hasOwn(s.rates, r.accountId) ? s.rates[r.accountId] : undefined;
  const priced = card ? callCost({ direction: r.direction, tollFree, durationSec: durationMs / 1000 }, card) : null;
  return {
    id: r.id,
    state: 'complete',
    direction: r.direction,
    remote: r.remote,
    ...parties(r.direction, r.remote, r.accountId, s.account),
    remoteName: r.remoteName,
    provider: r.accountId,
    providerName: providerNameOf(r.accountId, s.account),
    agent: s.agent || prior?.agent || '',
    startedAt: utc(r.startedAt),
    answeredAt: r.answeredAt ? utc(r.answeredAt) : null,
    endedAt: utc(r.endedAt),
    // The same rounding as the history view's talk time (talkSeconds).
    durationSec: Math.round(durationMs / 1000),
    durationMs,
    outcome: r.outcome,
    hangupCause: r.reason,
    sipStatus: f.sipStatus ?? prior?.sipStatus ?? null,
    codec: f.codec ?? r.quality?.codec ?? prior?.codec ?? null,
    quality: r.quality,
    transfer: f.transfer ?? prior?.transfer ?? null,
    context: r.context ?? prior?.context ?? null,
    notes: r.notes,
    emergency: f.emergency ?? prior?.emergency ?? false,
    consent: f.consent ?? prior?.consent ?? 'not-asked',
    recording: f.recording ?? 'not-recorded',
    tollFree,
    billedSeconds: priced ? priced.billedSeconds : null,
    cost: priced ? priced.cost : null,
    currency: priced && card ? card.currency : null,
    interruptedAt: prior?.interruptedAt ?? null,
  };
}

/**
 * The history line of a record, for history.list. An interrupted call has no
 * end or outcome, which a history line must have: it reads as failed, ending
 * when it was last known alive (answer, else start), so no talk time is
 * invented, and the reason says what happened.
 */
export function historyRecordOf(c: StoredCdr): CallRecord {
  const ended = c.state === 'complete' && c.endedAt !== null && c.outcome !== null;
  return {
    id: c.id,
    direction: c.direction,
    remote: c.remote,
    remoteName: c.remoteName,
    accountId: c.provider,
    startedAt: c.startedAt,
    answeredAt: c.answeredAt,
    endedAt: ended ? c.endedAt! : (c.answeredAt ?? c.startedAt),
    outcome: ended ? c.outcome! : 'failed',
    reason: ended ? c.hangupCause : INTERRUPTED_REASON,
    context: c.context,
    notes: c.notes,
    quality: c.quality,
    facts: {
      sipStatus: c.sipStatus,
      codec: c.codec,
      transfer: c.transfer,
      emergency: c.emergency,
      consent: c.consent,
      recording: c.recording,
      tollFree: c.tollFree,
    },
  };
}

/** The contract's view of a stored record (without the store's own fields). */
export function publicCdr(c: StoredCdr): Cdr {
  const { remote: _remote, durationMs: _ms, ...cdr } = c;
  return cdr;
}
