import os from 'node:os';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  globalShortcut,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  session,
  shell,
  systemPreferences,
  Tray,
  type MenuItemConstructorOptions,
  type NativeImage,
} from 'electron';
import type { HostServices } from '../host/host-services';
import type { Logger } from '../host/logger';
import { DesktopPrefsStore } from './desktop-prefs';
import { DesktopShell, type TrayView } from './desktop-shell';
import { diagnosticsFileName, writeDiagnosticsBundle } from '../host/diagnostics/diagnostics-bundle';
import { applyShortcuts } from './global-shortcuts';
import type { CallNotification, CallNotificationOptions } from './incoming-call-notifier';
import { applyStartAtLogin, defaultAutostartDir } from './login-item';
import { microphoneAccess } from './media-access';
import { NetworkChangeFeed } from './network-change-feed';
import type { SecureWindowDeps } from './secure-window';
import { shellLinkOf } from './shell-link';
import type { SingleInstance } from './single-instance';
import type { TrayCommand, TrayIcon, TrayMenuItem } from './tray-menu';

/**
 * The Electron side of the desktop shell: the real Tray, Menu, Notification,
 * globalShortcut, powerMonitor, dialogs and login items behind the narrow
 * ports the tested modules take. Composition only; decisions live in
 * desktop-shell.ts and the modules it uses.
 */

const APP_ID = 'com.warmline.softphone';
const LINK_SCHEMES = ['tel', 'sip'] as const;

type Notice = (level: 'info' | 'warning' | 'error', message: string, advice: string) => void;

/** What createSecureWindow needs from Electron, with the macOS microphone consent. */
export function electronWindowDeps(notice: Notice): SecureWindowDeps<BrowserWindow> {
  return {
    BrowserWindow,
    session: session.defaultSession,
    openExternal: (url) => shell.openExternal(url),
    microphoneAccess: microphoneAccess({ platform: process.platform, systemPreferences, onDenied: (m, a) => notice('error', m, a) }),
  };
}

export type DesktopShellOptions = {
  win: BrowserWindow;
  services: HostServices;
  logger: Logger;
  dataDir: string;
  logDir: string;
  version: string;
  instance: SingleInstance;
};

export function startDesktopShell(o: DesktopShellOptions): { dispose(): void } {
  const { win, services } = o;
  const log = o.logger.child('desktop');
  const notice: Notice = (level, message, advice) => void services.notices.post(level, message, advice);
  const prefs = new DesktopPrefsStore(o.dataDir, log);
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

  const loginDeps = {
    platform: process.platform,
    setLoginItemSettings: (s: { openAtLogin: boolean; args?: string[] }) => app.setLoginItemSettings(s),
    executable: process.env.APPIMAGE ?? process.execPath,
    launchArgs: app.isPackaged ? [] : [app.getAppPath()],
    autostartDir: defaultAutostartDir(process.env, os.homedir()),
  };
  const setStartAtLogin = (enabled: boolean) => {
    try {
      applyStartAtLogin(loginDeps, enabled);
      prefs.update((p) => ({ ...p, startAtLogin: enabled }));
    } catch (e) {
      notice('error', `Start at login could not be ${enabled ? 'turned on' : 'turned off'}: ${(e as Error).message}`, 'Try again from the tray menu.');
    }
  };
  // An AppImage moved or updated since: point the login entry at where it is now.
  if (prefs.get().startAtLogin) setStartAtLogin(true);
  if (app.isPackaged) registerLinkHandlers(log);

  const link = shellLinkOf(services);
  if (!link) log.warn('the renderer link (shell.update / shell.action) is not in the host contract yet: tray and notification actions cannot reach the app');

  let quitting = false;
  const showWindow = () => {
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  const tray = createTray(log, (command) => desktop.tray(command), showWindow);
  const desktop = new DesktopShell({
    tray: tray?.view ?? null,
    window: { show: showWindow, inForeground: () => !win.isDestroyed() && win.isVisible() && !win.isMinimized() && win.isFocused() },
    notifications: {
      create: createNotification,
      supported: Notification.isSupported(),
      actionsSupported: process.platform === 'darwin' || process.platform === 'win32',
    },
    sendAction: (action) => link?.sendAction(action),
    commands: {
      quit: () => {
        quitting = true;
        app.quit();
      },
      exportDiagnostics: () => void exportDiagnostics(o, log, notice),
      startAtLogin: () => prefs.get().startAtLogin,
      setStartAtLogin,
    },
    notice,
    log,
  });
  link?.attach(desktop);
  o.instance.onActivate((a) => desktop.activate(a));

  const shortcuts = applyShortcuts(globalShortcut, prefs.get().shortcuts, (name) => desktop.shortcut(name));
  for (const p of shortcuts.problems) {
    notice('warning', `The ${p.name} shortcut is off: ${p.reason}.`, `Choose another in ${prefs.file} ("shortcuts") and restart Warmline.`);
  }

  const network = new NetworkChangeFeed({
    power: powerMonitor,
    interfaces: os.networkInterfaces,
    recheck: () => {
      log.info('network changed: reading it again now');
      void services.e911.watcher?.poll();
    },
  });

  // A softphone keeps ringing with its window closed: closing hides it (tray menu: Quit Warmline).
  app.on('before-quit', () => {
    quitting = true;
  });
  win.on('close', (event) => {
    if (!quitting && tray !== null && prefs.get().closeToTray) {
      event.preventDefault();
      win.hide();
    }
  });
  const backgrounded = () => desktop.windowBackgrounded();
  win.on('hide', backgrounded);
  win.on('minimize', backgrounded);
  win.on('blur', backgrounded);
  win.webContents.on('did-start-loading', () => desktop.rendererReset());
  win.webContents.on('render-process-gone', () => desktop.rendererReset());
  app.on('activate', showWindow); // macOS: the Dock icon

  return {
    dispose: () => {
      shortcuts.dispose();
      network.close();
      desktop.dispose();
      tray?.destroy();
    },
  };
}

function registerLinkHandlers(log: ReturnType<Logger['child']>): void {
  for (const scheme of LINK_SCHEMES) {
    if (app.isDefaultProtocolClient(scheme)) continue;
    if (!app.setAsDefaultProtocolClient(scheme)) log.warn('could not register as the link handler', { scheme });
  }
}

function createNotification(options: CallNotificationOptions): CallNotification {
  const n = new Notification(options);
  const wrapped: CallNotification = {
    show: () => n.show(),
    close: () => n.close(),
    on: (event: 'action' | 'click' | 'close', listener: ((index: number) => void) | (() => void)) => {
      if (event === 'action') n.on('action', (details, legacyIndex) => (listener as (i: number) => void)(details?.actionIndex ?? legacyIndex));
      else if (event === 'click') n.on('click', () => (listener as () => void)());
      else n.on('close', () => (listener as () => void)());
      return wrapped;
    },
  };
  return wrapped;
}

function createTray(log: ReturnType<Logger['child']>, onCommand: (c: TrayCommand) => void, show: () => void): { view: TrayView; destroy(): void } | null {
  const dir = app.isPackaged ? path.join(process.resourcesPath, 'tray') : path.join(app.getAppPath(), 'resources', 'tray');
  const images = new Map<TrayIcon, NativeImage>();
  const image = (icon: TrayIcon) => {
    let img = images.get(icon);
    if (!img) {
      img = nativeImage.createFromPath(path.join(dir, `${icon}.png`));
      images.set(icon, img);
    }
    return img;
  };
  let tray: Tray;
  try {
    tray = new Tray(image('offline'));
  } catch (e) {
    log.warn('no tray on this desktop', { error: (e as Error).message });
    return null;
  }
  tray.on('click', show);
  const toElectron = (item: TrayMenuItem): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    const command = item.command;
    return {
      type: item.type,
      label: item.label,
      enabled: item.enabled,
      ...(item.checked !== undefined ? { checked: item.checked } : {}),
      ...(command ? { click: () => onCommand(command) } : {}),
    };
  };
  return {
    view: {
      render(icon, tooltip, menu) {
        tray.setImage(image(icon));
        tray.setToolTip(tooltip);
        tray.setContextMenu(Menu.buildFromTemplate(menu.map(toElectron)));
      },
    },
    destroy: () => tray.destroy(),
  };
}

async function exportDiagnostics(o: DesktopShellOptions, log: ReturnType<Logger['child']>, notice: Notice): Promise<void> {
  const now = new Date();
  let folder: string;
  try {
    folder = app.getPath('downloads');
  } catch {
    folder = os.homedir();
  }
  const { canceled, filePath } = await dialog.showSaveDialog(o.win, {
    title: 'Export diagnostics',
    defaultPath: path.join(folder, diagnosticsFileName(now)),
    filters: [{ name: 'ZIP archive', extensions: ['zip'] }],
  });
  if (canceled || !filePath) return;
  try {
    const bundle = writeDiagnosticsBundle(
      {
        app: { version: o.version, host: 'electron', platform: process.platform, arch: process.arch, versions: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node } },
        settings: o.services.settings.get(),
        history: o.services.history.list(50),
        notices: o.services.notices.list(),
        logDir: o.logDir,
        now,
      },
      filePath,
    );
    log.info('diagnostics exported', { file: filePath, files: bundle.files.length });
    shell.showItemInFolder(filePath);
  } catch (e) {
    notice('error', `Diagnostics could not be written to ${filePath}: ${(e as Error).message}`, 'Choose another folder and try again.');
  }
}
