import type { EventEmitter } from 'node:events';
import { GUIDANCE_TEXT_MAX } from '../../../shared/contract/feed-bridge';
import { SessionIdSchema } from '../../../shared/feed/feed-event';
import type { FeedStore } from './feed-store';

/**
 * Guidance from supervisors to a live session's AI (docs/feed-format.md §9):
 * stored by the hub, then read by the platform that owns the session with
 * `GET /feed/v1/guidance?after=<id>&wait=<s>`, a long poll that answers as
 * soon as a note for that platform is stored.
 */
export type SendGuidanceResult = { ok: true; id: number } | { ok: false; code: 'NOT_FOUND' | 'ENDED' | 'INVALID'; message: string };

/** Long enough to keep idle platforms cheap, short enough for proxies that drop idle requests at 30 s. */
export const GUIDANCE_WAIT_MAX_S = 25;
/** Notes per answer; a platform that is behind gets the next page at once. */
export const GUIDANCE_PAGE = 100;
const SENT_BY_MAX = 200;

/** Validate and store one note; the caller wakes the owning platform's waiters. */
export function storeGuidance(
  store: FeedStore,
  sessionId: string,
  rawText: string,
  sentBy: string,
  at: Date,
): { ok: true; id: number; platform: string } | Extract<SendGuidanceResult, { ok: false }> {
  if (!SessionIdSchema.safeParse(sessionId).success) return { ok: false, code: 'NOT_FOUND', message: 'No such AI session in the feed.' };
  const text = rawText.trim();
  if (text.length === 0) return { ok: false, code: 'INVALID', message: 'Write the guidance first: it is empty.' };
  if (text.length > GUIDANCE_TEXT_MAX) {
    return { ok: false, code: 'INVALID', message: `Guidance may be at most ${GUIDANCE_TEXT_MAX} characters (it has ${text.length}).` };
  }
  const r = store.addGuidance(sessionId, text, sentBy.trim().slice(0, SENT_BY_MAX) || 'supervisor', at);
  if (r.ok) return r;
  return r.reason === 'ended'
    ? { ok: false, code: 'ENDED', message: `The AI session ${sessionId} has ended; guidance goes only to live sessions.` }
    : { ok: false, code: 'NOT_FOUND', message: `No AI session ${sessionId} in the feed.` };
}

/** The platforms' pending long polls, woken per platform when a note for it is stored. */
export class GuidanceWaiters {
  private readonly waiting = new Map<string, Set<() => void>>();
  private shut = false;

  get closed(): boolean {
    return this.shut;
  }

  /**
   * Resolves when guidance for `platform` is stored, after `ms`, when the
   * response closes (the client went away), or when the hub closes. The
   * response, not the request: a request's 'close' follows its body, not the connection.
   */
  wait(platform: string, ms: number, res: Pick<EventEmitter, 'on' | 'off'>): Promise<void> {
    if (this.shut) return Promise.resolve();
    return new Promise((resolve) => {
      let set = this.waiting.get(platform);
      if (!set) this.waiting.set(platform, (set = new Set()));
      const waiters = set;
      const done = () => {
        clearTimeout(timer);
        res.off('close', done);
        waiters.delete(done);
        if (waiters.size === 0 && this.waiting.get(platform) === waiters) this.waiting.delete(platform);
        resolve();
      };
      const timer = setTimeout(done, ms);
      res.on('close', done);
      waiters.add(done);
    });
  }

  wake(platform: string): void {
    for (const done of [...(this.waiting.get(platform) ?? [])]) done();
  }

  /** How many polls wait now (tests, diagnostics). */
  pending(): number {
    let n = 0;
    for (const s of this.waiting.values()) n += s.size;
    return n;
  }

  close(): void {
    this.shut = true;
    for (const platform of [...this.waiting.keys()]) this.wake(platform);
  }
}

export type GuidanceQuery = { ok: true; after: number; waitS: number } | { ok: false; field: 'after' | 'wait'; error: string };

export function parseGuidanceQuery(params: URLSearchParams): GuidanceQuery {
  const after = params.get('after');
  const wait = params.get('wait');
  let a = 0;
  let w = 0;
  if (after !== null) {
    a = /^\d{1,16}$/.test(after) ? Number(after) : NaN;
    if (!Number.isSafeInteger(a)) return { ok: false, field: 'after', error: `after must be a whole number: the "next" of your last answer, or 0 (got ${JSON.stringify(after.slice(0, 40))}).` };
  }
  if (wait !== null) {
    w = /^\d{1,2}$/.test(wait) ? Number(wait) : NaN;
    if (!(w >= 0 && w <= GUIDANCE_WAIT_MAX_S)) return { ok: false, field: 'wait', error: `wait must be a whole number of seconds from 0 to ${GUIDANCE_WAIT_MAX_S} (got ${JSON.stringify(wait.slice(0, 40))}).` };
  }
  return { ok: true, after: a, waitS: w };
}
