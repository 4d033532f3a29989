import {
  BRIDGE_EVENTS,
  BRIDGE_METHODS,
  ResultEnvelopeSchema,
  type EventPayload,
  type MethodRequest,
  type MethodResponse,
} from '../../shared/contract/bridge';
import type { BridgeEventName, BridgeMethodName } from '../../shared/contract/names';
import type { Result } from '../../shared/result';

/** What the renderer may ask of its host, whichever host it is. */
export interface HostApi {
  readonly kind: 'electron' | 'web';
  call<M extends BridgeMethodName>(method: M, payload: MethodRequest<M>): Promise<Result<MethodResponse<M>>>;
  on<E extends BridgeEventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Connection to the host (always true in Electron); the web host can go away. */
  onConnectionChange(listener: (connected: boolean) => void): () => void;
}

/** Any raw transport (IPC or WebSocket) returns unknown; this is where it becomes typed, or an error. */
export function parseResult<M extends BridgeMethodName>(method: M, raw: unknown): Result<MethodResponse<M>> {
  const envelope = ResultEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, error: { code: 'INTERNAL', message: `${method}: malformed reply from host` } };
  if (!envelope.data.ok) return envelope.data;
  const value = BRIDGE_METHODS[method].response.safeParse(envelope.data.value);
  if (!value.success) {
    return { ok: false, error: { code: 'INTERNAL', message: `${method}: host reply failed validation (${value.error.issues[0]?.message})` } };
  }
  return { ok: true, value: value.data as MethodResponse<M> };
}

export function parseEvent<E extends BridgeEventName>(event: E, raw: unknown): EventPayload<E> | null {
  const parsed = BRIDGE_EVENTS[event].safeParse(raw);
  return parsed.success ? (parsed.data as EventPayload<E>) : null;
}
