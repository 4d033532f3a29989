import type { NetworkSnapshot } from '../../../shared/e911/network-mapping';
import type { ScopedLogger } from '../logger';
import type { NetworkReader } from './network-reader';

export const DEFAULT_NETWORK_POLL_MS = 5000;

export type NetworkWatcherOptions = {
  reader: NetworkReader;
  pollMs?: number;
  /** Every successful reading, in order; deciding whether it is a change is the caller's. */
  onReading: (snapshot: NetworkSnapshot) => void;
  log: ScopedLogger;
};

/**
 * Reads the network at start and every pollMs. Readings never overlap (a
 * slow read delays the next one) and a failed read keeps the previous
 * network: not knowing is not a move.
 */
export class NetworkWatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  /** A reader that keeps failing (a missing --network-file) is logged once per distinct reason, not every poll. */
  private lastError: string | null = null;
  readonly pollMs: number;

  constructor(private readonly opts: NetworkWatcherOptions) {
    this.pollMs = opts.pollMs ?? DEFAULT_NETWORK_POLL_MS;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.poll().finally(() => this.schedule());
  }

  /** One reading now (or the one in progress). */
  poll(): Promise<void> {
    this.running ??= this.readOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.poll().finally(() => this.schedule()), this.pollMs);
    this.timer.unref();
  }

  private async readOnce(): Promise<void> {
    let snapshot: NetworkSnapshot;
    try {
      snapshot = await this.opts.reader.read();
    } catch (e) {
      const error = (e as Error).message;
      if (error !== this.lastError) this.opts.log.warn('network reading failed; keeping the previous network', { error });
      this.lastError = error;
      return;
    }
    this.lastError = null;
    try {
      this.opts.onReading(snapshot);
    } catch (e) {
      this.opts.log.error('network reading could not be applied', { error: (e as Error).message });
    }
  }
}
