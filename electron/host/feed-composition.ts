import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { HostServices } from './host-services';
import { watchTransferRequests } from './hub/bridge-events';
import { FeedAccess, watchFeedEvents } from './hub/feed-access';
import { createHub } from './hub/hub';
import { loadHubTokens } from './hub/hub-tokens';
import { LAB_PLATFORM_ID, LabService } from './lab/lab-service';
import type { Logger } from './logger';

/**
 * The session feed hub and the Lab, put together the same way in both hosts
 * (Electron and the web host); only where the hub listens and where the Lab's
 * files are differ, and those come in as arguments.
 */
export function composeFeedHub(services: HostServices, logger: Logger, dataDir: string) {
  // With no tokens provisioned the hub refuses every request (401).
  const hubLog = logger.child('hub');
  const tokens = loadHubTokens(services.vault, hubLog, services.notices);
  // The Lab's simulated AI platform posts to the hub like any outside platform, with its own
  // token, made fresh at every start and never stored.
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
  // An emergency alert POSTed by an agent's host (docs/feed-format.md §10): stored by the hub, then
  // announced once as e911.emergency to this host's supervisor renderers (a retry is not announced again).
  const stopAlerts = hub.onAlert((alert) => services.announceEmergency(alert));
  return { hub, labToken, transfers, feedEvents, stopAlerts };
}

/** The Lab, attached to the host's services so `lab.start` / `lab.status` reach it. */
export function composeLab(services: HostServices, o: { ingestUrl: () => string; labToken: string; resourcesDir: string; logger: Logger }): LabService {
  const lab = new LabService({
    host: { settings: () => services.settings.get(), applyProvisioning: (a, t, patch) => services.applyProvisioning(a, t, patch) },
    ingestUrl: o.ingestUrl,
    ingestToken: o.labToken,
    resourcesDir: o.resourcesDir,
    log: o.logger,
  });
  services.lab = lab;
  return lab;
}
