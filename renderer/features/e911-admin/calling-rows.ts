import type { AlertTargetView, EmergencyNumber, FieldIssue } from '../../../shared/contract/e911';
import type { ConfigPatch } from '../../controllers/e911-controller';

/** An alert target as edited: the token is write-only, typed anew or removed, never shown. */
export type TargetRow = { id: string; name: string; url: string; hasToken: boolean; token: string; removeToken: boolean };

export const targetRowFrom = (t: AlertTargetView): TargetRow => ({ ...t, token: '', removeToken: false });

/** Numbers, route, default callback and targets as one saveConfig request; '' callback clears it. */
export function callingPatch(numbers: EmergencyNumber[], route: string, callback: string, targets: TargetRow[]): ConfigPatch {
  return {
    numbers: numbers.map((n) => ({ ...n, number: n.number.trim(), country: n.country.trim().toUpperCase() })),
    routeTemplate: route.trim(),
    defaultCallbackNumber: callback.trim() === '' ? null : callback.trim(),
    alertTargets: targets.map((t) => ({
      id: t.id,
      name: t.name.trim(),
      url: t.url.trim(),
      // absent keeps the stored token, null removes it, a string replaces it
      ...(t.token !== '' ? { token: t.token } : t.removeToken ? { token: null } : {}),
    })),
  };
}

export const issuesAt = (issues: readonly FieldIssue[], prefix: string): FieldIssue[] =>
  issues.filter((i) => i.field === prefix || i.field.startsWith(`${prefix}.`) || i.field.startsWith(`${prefix}[`));
