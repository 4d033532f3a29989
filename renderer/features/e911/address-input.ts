import type { FieldIssue } from '../../../shared/contract/e911';
import type { CivicAddress, CivicField } from '../../../shared/e911/civic-address';
import type { AddressInput } from '../../controllers/e911-controller';

/** The inputs of every address form, in the order people fill them in, with their exact labels. */
export const ADDRESS_FORM_FIELDS: readonly (readonly [CivicField, string])[] = [
  ['country', 'Country'],
  ['A1', 'State'],
  ['A3', 'City'],
  ['HNO', 'House number'],
  ['A6', 'Street name'],
  ['STS', 'Street suffix'],
  ['FLR', 'Floor'],
  ['ROOM', 'Room'],
  ['BLD', 'Building'],
  ['PC', 'Postal code'],
  ['LOC', 'Additional location'],
  ['callbackNumber', 'Callback number'],
];

/** Names for issues about fields the forms do not show (an imported location's county, say). */
const OTHER_LABELS: Record<string, string> = {
  id: 'Location id',
  label: 'Label',
  A2: 'County',
  PRD: 'Street direction',
  POD: 'Trailing street direction',
  HNS: 'House number suffix',
  NAM: 'Name',
};
const LABELS = new Map<string, string>([...ADDRESS_FORM_FIELDS, ...Object.entries(OTHER_LABELS)]);

export function fieldLabel(field: string): string {
  return LABELS.get(field) ?? field;
}

export const emptyAddressInput = (): AddressInput => ({ country: 'US' });

/** An address into the form, keeping fields the form does not show so saving does not drop them. */
export function addressInputFrom(a: CivicAddress): AddressInput {
  return Object.fromEntries(Object.entries(a).filter((e): e is [string, string] => typeof e[1] === 'string')) as AddressInput;
}

export const issuesOf = (issues: readonly FieldIssue[], field: string): FieldIssue[] => issues.filter((i) => i.field === field);
