import { UserAgent } from 'sip.js';
import type { HealthCheckOptions, HealthCheckResult } from '../../../shared/telephony/failover';
import type { Clock } from '../background-clock';

export type { HealthCheckOptions };

/** Seed R1/R20: every 30 s, an answer within 3 s (settings.preferences.failover overrides both). */
export const DEFAULT_HEALTH_CHECK: HealthCheckOptions = { intervalMs: 30_000, timeoutMs: 3000, failingRecheckMs: 1000 };

/**
 * sip.js transport keep-alives never check for a reply, so a hung server goes
 * unnoticed. Out-of-dialog OPTIONS to the registrar does: any response counts
 * as alive; none within the timeout, on a connection that stayed open, means
 * the server hung (SIGSTOP, a dead NAT path) and `onSilent` runs once.
 */
export class OptionsWatchdog {
  private cancel: (() => void) | null = null;
  private running = false;
  private options: HealthCheckOptions = DEFAULT_HEALTH_CHECK;

  constructor(
    private readonly ua: UserAgent,
    private readonly clock: Clock,
    private readonly onSilent: () => void,
  ) {}

  /** New cadence from the next check on. */
  configure(options: HealthCheckOptions): void {
    this.options = options;
    if (this.running) this.start();
  }

  start(): void {
    this.stop();
    this.running = true;
    this.cancel = this.clock.after(this.options.intervalMs, () => this.probe());
  }

  stop(): void {
    this.running = false;
    this.cancel?.();
    this.cancel = null;
  }

  private probe(): void {
    if (!this.running || !this.ua.isConnected()) return;
    const { intervalMs, timeoutMs, failingRecheckMs } = this.options;
    const startedAt = this.clock.now();
    let status: number | null = null;
    sendOptions(this.ua, (code) => {
      status = code;
    });
    this.cancel = this.clock.after(timeoutMs, () => {
      if (!this.running) return;
      if (status === null) {
        this.running = false;
        this.options.onResult?.({ kind: 'timeout' });
        this.onSilent();
        return;
      }
      this.options.onResult?.({ kind: 'answered', status });
      const failing = status === 408 || (status >= 500 && status < 600);
      // Checks start `intervalMs` apart whatever the timeout (a 1 s interval with a 1 s timeout probes back to back).
      const wait = failing ? failingRecheckMs : Math.max(0, intervalMs - (this.clock.now() - startedAt));
      this.cancel = this.clock.after(wait, () => this.probe());
    });
  }
}

/** OPTIONS to the registrar of `ua`'s address of record; `onAnswer` gets the status of the first response. */
function sendOptions(ua: UserAgent, onAnswer: (status: number) => void): void {
  const aor = ua.configuration.uri;
  const target = UserAgent.makeURI(`sip:${aor.host}${aor.port ? `:${aor.port}` : ''}`);
  if (!target) return;
  const core = ua.userAgentCore;
  const message = core.makeOutgoingRequestMessage('OPTIONS', target, aor, target, {});
  let answered = false;
  const once = (r: { message: { statusCode?: number } }) => {
    if (answered) return;
    answered = true;
    onAnswer(r.message.statusCode ?? 0);
  };
  core.request(message, { onAccept: once, onReject: once, onRedirect: once, onProgress: once });
}

/**
 * One health check of a provider we are not registered on (the half-open
 * probe before a fail-back): its own short-lived UserAgent, no REGISTER, no
 * credentials; connect, one OPTIONS, disconnect. Resolves within `timeoutMs`
 * plus the connect time, bounded by `timeoutMs` as well.
 */
export async function probeRegistrar(server: string, aorUri: string, timeoutMs: number, clock: Clock): Promise<HealthCheckResult> {
  const uri = UserAgent.makeURI(aorUri);
  if (!uri) return { kind: 'transport-lost', detail: `"${aorUri}" is not a valid SIP URI` };
  let settle: (r: HealthCheckResult) => void = () => undefined;
  const result = new Promise<HealthCheckResult>((resolve) => {
    settle = resolve;
  });
  const ua = new UserAgent({
    uri,
    transportOptions: { server, connectionTimeout: Math.max(1, Math.ceil(timeoutMs / 1000)), traceSip: false },
    reconnectionAttempts: 0,
    userAgentString: 'Warmline',
    logBuiltinEnabled: false,
    logLevel: 'error',
    delegate: { onDisconnect: () => settle({ kind: 'transport-lost', detail: 'connection closed' }) },
  });
  const cancel = clock.after(timeoutMs, () =>
    settle(ua.isConnected() ? { kind: 'timeout' } : { kind: 'transport-lost', detail: `no connection within ${timeoutMs} ms` }),
  );
  ua.start()
    .then(() => sendOptions(ua, (status) => settle({ kind: 'answered', status })))
    .catch((e: unknown) => settle({ kind: 'transport-lost', detail: `cannot reach the WebSocket server (${String((e as Error).message).slice(0, 80)})` }));
  try {
    return await result;
  } finally {
    cancel();
    // Deferred: stopping inside a transport callback trips sip.js's state transition checks.
    setTimeout(() => void ua.stop().catch(() => undefined), 0);
  }
}
