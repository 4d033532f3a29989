import type { ElectronBridge } from '../../shared/contract/names';
import { parseEvent, parseResult, type HostApi } from './host-api';

/** The Electron preload's `window.warmlineHost`: one function per method. */
export function createElectronHost(bridge: ElectronBridge): HostApi {
  return {
    kind: 'electron',
    async call(method, payload) {
      try {
        return parseResult(method, await bridge[method](payload));
      } catch (e) {
        return { ok: false, error: { code: 'INTERNAL', message: `${method}: ${(e as Error).message}` } };
      }
    },
    on(event, listener) {
      return bridge.on(event, (raw) => {
        const payload = parseEvent(event, raw);
        if (payload) listener(payload);
      });
    },
    onConnectionChange(listener) {
      listener(true);
      return () => undefined;
    },
  };
}
