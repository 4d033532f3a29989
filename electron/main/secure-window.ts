import { BrowserWindow, session, shell } from 'electron';
import path from 'node:path';
import { APP_ORIGIN } from './app-protocol';

const ALLOWED_PERMISSIONS = new Set(['media', 'notifications', 'speaker-selection']);

/**
 * The only place webPreferences are written (style rule 10): sandboxed,
 * isolated, no Node in the page, navigation and popups denied, and only the
 * app's own origin may use the microphone and notifications.
 */
export function createSecureWindow(preloadDir: string): BrowserWindow {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((wc, permission, callback, details) => {
    const fromApp = details.requestingUrl.startsWith(APP_ORIGIN + '/');
    const audioOnly = permission !== 'media' || !(details as { mediaTypes?: string[] }).mediaTypes?.includes('video');
    callback(fromApp && ALLOWED_PERMISSIONS.has(permission) && audioOnly);
  });
  ses.setPermissionCheckHandler((_wc, permission, origin) => origin === APP_ORIGIN && ALLOWED_PERMISSIONS.has(permission));

  const win = new BrowserWindow({
    width: 1180,
    height: 780,
    minWidth: 720,
    minHeight: 520,
    title: 'Warmline',
    show: false,
    webPreferences: {
      preload: path.join(preloadDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      // A minimized or hidden window must keep its SIP keep-alives and still ring.
      backgroundThrottling: false,
      autoplayPolicy: 'no-user-gesture-required',
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== APP_ORIGIN) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  return win;
}

function isSafeExternal(url: string): boolean {
  try {
    return ['https:', 'mailto:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}
