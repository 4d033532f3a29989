/**
 * How a Lab AI agent reports its sessions: over the hub's ingest API, exactly
 * as an outside AI platform would (docs/feed-format.md), with its own platform
 * token. Events are posted in order; a failed post is retried with backoff
 * and nothing is dropped while the hub is away.
 */
export type FeedEvent = { sessionId: string; seq: number; at: string; type: string } & Record<string, unknown>;

const MAX_BATCH = 50;

export class FeedPublisher {
  private queue: FeedEvent[] = [];
  private sending = false;
  private closed = false;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;
  private drained: Array<() => void> = [];

  constructor(
    private readonly ingestUrl: string,
    private readonly token: string,
    private readonly log: (level: 'info' | 'warn', message: string) => void,
  ) {}

  publish(event: FeedEvent): void {
    if (this.closed) return;
    this.queue.push(event);
    void this.pump();
  }

  /** Resolves once everything queued so far is acknowledged by the hub. */
  flush(): Promise<void> {
    if (this.queue.length === 0 && !this.sending) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    for (const r of this.drained.splice(0)) r();
  }

  private async pump(): Promise<void> {
    if (this.sending || this.closed) return;
    this.sending = true;
    while (this.queue.length > 0 && !this.closed) {
      const batch = this.queue.slice(0, MAX_BATCH);
      const outcome = await this.post(batch);
      if (outcome === 'retry') {
        this.sending = false;
        const delay = Math.min(10_000, 250 * 2 ** this.failures++);
        this.retry = setTimeout(() => void this.pump(), delay);
        return;
      }
      this.failures = 0;
      this.queue.splice(0, batch.length);
    }
    this.sending = false;
    for (const r of this.drained.splice(0)) r();
  }

  private async post(events: FeedEvent[]): Promise<'ok' | 'retry'> {
    try {
      const res = await fetch(this.ingestUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ events }),
        signal: AbortSignal.timeout(5000),
      });
      if (res.ok) return 'ok';
      const body = await res.text().catch(() => '');
      // A 4xx is our bug, not the hub's mood: log it loudly, keep the rest flowing.
      if (res.status >= 400 && res.status < 500) {
        this.log('warn', `feed ingest refused ${events.length} event(s): ${res.status} ${body.slice(0, 300)}`);
        return 'ok';
      }
      this.log('warn', `feed ingest failed (${res.status}); retrying`);
      return 'retry';
    } catch (e) {
      if (this.failures === 0) this.log('warn', `feed ingest unreachable (${(e as Error).message}); retrying`);
      return 'retry';
    }
  }
}
