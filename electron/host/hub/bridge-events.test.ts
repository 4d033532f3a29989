import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedTransferRequestedSchema } from '../../../shared/contract/bridge';
import { sessionEvents } from '../../../shared/feed/test-support/feed-examples';
import { memoryLogger, useTempDirs } from '../../test-support/temp-dir';
import { HostServices } from '../host-services';
import { createKeyFileCipher } from '../vault';
import { bridgeEvents, watchTransferRequests } from './bridge-events';
import { createHub } from './hub';

const tempDir = useTempDirs();

describe('feed.transferRequested', () => {
  it('is emitted once per transfer.requested stored after the host started watching, with the bridge payload', () => {
    const { logger } = memoryLogger();
    const hub = createHub({ dbFile: path.join(tempDir(), 'feed.sqlite'), platforms: [], subscriberTokens: [], log: logger.child('hub') });
    hub.ingest('lab', sessionEvents('old')); // before the watcher: not re-announced
    const services = new HostServices({ kind: 'web', version: 't', dataDir: tempDir(), cipher: createKeyFileCipher(path.join(tempDir(), 'k')), logger });
    const transfers = watchTransferRequests(hub, logger.child('hub'));
    const events = bridgeEvents(services, transfers);
    const got: unknown[] = [];
    const off = events.on('feed.transferRequested', (p) => got.push(p));
    hub.ingest('lab', sessionEvents('s-1'));
    hub.ingest('lab', sessionEvents('s-1')); // a replay is a duplicate: not announced again
    expect(got).toEqual([
      {
        sessionId: 's-1',
        targetAgent: 'sip:alice@lab.warmline.test',
        context: { version: 'warmline.context/1', sessionId: 's-1', caller: { name: 'Dana Reyes', number: '+14155550100', verified: true }, intent: 'Dispute a charge', summary: 'Caller disputes a $42.00 charge.' },
        reason: 'Refunds over $25 need a human',
        at: '2026-03-02T14:03:12.000Z',
      },
    ]);
    expect(FeedTransferRequestedSchema.safeParse(got[0]).success).toBe(true);
    off();
    hub.ingest('lab', sessionEvents('s-2'));
    expect(got).toHaveLength(1);
    transfers.close();
    hub.close();
  });

  it('leaves the services\' own events to the services', () => {
    const { logger } = memoryLogger();
    const hub = createHub({ dbFile: path.join(tempDir(), 'feed.sqlite'), platforms: [], subscriberTokens: [], log: logger.child('hub') });
    const services = new HostServices({ kind: 'web', version: 't', dataDir: tempDir(), cipher: createKeyFileCipher(path.join(tempDir(), 'k')), logger });
    const notices: unknown[] = [];
    bridgeEvents(services, watchTransferRequests(hub, logger.child('hub'))).on('host.notice', (n) => notices.push(n));
    services.notices.post('info', 'hello');
    expect(notices).toHaveLength(1);
    hub.close();
  });
});
