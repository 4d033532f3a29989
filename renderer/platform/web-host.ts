import { WireFrameSchema } from '../../shared/contract/bridge';
import { isBridgeEvent, type BridgeEventName } from '../../shared/contract/names';
import { reconnectDelayMs } from '../../shared/telephony/backoff';
import type { Result } from '../../shared/result';
import { parseEvent, parseResult, type HostApi } from './host-api';

type Pending = { method: string; resolve: (r: Result<never>) => void; frame: string };

/**
 * The web host's bridge over a WebSocket on the page's own origin. Requests
 * made while the host is away wait for it to come back instead of failing.
 */
export function createWebHost(url: string): HostApi {
  let ws: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  let connected = false;
  const pending = new Map<number, Pending>();
  const listeners = new Map<BridgeEventName, Set<(raw: unknown) => void>>();
  const connectionListeners = new Set<(c: boolean) => void>();

  const setConnected = (c: boolean) => {
    if (c === connected) return;
    connected = c;
    connectionListeners.forEach((l) => l(c));
  };

  const open = () => {
    const sock = new WebSocket(url);
    ws = sock;
    sock.onopen = () => {
      attempt = 0;
      setConnected(true);
      for (const p of pending.values()) sock.send(p.frame);
    };
    sock.onmessage = (msg) => {
      let raw: unknown;
      try {
        raw = JSON.parse(String(msg.data));
      } catch {
        return;
      }
      const frame = WireFrameSchema.safeParse(raw);
      if (!frame.success) return;
      if ('id' in frame.data) {
        const p = pending.get(frame.data.id);
        if (!p) return;
        pending.delete(frame.data.id);
        p.resolve(frame.data.result as Result<never>);
      } else if (isBridgeEvent(frame.data.event)) {
        const payload = frame.data.payload;
        listeners.get(frame.data.event)?.forEach((l) => l(payload));
      }
    };
    sock.onclose = () => {
      ws = null;
      setConnected(false);
      setTimeout(open, reconnectDelayMs(attempt++, Math.random(), { baseMs: 250, maxMs: 5000 }));
    };
  };
  open();

  return {
    kind: 'web',
    call(method, payload) {
      const id = nextId++;
      const frame = JSON.stringify({ id, method, payload });
      return new Promise((resolve) => {
        pending.set(id, { method, frame, resolve: (raw) => resolve(parseResult(method, raw)) });
        if (ws?.readyState === WebSocket.OPEN) ws.send(frame);
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = (raw: unknown) => {
        const p = parseEvent(event, raw);
        if (p) listener(p);
      };
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      listener(connected);
      return () => connectionListeners.delete(listener);
    },
  };
}
