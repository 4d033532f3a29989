import type { EmergencyNumber } from '../contract/e911';

/**
 * Emergency numbers by country, as data: what an admin starts from. 933 is
 * the US address test line (it reads back the address the network has for
 * the caller): dialled like 911, audited, but it alerts nobody.
 */
export const DEFAULT_EMERGENCY_NUMBERS: readonly EmergencyNumber[] = [
  { number: '911', country: 'US', test: false },
  { number: '933', country: 'US', test: true },
  { number: '911', country: 'CA', test: false },
  { number: '999', country: 'GB', test: false },
  { number: '112', country: 'GB', test: false },
  { number: '112', country: 'IE', test: false },
  { number: '999', country: 'IE', test: false },
  { number: '112', country: 'DE', test: false },
  { number: '112', country: 'FR', test: false },
  { number: '112', country: 'ES', test: false },
  { number: '112', country: 'IT', test: false },
  { number: '112', country: 'NL', test: false },
  { number: '000', country: 'AU', test: false },
  { number: '112', country: 'AU', test: false },
  { number: '111', country: 'NZ', test: false },
];

export type EmergencyDial = { number: string; test: boolean };

/**
 * Is what the agent typed an emergency number in `country`? Read as typed:
 * no dial prefix, no E.164 rewriting (911 is not +1 911), spaces and dashes
 * ignored. A number listed for another country does not count: 112 dialled
 * from a US desk is not routed as an emergency by a US PBX either.
 */
export function emergencyDial(input: string, numbers: readonly EmergencyNumber[], country: string): EmergencyDial | null {
  const digits = input.replace(/[\s\-().]/g, '');
  if (!/^[0-9]{2,6}$/.test(digits)) return null;
  const hit = numbers.find((n) => n.number === digits && n.country === country);
  return hit ? { number: hit.number, test: hit.test } : null;
}

/** Expand the admin's route template for one provider: {number} and {domain}. */
export function emergencyRouteUri(template: string, number: string, domain: string): string | null {
  const t = template.trim() === '' ? DEFAULT_ROUTE_TEMPLATE : template.trim();
  const uri = t.replaceAll('{number}', number).replaceAll('{domain}', domain);
  return /^sips?:[^@\s<>]+@[^@\s<>]+$/i.test(uri) ? uri : null;
}

export const DEFAULT_ROUTE_TEMPLATE = 'sip:{number}@{domain}';
