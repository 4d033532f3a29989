import { SETTINGS_VERSION, SettingsSchema, type Settings } from './schema';
import { accountIdFor } from './account';

/**
 * Settings files written by older versions are upgraded step by step, each step
 * a pure function from version N to N+1. Unknown future versions are refused,
 * never downgraded, so a newer file is not silently rewritten by an older app.
 */
type Migration = (input: Record<string, unknown>) => Record<string, unknown>;

const MIGRATIONS: Record<number, Migration> = {
  // v1 had a single `account` and a top-level `defaultCountry`.
  1: (v1) => {
    const { account, defaultCountry, ...rest } = v1;
    const accounts: unknown[] = [];
    if (account && typeof account === 'object') {
      const a = account as Record<string, unknown>;
      accounts.push({ ...a, id: typeof a.uri === 'string' ? accountIdFor(a.uri) : 'account-1' });
    }
    const preferences =
      typeof rest.preferences === 'object' && rest.preferences !== null ? rest.preferences : {};
    return {
      ...rest,
      version: 2,
      accounts,
      preferences: { ...(preferences as object), ...(defaultCountry ? { defaultCountry } : {}) },
    };
  },
};

export type MigrationOutcome =
  | { ok: true; settings: Settings; migratedFrom: number | null }
  | { ok: false; reason: string };

export function migrateSettings(raw: unknown): MigrationOutcome {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: 'the file is not a JSON object' };
  }
  let doc = raw as Record<string, unknown>;
  const start = doc.version;
  if (typeof start !== 'number' || !Number.isInteger(start) || start < 1) {
    return { ok: false, reason: 'the "version" field is missing or not a positive integer' };
  }
  if (start > SETTINGS_VERSION) {
    return { ok: false, reason: `version ${start} was written by a newer Warmline (this one reads up to ${SETTINGS_VERSION})` };
  }
  for (let v = start; v < SETTINGS_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) return { ok: false, reason: `no migration from version ${v}` };
    doc = step(doc);
  }
  const parsed = SettingsSchema.safeParse(doc);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, reason: `${first?.path.join('.') || 'settings'}: ${first?.message ?? 'invalid'}` };
  }
  return { ok: true, settings: parsed.data, migratedFrom: start === SETTINGS_VERSION ? null : start };
}
