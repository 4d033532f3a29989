import type { EmergencyAlert } from '../../../shared/contract/e911';
import type { ScopedLogger } from '../logger';
import { alertUrlProblem } from './admin-config';
import type { AlertTarget } from './config-store';

/**
 * Kari's Law notification (47 CFR 9.16(b)(2), standards.md 3.3): POST the
 * alert to a webhook, started with the call and never delaying it. Bounded
 * so a dead desk is reported within seconds: each attempt times out, and
 * only failures a retry can cure (no answer, 5xx, 429) are retried.
 */
export const ALERT_DEFAULTS = {
  timeoutMs: 3000,
  /** Waits before the 2nd and 3rd attempts. */
  retryDelaysMs: [1000, 2000] as readonly number[],
} as const;

export type AlertDelivery =
  | { ok: true; status: number; attempts: number }
  | { ok: false; status: number | null; attempts: number; reason: string };

export type AlertSenderOptions = {
  fetch?: typeof fetch;
  timeoutMs?: number;
  retryDelaysMs?: readonly number[];
  log: ScopedLogger;
};

export class AlertSender {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly delays: readonly number[];

  constructor(private readonly opts: AlertSenderOptions) {
    this.fetchImpl = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? ALERT_DEFAULTS.timeoutMs;
    this.delays = opts.retryDelaysMs ?? ALERT_DEFAULTS.retryDelaysMs;
  }

  async deliver(target: AlertTarget, token: string | null, alert: EmergencyAlert): Promise<AlertDelivery> {
    const refused = alertUrlProblem(target.url);
    if (refused !== null) return { ok: false, status: null, attempts: 0, reason: `its URL is not allowed (${refused})` };
    const body = JSON.stringify(alert);
    let last: { status: number | null; reason: string } = { status: null, reason: 'it was not tried' };
    for (let attempt = 1; attempt <= this.delays.length + 1; attempt++) {
      if (attempt > 1) await sleep(this.delays[attempt - 2] ?? 0);
      const r = await this.attempt(target, token, body);
      if (r.ok) return { ok: true, status: r.status, attempts: attempt };
      last = r;
      this.opts.log.warn('alert attempt failed', { target: target.name, attempt, status: r.status, reason: r.reason });
      if (!r.retry) return { ok: false, status: r.status, attempts: attempt, reason: r.reason };
    }
    return { ok: false, status: last.status, attempts: this.delays.length + 1, reason: last.reason };
  }

  private async attempt(
    target: AlertTarget,
    token: string | null,
    body: string,
  ): Promise<{ ok: true; status: number } | { ok: false; status: number | null; reason: string; retry: boolean }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const res = await this.fetchImpl(target.url, {
        method: 'POST',
        signal: controller.signal,
        redirect: 'manual',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body,
      });
      await res.arrayBuffer().catch(() => undefined); // free the connection
      if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
      if (res.status >= 300 && res.status < 400) return { ok: false, status: res.status, reason: `it redirected (${res.status}) and redirects are not followed`, retry: false };
      const retry = res.status >= 500 || res.status === 429 || res.status === 408;
      return { ok: false, status: res.status, reason: `it answered ${res.status} ${res.statusText}`.trim(), retry };
    } catch (e) {
      if (controller.signal.aborted) return { ok: false, status: null, reason: `it did not answer within ${(this.timeoutMs / 1000).toFixed(1)} s`, retry: true };
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      return { ok: false, status: null, reason: `it could not be reached${cause ? ` (${cause})` : ''}`, retry: true };
    } finally {
      clearTimeout(timer);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
