import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { app, dialog } from 'electron';
import { createLogger } from '../host/logger';
import { HostServices } from '../host/host-services';
import { bridgeEvents, watchTransferRequests } from '../host/hub/bridge-events';
import { FeedAccess, watchFeedEvents, withFeedEvents } from '../host/hub/feed-access';
import { createHub } from '../host/hub/hub';
import { loadHubTokens } from '../host/hub/hub-tokens';
import { startHubListener } from '../host/hub/hub-listener';
import { LAB_PLATFORM_ID, LabService } from '../host/lab/lab-service';
import { applyProvisioningFile } from '../host/provisioning';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { registerIpc } from './ipc';
import { createSafeStorageCipher } from './safe-storage-cipher';
import { createSecureWindow } from './secure-window';

declare const __WARMLINE_VERSION__: string;


// Before ready: every renderer sandboxed, our scheme privileged, ringing allowed without a click.
app.enableSandbox();
registerAppScheme();
app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');

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
  const hubLog = logger.child('hub');
  const tokens = loadHubTokens(services.vault, hubLog, services.notices);
  const labToken = randomBytes(24).toString('base64url');
  const hub = createHub({
    dbFile: path.join(dataDir, 'hub', 'feed.sqlite'),
    platforms: [...tokens.platforms.filter((p) => p.id !== LAB_PLATFORM_ID), { id: LAB_PLATFORM_ID, token: labToken }],
    subscriberTokens: tokens.subscriberTokens,
    log: hubLog,
    notices: services.notices,
  });
  const transfers = watchTransferRequests(hub, hubLog);
  // The supervisor console's feed: its methods and feed.event are refused to an agent (host/roles.ts).
  services.feed = new FeedAccess(hub);
  const feedEvents = watchFeedEvents(hub, hubLog);
  const listener = await startHubListener(hub);
  const lab = new LabService({
    host: { settings: () => services.settings.get(), applyProvisioning: (a, t, patch) => services.applyProvisioning(a, t, patch) },
    ingestUrl: () => `${listener.url}/feed/v1/events`,
    ingestToken: labToken,
    // Packaged: electron-builder's extraResources copies resources/lab next to the app.
    resourcesDir: app.isPackaged ? path.join(process.resourcesPath, 'lab') : path.join(app.getAppPath(), 'resources', 'lab'),
    log: logger,
  });
  services.lab = lab;
  app.on('will-quit', () => {
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
  const win = createSecureWindow(__dirname);
  registerIpc(services, win, withFeedEvents(bridgeEvents(services, transfers), feedEvents));
  await win.loadURL(`${APP_ORIGIN}/index.html`);
  log.info('window loaded', { version: __WARMLINE_VERSION__ });
}

app.on('window-all-closed', () => app.quit());
void start();
