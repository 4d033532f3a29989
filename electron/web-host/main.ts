import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../host/logger';
import { HostServices } from '../host/host-services';
import { bridgeEvents } from '../host/hub/bridge-events';
import { composeFeedHub, composeLab } from '../host/feed-composition';
import { withFeedEvents } from '../host/hub/feed-access';
import { applyProvisioningFile } from '../host/provisioning';
import { createKeyFileCipher } from '../host/vault';
import { FileNetworkReader, OsNetworkReader } from '../host/e911/network-reader';
import { exportUrl, startWebHost } from './server';
import { parseWebHostArgs, WEB_HOST_USAGE } from './args';

declare const __WARMLINE_VERSION__: string;

async function main(): Promise<void> {
  const parsed = parseWebHostArgs(process.argv.slice(2), {
    dataDir: path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'warmline-web'),
    keyFile: path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'warmline', 'web-host.key'),
  });
  if (!parsed.ok) {
    console.error(`warmline web host: ${parsed.reason}\n\n${WEB_HOST_USAGE}`);
    process.exit(2);
  }
  if (parsed.args.help) {
    console.log(WEB_HOST_USAGE);
    return;
  }
  const args = parsed.args;
  const dataDir = path.resolve(args.dataDir);
  const keyFile = path.resolve(args.keyFile);
  if (keyFile.startsWith(dataDir + path.sep)) {
    console.error('warmline web host: --key-file must be outside --data-dir, or a copied data folder carries its own key.');
    process.exit(2);
  }
  const logger = createLogger({ dir: path.join(dataDir, 'logs') });
  const log = logger.child('web-host');
  const services = new HostServices({
    kind: 'web',
    version: __WARMLINE_VERSION__,
    dataDir,
    cipher: createKeyFileCipher(keyFile),
    logger,
    // --network-file stands in for the OS (e2e tests move the machine by rewriting it).
    networkReader: args.networkFile ? new FileNetworkReader(path.resolve(args.networkFile), logger.child('e911')) : new OsNetworkReader(),
    networkPollMs: args.networkPollMs,
    // Finished CDR exports are fetched from this server (GET /exports/<id>), not from a path on the host.
    exportUrl,
  });
  if (args.config) {
    const applied = applyProvisioningFile(path.resolve(args.config), services);
    if (!applied.ok) {
      log.error('provisioning file rejected', { reason: applied.reason });
      console.error(`warmline web host: provisioning file rejected: ${applied.reason}`);
      process.exit(2);
    }
    log.info('provisioning applied', { accounts: applied.accounts });
  }
  // The session feed hub always runs, on the app's own port.
  const { hub, labToken, transfers, feedEvents } = composeFeedHub(services, logger, dataDir);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const server = await startWebHost({
    port: args.port,
    rendererDir: path.resolve(here, '..', 'renderer'),
    services,
    log,
    hub,
    events: withFeedEvents(bridgeEvents(services, transfers), feedEvents),
  });
  const lab = composeLab(services, {
    ingestUrl: () => `${server.url}/feed/v1/events`,
    labToken,
    resourcesDir: path.resolve(here, '..', '..', 'resources', 'lab'),
    logger,
  });
  console.log(`Warmline web host listening on ${server.url}`);
  // The Lab is the embedded default: started by --lab, and again at every start while the agent sits on it.
  if (lab.shouldStartAtLaunch(args)) {
    const status = await lab.start();
    console.log(status.state === 'running' ? `Warmline Lab: ${status.detail}` : `Warmline Lab failed: ${status.detail}`);
  }
  const stop = () => {
    services.close();
    transfers.close();
    feedEvents.close();
    void lab
      .stop()
      .finally(() => hub.close())
      .then(() => server.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`warmline web host failed to start: ${(e as Error).message}`);
  process.exit(1);
});
