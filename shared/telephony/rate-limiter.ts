import { z } from 'zod';

/**
 * Outbound call rate limiting per provider (R12: "Limit SIP trunk CPS to 30
 * per IP pair ... implement queuing for burst traffic"). A token bucket with
 * a counted FIFO queue: a call goes at once while tokens last, otherwise it
 * waits its turn and is told its place and roughly when. Pure: no timers, the
 * caller passes `now` (ms on any monotonic clock) and holds the queued items
 * themselves (renderer/controllers/dial-queue.ts).
 */

export const CallRatePolicySchema = z
  .object({
    /** Refill rate. 30: the CPS carriers grant one customer address towards one of theirs (Twilio, Telnyx, SIP trunks). */
    callsPerSecond: z.number().positive().max(1000),
    /**
     * Calls that may leave back to back. 1 spaces calls 1/rate apart, as carriers dequeue them, so
     * no one-second window ever holds more than callsPerSecond + 1 attempts.
     */
    burst: z.number().int().min(1).max(1000),
    /** Calls that may wait; beyond this a request is refused rather than queued for ever. */
    maxQueue: z.number().int().min(0).max(10_000),
  })
  .strict();
export type CallRatePolicy = z.infer<typeof CallRatePolicySchema>;

export const DEFAULT_CALL_RATE_POLICY: CallRatePolicy = { callsPerSecond: 30, burst: 1, maxQueue: 50 };

export type Admission =
  | { ok: true }
  /** position 1 is next; waitMs is when it goes if nobody ahead withdraws (they do not make it later). */
  | { ok: false; queued: true; position: number; waitMs: number }
  | { ok: false; queued: false; reason: string };

export type Release = { ok: true } | { ok: false; waitMs: number };

export class CallRateLimiter {
  private tokens: number;
  private at: number;
  private waiting = 0;
  readonly policy: CallRatePolicy;

  constructor(policy: CallRatePolicy = DEFAULT_CALL_RATE_POLICY, now = 0) {
    this.policy = CallRatePolicySchema.parse(policy);
    this.tokens = this.policy.burst;
    this.at = now;
  }

  /** Calls waiting their turn. */
  get queued(): number {
    return this.waiting;
  }

  /** A new call: it goes now (a token is taken), or joins the end of the queue. */
  admit(now: number): Admission {
    this.refill(now);
    if (this.waiting === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    if (this.waiting >= this.policy.maxQueue) {
      return { ok: false, queued: false, reason: `${this.waiting} calls are already waiting (at most ${this.policy.callsPerSecond} calls per second)` };
    }
    this.waiting += 1;
    return { ok: false, queued: true, position: this.waiting, waitMs: this.waitFor(this.waiting, now) };
  }

  /** The head of the queue asks again: it goes (taking a token and leaving the queue), or learns how long to wait. */
  releaseHead(now: number): Release {
    this.refill(now);
    if (this.waiting === 0) return { ok: false, waitMs: 0 };
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.waiting -= 1;
      return { ok: true };
    }
    return { ok: false, waitMs: this.waitFor(1, now) };
  }

  /** A queued call was cancelled before its turn: the ones behind it move up. */
  withdraw(): void {
    if (this.waiting > 0) this.waiting -= 1;
  }

  /** How long until the call at `position` (1 = next) may go, counting the tokens the ones ahead will take. */
  waitFor(position: number, now: number): number {
    this.refill(now);
    const missing = position - this.tokens;
    return missing <= 0 ? 0 : Math.ceil((missing * 1000) / this.policy.callsPerSecond);
  }

  private refill(now: number): void {
    // A clock that steps back (a test, a resumed machine) adds nothing rather than taking tokens away.
    const elapsed = Math.max(0, now - this.at);
    this.at = Math.max(this.at, now);
    this.tokens = Math.min(this.policy.burst, this.tokens + (elapsed * this.policy.callsPerSecond) / 1000);
  }
}
