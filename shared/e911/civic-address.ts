import { z } from 'zod';
import { cleanText } from '../context/transfer-context';
import { ISO_3166_ALPHA2, USPS_COUNTRIES, USPS_DIRECTIONALS, USPS_STATES } from './codes';

/**
 * A dispatchable location in RFC 5139 civic element names (standards.md 3.1),
 * US first. Admins type these in, import them from CSV, and users confirm
 * them after a network change, so every path reads them from `unknown` here.
 */

/**
 * Length limits, as data. Far above real addresses, small enough that one
 * field fits a line on a dispatcher's screen and a bad import cannot carry a
 * novel into the 911 INVITE.
 */
export const CIVIC_LIMITS = {
  A1: 100,
  A2: 100,
  A3: 100,
  A6: 100,
  directional: 10,
  STS: 30,
  HNO: 10,
  HNS: 15,
  LOC: 200,
  FLR: 20,
  ROOM: 40,
  BLD: 100,
  NAM: 100,
  PC: 20,
  label: 100,
} as const;

const L = CIVIC_LIMITS;
const E164 = /^\+[1-9]\d{1,14}$/;
// RFC 5139: HNO is the numeric part only; letters and fractions go to HNS.
const HOUSE_NUMBER = /^\d+$/;
const ZIP = /^\d{5}(?:-\d{4})?$/;
/**
 * "PO Box 12", "P.O. Box", "P O Box", "Post Office Box", "Box 123". "Box"
 * alone needs a number after it so "Box Elder Rd" and "Boxwood Ln" pass.
 */
const PO_BOX = /\bp\s*\.?\s*o\s*\.?\s*box\b|\bpost\s+office\s+box\b|\bbox\s*#?\s*\d/i;
export const PO_BOX_MESSAGE = 'a PO box is not a dispatchable location: give the street address where the phone is';

const text = (max: number, what: string) =>
  z.string().max(max, { error: `shorten the ${what} to at most ${max} characters` });

/** The documented shape; the type is inferred from it. US-only rules live in usIssues below. */
export const CivicAddressSchema = z.object({
  country: z.string().regex(/^[A-Z]{2}$/, { error: 'use a two-letter ISO 3166-1 country code such as US' }),
  A1: text(L.A1, 'state').min(1),
  A2: text(L.A2, 'county').optional(),
  A3: text(L.A3, 'city').min(1),
  PRD: text(L.directional, 'leading street direction').optional(),
  A6: text(L.A6, 'street name').min(1),
  STS: text(L.STS, 'street suffix').optional(),
  POD: text(L.directional, 'trailing street direction').optional(),
  HNO: text(L.HNO, 'house number').regex(HOUSE_NUMBER, {
    error: 'enter the house number as digits only and put a suffix such as A or 1/2 in HNS',
  }),
  HNS: text(L.HNS, 'house number suffix').optional(),
  LOC: text(L.LOC, 'additional location').optional(),
  FLR: text(L.FLR, 'floor').optional(),
  ROOM: text(L.ROOM, 'room').optional(),
  BLD: text(L.BLD, 'building').optional(),
  NAM: text(L.NAM, 'name').optional(),
  PC: text(L.PC, 'postal code').min(1),
  label: text(L.label, 'label').optional(),
  callbackNumber: z
    .string()
    .regex(E164, { error: 'enter the callback number in E.164 form, such as +14155550100' })
    .optional(),
});

export type CivicAddress = z.infer<typeof CivicAddressSchema>;
export type CivicField = keyof CivicAddress;
export type AddressIssue = { field: CivicField | ''; message: string };
export type AddressValidation = { ok: true; address: CivicAddress } | { ok: false; issues: AddressIssue[] };

export const CIVIC_FIELDS = Object.keys(CivicAddressSchema.shape) as CivicField[];

/** What to say when a required field is empty: the generic "too small" would not tell anyone what to type. */
const MISSING: Partial<Record<CivicField, string>> = {
  country: 'enter the country as a two-letter ISO 3166-1 code such as US',
  A1: 'enter the state',
  A3: 'enter the city',
  A6: 'enter the street name, such as Main',
  HNO: 'enter the house number',
  PC: 'enter the postal code',
};

const NAMES: Record<CivicField, string> = {
  country: 'country', A1: 'state', A2: 'county', A3: 'city', PRD: 'leading street direction', A6: 'street name',
  STS: 'street suffix', POD: 'trailing street direction', HNO: 'house number', HNS: 'house number suffix',
  LOC: 'additional location', FLR: 'floor', ROOM: 'room', BLD: 'building', NAM: 'name', PC: 'postal code',
  label: 'label', callbackNumber: 'callback number',
};

/**
 * Validate a civic address from anything. Never throws. Every field is read
 * on its own so the admin sees every problem at once, not one per save.
 * Empty strings count as absent (CSV cells, cleared form inputs).
 */
export function validateCivicAddress(raw: unknown): AddressValidation {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, issues: [{ field: '', message: 'give the address as an object of civic fields' }] };
  }
  const issues: AddressIssue[] = [];
  const out: Record<string, string> = {};
  const shape = CivicAddressSchema.shape;
  for (const field of CIVIC_FIELDS) {
    const value = normalise(field, Object.prototype.hasOwnProperty.call(raw, field) ? (raw as Record<string, unknown>)[field] : undefined);
    const required = !(shape[field] instanceof z.ZodOptional);
    if (value === undefined) {
      if (required) issues.push({ field, message: MISSING[field] ?? `enter the ${NAMES[field]}` });
      continue;
    }
    if (typeof value !== 'string') {
      issues.push({ field, message: notText(field) });
      continue;
    }
    const r = shape[field].safeParse(value);
    if (r.success && r.data !== undefined) out[field] = r.data;
    else if (!r.success) issues.push({ field, message: r.error.issues[0]?.message ?? `check the ${NAMES[field]}` });
  }
  issues.push(...crossFieldIssues(out, issues));
  if (issues.length > 0) return { ok: false, issues };
  // Every field above passed its own schema, so this cannot fail; it hands out a typed value without a cast.
  const typed = CivicAddressSchema.safeParse(out);
  return typed.success ? { ok: true, address: typed.data } : { ok: false, issues: [{ field: '', message: 'check the address fields' }] };
}

/** Trim, strip control and bidi characters, collapse runs of whitespace (a quoted CSV cell may hold a newline). */
function normalise(field: CivicField, v: unknown): unknown {
  if (typeof v !== 'string') return v ?? undefined;
  const s = cleanText(v).replace(/\s+/g, ' ').trim();
  if (s === '') return undefined;
  return field === 'country' ? s.toUpperCase() : s;
}

function notText(field: CivicField): string {
  // A ZIP read as a number has already lost its leading zero (02134 -> 2134).
  if (field === 'PC') return 'give the postal code as text so leading zeros survive, such as "02134"';
  return `give the ${NAMES[field]} as text`;
}

/** Rules that need more than one field, or the country. Fields that already failed are not judged twice. */
function crossFieldIssues(a: Record<string, string>, prior: AddressIssue[]): AddressIssue[] {
  const issues: AddressIssue[] = [];
  const failed = new Set(prior.map((i) => i.field));
  const country = a['country'];
  if (country !== undefined && !ISO_3166_ALPHA2.has(country)) {
    issues.push({ field: 'country', message: `use an ISO 3166-1 country code such as US, CA or GB ("${country}" is not one)` });
  }
  if (country !== undefined && USPS_COUNTRIES.has(country)) issues.push(...usIssues(a, country));

  const street = a['A6'];
  if (street !== undefined && PO_BOX.test(street)) issues.push({ field: 'A6', message: PO_BOX_MESSAGE });

  // RAY BAUM'S Act §506 and 47 CFR 9.3: a dispatchable location is the street
  // address *plus* the floor, suite, room or similar detail responders need
  // to find the caller, so one of FLR, ROOM or LOC is required.
  const detail = ['FLR', 'ROOM', 'LOC'] as const;
  if (detail.every((f) => a[f] === undefined && !failed.has(f))) {
    issues.push({ field: 'FLR', message: 'enter the floor, room or other detail (FLR, ROOM or LOC) so responders can find the phone inside the building' });
  }
  return issues;
}

/** USPS rules: state code from the list, ZIP or ZIP+4, Publication 28 directionals (normalised in place). */
function usIssues(a: Record<string, string>, country: string): AddressIssue[] {
  const issues: AddressIssue[] = [];
  const state = a['A1'];
  if (state !== undefined) {
    const code = state.toUpperCase();
    if (!USPS_STATES.has(code)) issues.push({ field: 'A1', message: 'use the two-letter USPS state code, such as NY, DC or PR' });
    else if (country !== 'US' && code !== country) issues.push({ field: 'A1', message: `use ${country} as the state for an address in ${country}, or set the country to US` });
    else a['A1'] = code;
  }
  const pc = a['PC'];
  if (pc !== undefined && !ZIP.test(pc)) issues.push({ field: 'PC', message: 'enter a 5-digit ZIP code or a ZIP+4 such as 12345-6789' });
  for (const field of ['PRD', 'POD'] as const) {
    const dir = a[field];
    if (dir === undefined) continue;
    const short = USPS_DIRECTIONALS[dir.toUpperCase().replace(/\./g, '')];
    if (short === undefined) issues.push({ field, message: 'use a street direction of N, S, E, W, NE, NW, SE or SW' });
    else a[field] = short;
  }
  return issues;
}
