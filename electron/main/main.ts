import path from 'node:path';
import { app, dialog } from 'electron';
import { createLogger } from '../host/logger';
import { HostServices } from '../host/host-services';
import { bridgeEvents } from '../host/hub/bridge-events';
import { composeFeedHub, composeLab } from '../host/feed-composition';
import { withFeedEvents } from '../host/hub/feed-access';
import { startHubListener } from '../host/hub/hub-listener';
import { applyProvisioningFile } from '../host/provisioning';
import { OsNetworkReader } from '../host/e911/network-reader';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { registerIpc } from './ipc';
import { createSafeStorageCipher } from './safe-storage-cipher';
import { createSecureWindow } from './secure-window';
import { electronWindowDeps, startDesktopShell } from './electron-shell';
import { parseLaunchArgs } from './launch-args';
import { claimSingleInstance } from './single-instance';

declare const __WARMLINE_VERSION__: string;


// Before ready: every renderer sandboxed, our scheme privileged, ringing allowed without a click.
app.enableSandbox();
registerAppScheme();
app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');
// Also before ready: the profile folder (--data-dir), then one Warmline per profile; a second
// start hands its tel:/sip: link to the first and quits.
const launch = parseLaunchArgs(process.argv, process.cwd());
if (launch.dataDir) app.setPath('userData', launch.dataDir);
const instance = claimSingleInstance(app, process.argv);
if (!instance.primary) app.quit();

function configArg(argv: string[]): string | null {
  const i = argv.indexOf('--config');
  return i >= 0 ? (argv[i + 1] ?? null) : null;
}

async function start(): Promise<void> {
  await app.whenReady();
  const dataDir = app.getPath('userData');
  const logger = createLogger({ dir: path.join(dataDir, 'logs') });
  const log = logger.child('main');
  let services: HostServices;
  try {
    services = new HostServices({
      kind: 'electron',
      version: __WARMLINE_VERSION__,
      dataDir,
      cipher: createSafeStorageCipher(),
      logger,
      networkReader: new OsNetworkReader(),
    });
  } catch (e) {
    log.error('host services failed to start', { error: (e as Error).message });
    dialog.showErrorBox('Warmline cannot start', `${(e as Error).message}\n\nSee the log in ${path.join(dataDir, 'logs')}.`);
    app.exit(1);
    return;
  }
  const config = configArg(process.argv);
  if (config) {
    const applied = applyProvisioningFile(path.resolve(config), services);
    if (!applied.ok) services.notices.post('error', `Provisioning file rejected: ${applied.reason}`, 'Fix the file and restart Warmline.');
  }
  // The session feed hub, as in the web host (no network listener here yet): transfers it stores reach the renderer.
  const { hub, labToken, transfers, feedEvents } = composeFeedHub(services, logger, dataDir);
  const listener = await startHubListener(hub);
  const lab = composeLab(services, {
    ingestUrl: () => `${listener.url}/feed/v1/events`,
    labToken,
    // Packaged: electron-builder's extraResources copies resources/lab next to the app.
    resourcesDir: app.isPackaged ? path.join(process.resourcesPath, 'lab') : path.join(app.getAppPath(), 'resources', 'lab'),
    logger,
  });
  app.on('will-quit', () => {
    services.close();
    transfers.close();
    feedEvents.close();
    void lab.stop().finally(() => {
      hub.close();
      void listener.close();
    });
  });
  if (lab.shouldStartAtLaunch({ lab: process.argv.includes('--lab'), labIfUnconfigured: process.argv.includes('--lab-if-unconfigured') })) {
    void lab.start();
  }
  serveRenderer(path.join(__dirname, '..', 'renderer'));
  const notice = (level: 'info' | 'warning' | 'error', message: string, advice: string) => void services.notices.post(level, message, advice);
  const win = createSecureWindow(electronWindowDeps(notice), { preloadDir: __dirname, show: !launch.hidden });
  registerIpc(services, win, withFeedEvents(bridgeEvents(services, transfers), feedEvents));
  // Tray, incoming-call notifications, global shortcuts, tel:/sip: links, start at login, network changes for E911.
  const desktop = startDesktopShell({ win, services, logger, dataDir, logDir: path.join(dataDir, 'logs'), version: __WARMLINE_VERSION__, instance });
  app.on('will-quit', () => desktop.dispose());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
  log.info('window loaded', { version: __WARMLINE_VERSION__ });
}

app.on('window-all-closed', () => app.quit());
if (instance.primary) void start();
