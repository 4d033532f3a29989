import { HubProvisioningSchema, type HubProvisioning } from '../../../shared/settings/provisioning';
import type { ScopedLogger } from '../logger';
import type { NoticeBoard } from '../notices';
import type { SecretVault } from '../vault';

/**
 * The hub's platforms and tokens live in the vault as one sealed entry (like
 * account passwords and the context bearer token), never in settings.json.
 * The provisioning file writes it at every start; the hub reads it when it is
 * constructed, so changed tokens apply at the next start.
 */
export const HUB_VAULT_KEY = 'hub:tokens';

export function storeHubTokens(vault: SecretVault, hub: HubProvisioning): void {
  vault.set(HUB_VAULT_KEY, JSON.stringify(HubProvisioningSchema.parse(hub)));
}

/** What was stored, or no tokens at all (every request is then refused with 401) when nothing usable is there. */
export function loadHubTokens(vault: SecretVault, log: ScopedLogger, notices?: Pick<NoticeBoard, 'post'>): HubProvisioning {
  const none: HubProvisioning = { platforms: [], subscriberTokens: [] };
  let text: string | null;
  try {
    text = vault.get(HUB_VAULT_KEY);
  } catch (e) {
    log.error('hub tokens cannot be read from the vault', { error: (e as Error).message });
    notices?.post('error', 'The session feed tokens could not be read from the vault, so the feed refuses every request.', 'Check the key file, then restart with the provisioning file that sets "hub".');
    return none;
  }
  if (text === null) return none;
  try {
    return HubProvisioningSchema.parse(JSON.parse(text));
  } catch {
    log.error('hub tokens in the vault are unreadable; the feed refuses every request');
    notices?.post('error', 'The stored session feed tokens are damaged, so the feed refuses every request.', 'Restart with the provisioning file that sets "hub" to store them again.');
    return none;
  }
}
