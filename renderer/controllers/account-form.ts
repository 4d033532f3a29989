import type { z } from 'zod';
import type { Account } from '../../shared/settings/account';
import { saveAccount } from './call-actions';

export type AccountFormOutcome = { ok: true } | { ok: false; errors: Record<string, string>; saveError: string | null };

/**
 * What both account forms (SIP, Twilio) do on submit once they have built
 * the account: field errors from the schema, a secret required unless one is
 * stored, then save through the host (which keeps the secret in its vault).
 */
export async function submitAccountForm(
  parsed: z.ZodSafeParseResult<Account>,
  secret: string,
  o: { hasStoredSecret: boolean; secretMissing: string },
): Promise<AccountFormOutcome> {
  if (!parsed.success) {
    return { ok: false, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])), saveError: null };
  }
  if (!o.hasStoredSecret && !secret) return { ok: false, errors: { password: o.secretMissing }, saveError: null };
  const r = await saveAccount(parsed.data, secret || undefined);
  return r.ok ? { ok: true } : { ok: false, errors: {}, saveError: r.reason };
}
