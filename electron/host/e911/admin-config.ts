import type { z } from 'zod';
import type { E911_METHODS, FieldIssue } from '../../../shared/contract/e911';
import { isAllowedContextUrl } from '../../../shared/context/context-url';
import { emergencyRouteUri } from '../../../shared/e911/emergency-numbers';
import { checkNetworkMappings } from '../../../shared/e911/network-mapping';
import type { E911Config } from './config-store';

export type SaveConfigRequest = z.output<(typeof E911_METHODS)['e911.saveConfig']['request']>;

/** A vault change for one alert target: set its token, or delete it. */
export type TokenChange = { id: string; token: string | null };

export type ConfigChange =
  | { ok: true; next: E911Config; tokens: TokenChange[]; changed: string[] }
  | { ok: false; issues: FieldIssue[] };

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * Check an admin's e911.saveConfig against the current setup. Pure: every
 * problem at once, each saying what to do; the caller writes the file and
 * the vault only when there are none.
 */
export function checkConfigChange(current: E911Config, req: SaveConfigRequest): ConfigChange {
  const issues: FieldIssue[] = [];
  const next: E911Config = structuredClone(current);
  const changed: string[] = [];
  const tokens: TokenChange[] = [];

  if (req.mappings !== undefined) {
    changed.push('mappings');
    next.mappings = req.mappings;
    issues.push(...checkNetworkMappings(req.mappings).map((i) => ({ field: `mappings.${i.field}`, message: i.message })));
    const ids = new Set(current.locations.map((l) => l.id));
    const lists = [['subnets', req.mappings.subnets], ['gatewayMacs', req.mappings.gatewayMacs], ['bssids', req.mappings.bssids]] as const;
    for (const [name, list] of lists) {
      list.forEach((m, i) => {
        if (!ids.has(m.locationId)) {
          issues.push({ field: `mappings.${name}[${i}].locationId`, message: `add the location "${m.locationId}" first, or point this mapping at a registered location` });
        }
      });
    }
  }

  if (req.numbers !== undefined) {
    changed.push('numbers');
    next.numbers = req.numbers;
    const seen = new Set<string>();
    req.numbers.forEach((n, i) => {
      const key = `${n.number}/${n.country}`;
      if (seen.has(key)) issues.push({ field: `numbers[${i}]`, message: `remove the duplicate: ${n.number} for ${n.country} is already listed` });
      seen.add(key);
    });
    // With no real emergency number the dialer would treat 911 as an ordinary call: refused, not saved.
    if (!req.numbers.some((n) => !n.test)) issues.push({ field: 'numbers', message: 'keep at least one emergency number that is not a test number, such as 911 for US' });
  }

  if (req.routeTemplate !== undefined) {
    changed.push('routeTemplate');
    const t = req.routeTemplate.trim();
    next.routeTemplate = t;
    if (t !== '' && emergencyRouteUri(t, '911', 'example.com') === null) {
      issues.push({ field: 'routeTemplate', message: 'use a SIP URI template such as sip:{number}@{domain}, or leave it empty for that default' });
    }
  }

  if (req.defaultCallbackNumber !== undefined) {
    changed.push('defaultCallbackNumber');
    const n = req.defaultCallbackNumber?.trim() ?? '';
    next.defaultCallbackNumber = n === '' ? null : n;
    if (n !== '' && !E164.test(n)) issues.push({ field: 'defaultCallbackNumber', message: 'enter the callback number in E.164 form, such as +14155550100, or leave it empty' });
  }

  if (req.alertTargets !== undefined) {
    changed.push('alertTargets');
    const seen = new Set<string>();
    req.alertTargets.forEach((t, i) => {
      if (seen.has(t.id)) issues.push({ field: `alertTargets[${i}].id`, message: `use a different id: "${t.id}" is already used by another alert target` });
      seen.add(t.id);
      const url = alertUrlProblem(t.url);
      if (url !== null) issues.push({ field: `alertTargets[${i}].url`, message: url });
      // A string sets the token, null (or an emptied field) removes it, absent keeps it.
      if (t.token === null || t.token === '') tokens.push({ id: t.id, token: null });
      else if (t.token !== undefined) tokens.push({ id: t.id, token: t.token });
    });
    for (const old of current.alertTargets) if (!seen.has(old.id)) tokens.push({ id: old.id, token: null });
    next.alertTargets = req.alertTargets.map((t) => ({ id: t.id, name: t.name, url: t.url }));
  }

  return issues.length > 0 ? { ok: false, issues } : { ok: true, next, tokens, changed };
}

/** Alerts carry the caller's location: https, or plain http only to this computer (a hub on the same machine). */
export function alertUrlProblem(url: string): string | null {
  const r = isAllowedContextUrl(url);
  return r.ok ? null : `use an https:// URL for the alert target: ${r.reason}`;
}
