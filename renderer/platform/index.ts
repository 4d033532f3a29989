import type { ElectronBridge } from '../../shared/contract/names';
import { createElectronHost } from './electron-host';
import type { HostApi } from './host-api';
import { createWebHost } from './web-host';

declare global {
  interface Window {
    warmlineHost?: ElectronBridge;
  }
}

/** Choose the host adapter once, at start (Electron preload present, or the web host). */
export function prepareHost(): HostApi {
  if (window.warmlineHost) return createElectronHost(window.warmlineHost);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return createWebHost(`${scheme}://${location.host}/bridge`);
}

export type { HostApi };
