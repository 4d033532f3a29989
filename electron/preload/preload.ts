import { contextBridge, ipcRenderer } from 'electron';
import {
  BRIDGE_METHOD_NAMES,
  IPC_EVENT_PREFIX,
  IPC_METHOD_PREFIX,
  isBridgeEvent,
  type BridgeEventName,
} from '../../shared/contract/names';

/**
 * One function per bridge method (never a generic send), and event listeners
 * that never see the raw IPC event. Payloads are validated in the main process.
 */
const methods = Object.fromEntries(
  BRIDGE_METHOD_NAMES.map((name) => [name, (payload: unknown) => ipcRenderer.invoke(IPC_METHOD_PREFIX + name, payload)]),
);

function on(event: BridgeEventName, listener: (payload: unknown) => void): () => void {
  if (!isBridgeEvent(event)) throw new Error(`unknown host event ${String(event)}`);
  const channel = IPC_EVENT_PREFIX + event;
  const wrapped = (_e: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

contextBridge.exposeInMainWorld('warmlineHost', Object.freeze({ ...methods, on }));
