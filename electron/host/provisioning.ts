import fs from 'node:fs';
import { accountIdFor, SipAccountSchema, type SipAccount } from '../../shared/settings/account';
import { ProvisioningSchema } from '../../shared/settings/provisioning';
import type { HostServices } from './host-services';
import { storeHubTokens } from './hub/hub-tokens';

export type ProvisioningResult = { ok: true; accounts: number } | { ok: false; reason: string };

/**
 * Read the admin's `--config FILE` and apply it over the stored settings.
 * Accounts are matched by id (derived from the AOR when absent), so applying
 * the same file at every start is idempotent.
 */
export function applyProvisioningFile(file: string, host: HostServices): ProvisioningResult {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return { ok: false, reason: `cannot read ${file}: ${(e as Error).message}` };
  }
  const parsed = ProvisioningSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: describeIssue(file, parsed.error.issues[0]) };
  const doc = parsed.data;

  const accounts: { account: SipAccount; password?: string }[] = [];
  for (const [i, a] of (doc.accounts ?? []).entries()) {
    const { password, ...rest } = a;
    const account = SipAccountSchema.safeParse({ ...rest, id: rest.id ?? accountIdFor(rest.uri) });
    if (!account.success) return { ok: false, reason: describeIssue(file, account.error.issues[0], `accounts.${i}`) };
    accounts.push(password === undefined ? { account: account.data } : { account: account.data, password });
  }

  const template = doc.contextServer?.urlTemplate;
  if (template != null && !template.includes('{id}')) {
    return { ok: false, reason: `${file}: contextServer.urlTemplate must contain {id}` };
  }
  host.applyProvisioning(accounts, doc.contextServer?.bearerToken, (s) => {
    const ids = new Set(accounts.map((a) => a.account.id));
    return {
      ...s,
      profile: { ...s.profile, ...onlyGiven(doc.profile, raw, 'profile') },
      preferences: { ...s.preferences, ...onlyGiven(doc.preferences, raw, 'preferences') },
      accounts: [...accounts.map((a) => a.account), ...s.accounts.filter((a) => !ids.has(a.id))],
      contextServer: template === undefined ? s.contextServer : { urlTemplate: template },
      monitor: { ...s.monitor, ...doc.monitor },
    };
  });
  // The file is authoritative for the hub's tokens: it replaces what was stored (to revoke all, give empty lists).
  if (doc.hub) storeHubTokens(host.vault, doc.hub);
  // Subscriber tokens are also supervisor credentials at sign-in (roles.ts); the admin token is kept beside them.
  if (doc.adminToken !== undefined) host.setAdminToken(doc.adminToken);
  return { ok: true, accounts: accounts.length };
}

/**
 * The keys of a parsed section that the file itself gave: zod's .partial()
 * still fills defaults in, and a file saying only `"profile": {"role": "supervisor"}`
 * must not blank the stored name.
 */
function onlyGiven<T extends object>(parsed: T | undefined, raw: unknown, section: string): Partial<T> {
  if (!parsed) return {};
  const given = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[section] : undefined;
  if (!given || typeof given !== 'object') return {};
  const keys = new Set(Object.keys(given));
  return Object.fromEntries(Object.entries(parsed).filter(([k]) => keys.has(k))) as Partial<T>;
}

function describeIssue(file: string, issue: { path: PropertyKey[]; message: string } | undefined, prefix = ''): string {
  const where = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  return `${file}: ${where || 'document'} ${issue?.message ?? 'is invalid'}`;
}
