import type { StoredEvent } from './feed-store';

/**
 * Live delivery to subscribers, replay-then-live without gap or duplicate.
 *
 * A subscriber starts in replay: it reads stored events after its cursor from
 * the database, page by page, and is skipped by live publishing meanwhile
 * (what is committed during the replay is in the database, so a later page
 * has it). It turns live in the same synchronous step as a read that found
 * nothing more; the hub commits and publishes in one synchronous step too, so
 * no event can fall between the two. Live delivery skips what a subscriber
 * already has (cursor <= sent), so nothing is seen twice.
 */
export type Sink = {
  /** Cursor of the last event this subscriber has been given. */
  sent: number;
  live: boolean;
  deliver(e: StoredEvent): void;
};

export class Fanout {
  private readonly sinks = new Set<Sink>();
  private readonly queue: StoredEvent[] = [];
  private draining = false;

  constructor(private readonly onError: (e: unknown) => void) {}

  add(sink: Sink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  get size(): number {
    return this.sinks.size;
  }

  /**
   * Committed events, in cursor order. A subscriber that publishes from its
   * own callback (an in-process producer) queues behind the current events,
   * so every subscriber still sees cursor order.
   */
  publish(events: readonly StoredEvent[]): void {
    this.queue.push(...events);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let e = this.queue.shift(); e; e = this.queue.shift()) {
        for (const sink of [...this.sinks]) {
          if (!sink.live || e.cursor <= sink.sent || !this.sinks.has(sink)) continue;
          sink.sent = e.cursor;
          try {
            sink.deliver(e);
          } catch (err) {
            this.onError(err);
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
