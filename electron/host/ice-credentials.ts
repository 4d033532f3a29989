import crypto from 'node:crypto';
import type { IceServer } from '../../shared/settings/account';
import type { Settings } from '../../shared/settings/schema';
import type { SecretVault } from './vault';

/**
 * STUN/TURN credentials live in the vault like every other secret: keyed by
 * account and by the server's URLs and user name, so a server saved again
 * without its password (the form never shows it back) keeps the stored one,
 * and a changed user name does not inherit another user's password.
 */
export function iceCredentialKey(accountId: string, server: Pick<IceServer, 'urls' | 'username'>): string {
  const urls = Array.isArray(server.urls) ? server.urls : [server.urls];
  const digest = crypto.createHash('sha256').update(JSON.stringify([urls, server.username ?? ''])).digest('hex').slice(0, 20);
  return `account:${accountId}:ice:${digest}`;
}

/** Settings as they may be written: each credential moved to the vault, view-only markers dropped. */
export function sealIceCredentials(vault: SecretVault, s: Settings): Settings {
  let changed = false;
  const accounts = s.accounts.map((a) => {
    if (a.kind !== 'sip' || !a.iceServers.some((x) => x.credential !== undefined || x.hasCredential !== undefined)) return a;
    changed = true;
    const iceServers = a.iceServers.map(({ credential, hasCredential: _shown, ...server }) => {
      if (credential !== undefined && credential !== '') vault.set(iceCredentialKey(a.id, server), credential);
      return server;
    });
    return { ...a, iceServers };
  });
  return changed ? { ...s, accounts } : s;
}

/** For settings.get: the servers without secrets, marked where a credential is stored. */
export function showIceServers(vault: SecretVault, accountId: string, servers: readonly IceServer[]): IceServer[] {
  return servers.map(({ credential: _never, ...server }) => (vault.has(iceCredentialKey(accountId, server)) ? { ...server, hasCredential: true } : server));
}

/** For accounts.credentials only: the servers as the phone needs them, credentials filled in from the vault. */
export function withIceCredentials(vault: SecretVault, accountId: string, servers: readonly IceServer[]): IceServer[] {
  return servers.map(({ hasCredential: _shown, credential: _stale, ...server }) => {
    const credential = vault.get(iceCredentialKey(accountId, server));
    return credential === null ? server : { ...server, credential };
  });
}
