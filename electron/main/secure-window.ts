import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/contract/csp';
import { isAppUrl } from './app-origin';
import { decidePermissionCheck, decidePermissionRequest, isAudioOnly, type PermissionCheckDetails, type PermissionRequestDetails } from './permissions';

/** What the factory uses of a BrowserWindow (tests construct fakes of it). */
export type SecureWindowLike = {
  readonly webContents: {
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
    on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (details: { url: string; preventDefault(): void }) => void): unknown;
    on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  };
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
};

type HeadersDetails = { url: string; responseHeaders?: Record<string, string[]> };

/** What the factory uses of the window's session. */
export type SecureSessionLike = {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionRequestDetails) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string, requestingOrigin: string, details: PermissionCheckDetails) => boolean): void;
  /** WebHID, Web Serial, WebUSB: none of them. */
  setDevicePermissionHandler(handler: () => boolean): void;
  readonly webRequest: {
    onHeadersReceived(listener: (details: HeadersDetails, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void): void;
  };
};

export type SecureWindowDeps<W extends SecureWindowLike> = {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W;
  session: SecureSessionLike;
  openExternal(url: string): Promise<void>;
  /** macOS: the system's microphone consent, asked before Chromium grants getUserMedia (media-access.ts). */
  microphoneAccess?: () => Promise<boolean>;
};

export type SecureWindowOptions = {
  /** Folder of preload.cjs (the bundled preload). */
  preloadDir: string;
  /** false: start hidden in the tray (launched at login with --hidden). */
  show: boolean;
};

/**
 * The only place webPreferences are written (style rule 10). Every line of
 * hardening here is asserted by secure-window.test.ts.
 */
export function secureWebPreferences(preloadDir: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: path.join(preloadDir, 'preload.cjs'),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    enableWebSQL: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // A minimized or hidden window must keep its SIP keep-alives and still ring.
    backgroundThrottling: false,
    autoplayPolicy: 'no-user-gesture-required',
    spellcheck: false,
  };
}

/**
 * Sandboxed, isolated, no Node in the page, the CSP on every response of our
 * origin, navigation and popups denied (https/mailto links open in the
 * browser), and only our own page may use the microphone and notifications.
 */
export function createSecureWindow<W extends SecureWindowLike>(deps: SecureWindowDeps<W>, opts: SecureWindowOptions): W {
  const ses = deps.session;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    if (!decidePermissionRequest(permission, details)) return callback(false);
    if (permission === 'media' && isAudioOnly(details.mediaTypes) && deps.microphoneAccess) {
      deps.microphoneAccess().then(callback, () => callback(false));
      return;
    }
    callback(true);
  });
  ses.setPermissionCheckHandler((_wc, permission, origin, details) => decidePermissionCheck(permission, origin, details));
  ses.setDevicePermissionHandler(() => false);
  // app-protocol.ts sends the same header; this also covers anything served to our origin another way.
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url)) return callback({});
    callback({ responseHeaders: withCsp(details.responseHeaders ?? {}) });
  });

  const win = new deps.BrowserWindow({
    width: 1180,
    height: 780,
    minWidth: 720,
    minHeight: 520,
    title: 'Warmline',
    show: false,
    webPreferences: secureWebPreferences(opts.preloadDir),
  });
  win.once('ready-to-show', () => {
    if (opts.show) win.show();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternal(url)) void deps.openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
  const stayInApp = (details: { url: string; preventDefault(): void }) => {
    if (isAppUrl(details.url)) return;
    details.preventDefault();
    if (isSafeExternal(details.url)) void deps.openExternal(details.url).catch(() => undefined);
  };
  win.webContents.on('will-navigate', stayInApp);
  win.webContents.on('will-frame-navigate', (details) => {
    if (!isAppUrl(details.url)) details.preventDefault();
  });
  win.webContents.on('will-redirect', (details) => {
    if (!isAppUrl(details.url)) details.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  return win;
}

/** Replace whatever CSP a response carried (any letter case) with ours. */
export function withCsp(headers: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

/** Only web pages and mail links leave the app, to the user's browser or mail client; never file:, javascript:, custom schemes. */
export function isSafeExternal(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' && u.username === '' && u.password === '') || u.protocol === 'mailto:';
  } catch {
    return false;
  }
}
