import { UserAgent } from 'sip.js';
import type { Clock } from '../background-clock';

/** Every 15 s; no reply within 5 s means the server is gone even though the socket looks open. */
const INTERVAL_MS = 15_000;
const TIMEOUT_MS = 5_000;

/**
 * sip.js transport keep-alives never check for a reply, so a hung server goes
 * unnoticed. Out-of-dialog OPTIONS to the registrar does: any response counts.
 */
export class OptionsWatchdog {
  private cancel: (() => void) | null = null;
  private running = false;

  constructor(
    private readonly ua: UserAgent,
    private readonly clock: Clock,
    private readonly onSilent: () => void,
  ) {}

  start(): void {
    this.stop();
    this.running = true;
    this.cancel = this.clock.after(INTERVAL_MS, () => this.probe());
  }

  stop(): void {
    this.running = false;
    this.cancel?.();
    this.cancel = null;
  }

  private probe(): void {
    if (!this.running || !this.ua.isConnected()) return;
    const aor = this.ua.configuration.uri;
    const target = UserAgent.makeURI(`sip:${aor.host}${aor.port ? `:${aor.port}` : ''}`);
    if (!target) return;
    let answered = false;
    const core = this.ua.userAgentCore;
    const message = core.makeOutgoingRequestMessage('OPTIONS', target, aor, target, {});
    const onAnswer = () => {
      answered = true;
    };
    core.request(message, { onAccept: onAnswer, onReject: onAnswer, onRedirect: onAnswer, onProgress: onAnswer });
    this.cancel = this.clock.after(TIMEOUT_MS, () => {
      if (!this.running) return;
      if (!answered) {
        this.running = false;
        this.onSilent();
        return;
      }
      this.cancel = this.clock.after(INTERVAL_MS - TIMEOUT_MS, () => this.probe());
    });
  }
}
