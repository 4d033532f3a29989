import type { EventPayload, FeedTransferRequested } from '../../../shared/contract/bridge';
import type { BridgeEventName } from '../../../shared/contract/names';
import type { HostServices } from '../host-services';
import type { ScopedLogger } from '../logger';
import type { Hub } from './hub';

/** What a host forwards to its renderers: HostServices' own events plus the hub's. */
export type BridgeEventSource = {
  on<E extends BridgeEventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/**
 * The host's subscription to its own hub: live only, from the head at start
 * (a renderer cares about transfers about to ring, not last week's), one
 * `feed.transferRequested` per stored `transfer.requested` event.
 */
export function watchTransferRequests(hub: Hub, log: ScopedLogger): { on(listener: (p: FeedTransferRequested) => void): () => void; close(): void } {
  const listeners = new Set<(p: FeedTransferRequested) => void>();
  const unsubscribe = hub.subscribe(null, (_cursor, event) => {
    if (event.type !== 'transfer.requested') return;
    const payload: FeedTransferRequested = {
      sessionId: event.sessionId,
      targetAgent: event.targetAgent,
      context: event.context,
      reason: event.reason ?? null,
      at: event.at,
    };
    log.info('transfer requested over the feed', { sessionId: event.sessionId, listeners: listeners.size });
    for (const l of listeners) {
      try {
        l(payload);
      } catch (e) {
        log.error('feed.transferRequested listener failed', { error: (e as Error).message });
      }
    }
  });
  return {
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: unsubscribe,
  };
}

/** HostServices' events, with feed.transferRequested from the hub's watcher. */
export function bridgeEvents(services: HostServices, transfers: ReturnType<typeof watchTransferRequests>): BridgeEventSource {
  return {
    on(event, listener) {
      if (event === 'feed.transferRequested') return transfers.on(listener as (p: FeedTransferRequested) => void);
      return services.on(event, listener);
    },
  };
}
