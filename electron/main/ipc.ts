import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { BRIDGE_EVENT_NAMES, BRIDGE_METHOD_NAMES, IPC_EVENT_PREFIX, IPC_METHOD_PREFIX } from '../../shared/contract/names';
import { err } from '../../shared/result';
import type { HostServices } from '../host/host-services';
import type { BridgeEventSource } from '../host/hub/bridge-events';
import { gateEvents } from '../host/roles';
import { isTrustedSender } from './sender-check';

/**
 * Every bridge method as an ipcMain handler that checks the sender frame, then
 * the role and the payload in dispatch(); events pass the role gate.
 */
export function registerIpc(services: HostServices, win: BrowserWindow, source: BridgeEventSource = services): () => void {
  const events = gateEvents(source, () => services.role());
  for (const name of BRIDGE_METHOD_NAMES) {
    ipcMain.handle(IPC_METHOD_PREFIX + name, (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event, win.webContents)) {
        return err('INVALID_REQUEST', 'request from an untrusted frame refused');
      }
      return services.dispatch(name, payload);
    });
  }
  const unsubscribe = BRIDGE_EVENT_NAMES.map((event) =>
    events.on(event, (payload) => {
      if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_PREFIX + event, payload);
    }),
  );
  return () => {
    for (const name of BRIDGE_METHOD_NAMES) ipcMain.removeHandler(IPC_METHOD_PREFIX + name);
    unsubscribe.forEach((u) => u());
  };
}
