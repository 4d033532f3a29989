import path from 'node:path';
import type { EmergencyAlert, E911Status } from '../../../shared/contract/e911';
import type { CivicAddress } from '../../../shared/e911/civic-address';
import type { NetworkSnapshot } from '../../../shared/e911/network-mapping';
import { SipAccountSchema, type Account, type SipAccount } from '../../../shared/settings/account';
import { memoryLogger } from '../../test-support/temp-dir';
import { NoticeBoard } from '../notices';
import { createKeyFileCipher, SecretVault } from '../vault';
import { E911Service, type E911ServiceOptions } from './e911-service';

/** Test data and a service on real temp folders, shared by this folder's tests. */

export const HQ: CivicAddress = {
  country: 'US', A1: 'NY', A3: 'New York', PRD: 'W', A6: '46th', STS: 'Street', HNO: '1633', FLR: '4', ROOM: '4B20', PC: '10036', label: 'HQ 4th floor',
};
export const ANNEX: CivicAddress = { country: 'US', A1: 'NY', A3: 'New York', A6: 'Broadway', HNO: '1500', FLR: '2', PC: '10036', callbackNumber: '+12125550142' };
export const HOME = { country: 'US', A1: 'NJ', A3: 'Hoboken', A6: 'Washington', STS: 'St', HNO: '12', LOC: 'Apartment 3', PC: '07030' };

export const OFFICE_NET: NetworkSnapshot = { interfaces: [{ name: 'eth0', cidrs: ['10.20.4.17/24'] }], gatewayMac: '00:1a:2b:3c:4d:5e', bssid: null };
export const HOME_NET: NetworkSnapshot = { interfaces: [{ name: 'wlan0', cidrs: ['192.168.1.23/24'] }], gatewayMac: 'aa:bb:cc:00:11:22', bssid: null };

export const account = (id: string, uri: string): SipAccount =>
  SipAccountSchema.parse({ id, server: 'wss://pbx.example.com/ws', uri, authorizationUsername: id });

export const ACCOUNTS = [account('main', 'sip:alice@pbx.example.com'), account('backup', 'sip:+12125550100@sbc.carrier.net')];

export type Harness = {
  service: E911Service;
  dataDir: string;
  vault: SecretVault;
  notices: NoticeBoard;
  lines: ReturnType<typeof memoryLogger>['lines'];
  changed: E911Status[];
  announced: EmergencyAlert[];
  profile: { name: string; role: 'agent' | 'supervisor' | 'admin' };
  accounts: Account[];
  /** The same data folder, as after a restart. */
  reopen(): Harness;
};

export function makeHarness(tempDir: () => string, extra: Partial<E911ServiceOptions> = {}, dirs?: { dataDir: string; keyDir: string }): Harness {
  const dataDir = dirs?.dataDir ?? tempDir();
  const keyDir = dirs?.keyDir ?? tempDir();
  const { logger, lines } = memoryLogger();
  const vault = new SecretVault(dataDir, createKeyFileCipher(path.join(keyDir, 'k')));
  const notices = new NoticeBoard();
  const changed: E911Status[] = [];
  const announced: EmergencyAlert[] = [];
  const h: Harness = {
    dataDir,
    vault,
    notices,
    lines,
    changed,
    announced,
    profile: { name: 'Alice', role: 'admin' },
    accounts: [...ACCOUNTS],
    service: null as unknown as E911Service,
    reopen: () => makeHarness(tempDir, extra, { dataDir, keyDir }),
  };
  h.service = new E911Service({
    dataDir,
    notices,
    vault,
    log: logger.child('e911'),
    profile: () => h.profile,
    accounts: () => h.accounts,
    emitChanged: (s) => changed.push(s),
    announce: (a) => announced.push(a),
    alertTimeoutMs: 500,
    alertRetryDelaysMs: [10, 20],
    ...extra,
  });
  return h;
}
