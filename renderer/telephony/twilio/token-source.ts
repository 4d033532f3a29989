import { z } from 'zod';
import { reconnectDelayMs, type BackoffPolicy } from '../../../shared/telephony/backoff';
import { failureForStatus, type RegistrationFailure } from '../../../shared/telephony/registration-state';
import type { Clock } from '../background-clock';

/**
 * Twilio access tokens from the token URL an administrator configured.
 *
 * The token server (docs/twilio.md) signs a short-lived JWT with a Voice
 * grant; we fetch it, read its lifetime, and fetch the next one before it
 * runs out. The refresh is timed on our Clock (the worker-based background
 * clock in the app) rather than left to the SDK's own `tokenWillExpire`
 * timer, which is a page setTimeout and is throttled in a hidden window:
 * the classic "calls stop arriving after lunch" bug. The adapter also calls
 * refresh() on `tokenWillExpire`, whichever comes first.
 */

/** What we need of fetch(); window.fetch fits it. */
export type TokenFetch = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; credentials: 'omit'; cache: 'no-store'; signal: AbortSignal },
) => Promise<TokenHttpResponse>;
export type TokenHttpResponse = { ok: boolean; status: number; statusText: string; text(): Promise<string> };

export type TokenGrant = {
  token: string;
  /** The client identity in the token's Voice grant (the `client:` name calls are routed to). */
  identity: string | null;
  /** When the token expires on OUR clock, ms; null when the JWT carries no exp. */
  expiresAt: number | null;
};
export type TokenFailure = { failure: RegistrationFailure; reason: string; retryAt: number | null };
export type TokenListener = { onToken(grant: TokenGrant): void; onFailure(failure: TokenFailure): void };

export type TokenSourceOptions = {
  url: string;
  fetch: TokenFetch;
  clock: Clock;
  /** Extra request headers, e.g. an Authorization the host read from the vault. */
  headers?: Record<string, string>;
  /** Fetch the next token this long before expiry (halved for tokens that live less than twice this). */
  refreshLeadMs?: number;
  timeoutMs?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
};

/** One minute of margin covers a slow token server plus a retry or two; Twilio's default TTL is an hour. */
export const DEFAULT_REFRESH_LEAD_MS = 60_000;
/** Token servers are often serverless functions: allow for a cold start. */
export const DEFAULT_TOKEN_TIMEOUT_MS = 10_000;
/** Retries grow to 30 s: fast enough to recover before a refreshed token is due, gentle on a failing server. */
export const TOKEN_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 30_000 };

/** The token server may answer `{"token": "..."}` (Twilio's own samples) or the bare JWT. */
const TokenBodySchema = z.object({ token: z.string().min(1), identity: z.string().optional() });
const ClaimsSchema = z.object({
  exp: z.number().optional(),
  iat: z.number().optional(),
  grants: z.object({ identity: z.string().optional() }).optional(),
});
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export class TokenSource {
  private grant: TokenGrant | null = null;
  private inFlight = false;
  private attempt = 0;
  private cancelTimer: (() => void) | null = null;
  private stopped = true;
  private readonly lead: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly o: TokenSourceOptions,
    private readonly listener: TokenListener,
  ) {
    this.lead = Math.max(0, o.refreshLeadMs ?? DEFAULT_REFRESH_LEAD_MS);
    this.timeoutMs = o.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
  }

  start(): void {
    this.stopped = false;
    this.attempt = 0;
    this.refresh();
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  current(): TokenGrant | null {
    return this.grant;
  }

  /** Fetch a token now (unless one is already on its way); replaces any scheduled refresh or retry. */
  refresh(): void {
    if (this.stopped || this.inFlight) return;
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.inFlight = true;
    void this.fetchOnce().then((r) => {
      this.inFlight = false;
      if (this.stopped) return;
      if ('token' in r) {
        this.attempt = 0;
        this.grant = r;
        this.schedule(this.refreshDelay(r));
        this.listener.onToken(r);
      } else {
        // A token server that refuses us will keep refusing: retrying could lock an account. Wait for a restart.
        const retryAt = r.failure === 'auth' ? null : this.retryLater();
        this.listener.onFailure({ failure: r.failure, reason: r.reason, retryAt });
      }
    });
  }

  private refreshDelay(g: TokenGrant): number | null {
    if (g.expiresAt === null) return null; // no exp: only the SDK's tokenWillExpire tells us
    const left = g.expiresAt - this.o.clock.now();
    return Math.max(0, left - Math.min(this.lead, left / 2));
  }

  private retryLater(): number {
    const delay = reconnectDelayMs(this.attempt++, (this.o.random ?? Math.random)(), this.o.backoff ?? TOKEN_BACKOFF);
    this.schedule(delay);
    return this.o.clock.now() + delay;
  }

  private schedule(delay: number | null): void {
    this.cancelTimer?.();
    this.cancelTimer = delay === null ? null : this.o.clock.after(delay, () => {
      this.cancelTimer = null;
      this.refresh();
    });
  }

  private async fetchOnce(): Promise<TokenGrant | { failure: RegistrationFailure; reason: string }> {
    const where = describeUrl(this.o.url);
    if (where === null) return { failure: 'rejected', reason: 'the Twilio token URL is not an http(s) URL' };
    const controller = new AbortController();
    let timedOut = false;
    const cancelTimeout = this.o.clock.after(this.timeoutMs, () => {
      timedOut = true;
      controller.abort();
    });
    const fetchedAt = this.o.clock.now();
    try {
      const res = await this.o.fetch(this.o.url, {
        method: 'GET',
        headers: { Accept: 'application/json, application/jwt, text/plain', ...this.o.headers },
        credentials: 'omit',
        cache: 'no-store',
        signal: controller.signal,
      });
      if (!res.ok) {
        const failure = failureForStatus(res.status);
        return { failure, reason: `token URL ${where} answered ${res.status} ${res.statusText}`.trim() };
      }
      const parsed = readTokenBody(await res.text(), fetchedAt);
      return 'token' in parsed ? parsed : { failure: 'rejected', reason: `token URL ${where} ${parsed.problem}` };
    } catch (e) {
      if (timedOut) return { failure: 'timeout', reason: `token URL ${where} did not answer within ${Math.round(this.timeoutMs / 1000)} s` };
      return { failure: 'unreachable', reason: `token URL ${where} unreachable (${e instanceof Error ? e.message : String(e)})`.slice(0, 200) };
    } finally {
      cancelTimeout();
    }
  }
}

/** Scheme, host and path only: a token URL may carry a secret in its query. */
function describeUrl(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? `${u.origin}${u.pathname}` : null;
  } catch {
    return null;
  }
}

/** The token server's answer, from unknown text. Exported for tests. */
export function readTokenBody(text: string, fetchedAt: number): TokenGrant | { problem: string } {
  const body = text.trim();
  let token: string;
  let identity: string | null = null;
  if (body.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return { problem: 'answered invalid JSON' };
    }
    const r = TokenBodySchema.safeParse(json);
    if (!r.success) return { problem: 'answered JSON without a "token" string' };
    token = r.data.token.trim();
    identity = r.data.identity ?? null;
  } else token = body;
  if (!JWT.test(token)) return { problem: 'answered something that is not a JWT access token' };
  const claims = readClaims(token);
  if (claims === null) return { problem: 'answered a token whose claims cannot be read' };
  return { token, identity: claims.grants?.identity ?? identity, expiresAt: expiryOnOurClock(claims, fetchedAt) };
}

/**
 * exp is on the token server's clock; ours may be minutes off. With iat the
 * lifetime (exp - iat) is clock-independent, and counting it from when we
 * asked errs on the early side.
 */
function expiryOnOurClock(c: z.infer<typeof ClaimsSchema>, fetchedAt: number): number | null {
  if (c.exp === undefined) return null;
  if (c.iat !== undefined && c.exp > c.iat) return fetchedAt + (c.exp - c.iat) * 1000;
  return c.exp * 1000;
}

function readClaims(jwt: string): z.infer<typeof ClaimsSchema> | null {
  const payload = jwt.split('.')[1] ?? '';
  try {
    const b64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (ch) => ch.charCodeAt(0));
    const r = ClaimsSchema.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
