import { describe, expect, it } from 'vitest';
import { PO_BOX_MESSAGE, validateCivicAddress, type AddressIssue } from './civic-address';
import { ISO_3166_ALPHA2, USPS_STATES } from './codes';

const base = { country: 'US', A1: 'NY', A3: 'New York', PRD: 'W', A6: '46th', STS: 'Street', HNO: '1633', FLR: '4', PC: '10036' };
const FLOOR_RULE = 'enter the floor, room or other detail (FLR, ROOM or LOC) so responders can find the phone inside the building';

type Row = { name: string; input: unknown; issues: AddressIssue[] };
const ok = (name: string, input: unknown): Row => ({ name, input, issues: [] });

const TABLE: Row[] = [
  ok('the standards.md example', base),
  ok('ZIP+4 and a room instead of a floor', { ...base, FLR: undefined, ROOM: '4B20', PC: '10036-4321' }),
  ok('LOC alone is enough detail', { ...base, FLR: '', LOC: 'North wing, desk 12' }),
  ok('lowercase country and state are accepted', { ...base, country: 'us', A1: 'ny' }),
  ok('DC', { ...base, A1: 'DC', A3: 'Washington', PC: '20001' }),
  ok('Puerto Rico as a US state', { ...base, A1: 'PR', A3: 'San Juan', PC: '00901' }),
  ok('Guam with its own country code', { ...base, country: 'GU', A1: 'GU', A3: 'Hagatna', PC: '96910' }),
  ok('house-number suffix and long directional', { ...base, HNO: '12', HNS: '1/2', PRD: 'west', POD: 'SW' }),
  ok('"Box Elder Rd" is a street, not a PO box', { ...base, A6: 'Box Elder', STS: 'Rd' }),
  ok('Canada: no USPS rules', { country: 'CA', A1: 'Ontario', A3: 'Toronto', A6: 'King', STS: 'St', POD: 'W', HNO: '100', PC: 'M5X 1A9', ROOM: '300' }),
  ok('callback number in E.164', { ...base, callbackNumber: '+12025550123', label: 'HQ 4th floor' }),
  {
    name: 'empty object: every required field and the floor rule',
    input: {},
    issues: [
      { field: 'country', message: 'enter the country as a two-letter ISO 3166-1 code such as US' },
      { field: 'A1', message: 'enter the state' },
      { field: 'A3', message: 'enter the city' },
      { field: 'A6', message: 'enter the street name, such as Main' },
      { field: 'HNO', message: 'enter the house number' },
      { field: 'PC', message: 'enter the postal code' },
      { field: 'FLR', message: FLOOR_RULE },
    ],
  },
  { name: 'no floor, room or LOC', input: { ...base, FLR: ' ' }, issues: [{ field: 'FLR', message: FLOOR_RULE }] },
  { name: 'PO Box', input: { ...base, A6: 'PO Box 123' }, issues: [{ field: 'A6', message: PO_BOX_MESSAGE }] },
  { name: 'P.O. Box', input: { ...base, A6: 'P.O. Box 9' }, issues: [{ field: 'A6', message: PO_BOX_MESSAGE }] },
  { name: 'Post Office Box', input: { ...base, A6: 'Post Office Box 77' }, issues: [{ field: 'A6', message: PO_BOX_MESSAGE }] },
  { name: 'Box 123', input: { ...base, A6: 'Box 123' }, issues: [{ field: 'A6', message: PO_BOX_MESSAGE }] },
  { name: 'UK is not ISO', input: { ...base, country: 'UK' }, issues: [{ field: 'country', message: 'use an ISO 3166-1 country code such as US, CA or GB ("UK" is not one)' }] },
  { name: 'USA is not alpha-2', input: { ...base, country: 'USA' }, issues: [{ field: 'country', message: 'use a two-letter ISO 3166-1 country code such as US' }] },
  { name: 'state spelled out', input: { ...base, A1: 'New York' }, issues: [{ field: 'A1', message: 'use the two-letter USPS state code, such as NY, DC or PR' }] },
  { name: 'military mail code', input: { ...base, A1: 'AE' }, issues: [{ field: 'A1', message: 'use the two-letter USPS state code, such as NY, DC or PR' }] },
  { name: 'territory country with another state', input: { ...base, country: 'PR', A1: 'NY' }, issues: [{ field: 'A1', message: 'use PR as the state for an address in PR, or set the country to US' }] },
  { name: 'ZIP too short', input: { ...base, PC: '1003' }, issues: [{ field: 'PC', message: 'enter a 5-digit ZIP code or a ZIP+4 such as 12345-6789' }] },
  { name: 'ZIP as a number', input: { ...base, PC: 2134 }, issues: [{ field: 'PC', message: 'give the postal code as text so leading zeros survive, such as "02134"' }] },
  { name: 'house number with a letter', input: { ...base, HNO: '12A' }, issues: [{ field: 'HNO', message: 'enter the house number as digits only and put a suffix such as A or 1/2 in HNS' }] },
  { name: 'bad directional', input: { ...base, PRD: 'Upper' }, issues: [{ field: 'PRD', message: 'use a street direction of N, S, E, W, NE, NW, SE or SW' }] },
  { name: 'callback not E.164', input: { ...base, callbackNumber: '202-555-0123' }, issues: [{ field: 'callbackNumber', message: 'enter the callback number in E.164 form, such as +14155550100' }] },
  { name: 'city too long', input: { ...base, A3: 'x'.repeat(101) }, issues: [{ field: 'A3', message: 'shorten the city to at most 100 characters' }] },
  { name: 'not an object', input: 'Main St', issues: [{ field: '', message: 'give the address as an object of civic fields' }] },
  {
    name: 'several problems at once',
    input: { ...base, A1: 'Nowhere', A6: 'PO Box 5', PC: 'abc', FLR: undefined },
    issues: [
      { field: 'A1', message: 'use the two-letter USPS state code, such as NY, DC or PR' },
      { field: 'PC', message: 'enter a 5-digit ZIP code or a ZIP+4 such as 12345-6789' },
      { field: 'A6', message: PO_BOX_MESSAGE },
      { field: 'FLR', message: FLOOR_RULE },
    ],
  },
];

describe('validateCivicAddress', () => {
  it.each(TABLE)('$name', ({ input, issues }) => {
    const r = validateCivicAddress(input);
    if (issues.length === 0) expect(r).toMatchObject({ ok: true });
    else expect(r).toEqual({ ok: false, issues });
  });

  it('normalises what it accepts: trimmed, collapsed whitespace, upper-case codes, short directionals, no empty fields', () => {
    const r = validateCivicAddress({ ...base, country: ' us ', A1: 'ny', A3: ' New\n York ', PRD: 'West', FLR: '4', ROOM: '', extra: 'ignored' });
    expect(r).toEqual({ ok: true, address: { ...base, A3: 'New York' } });
  });

  it('strips control and bidi characters that could disguise an address', () => {
    const r = validateCivicAddress({ ...base, A6: '46th\u202E\u0007' });
    expect(r.ok && r.address.A6).toBe('46th');
  });

  it('every message is one plain sentence: lower-case start, no full stop, no line break', () => {
    for (const { input } of TABLE) {
      const r = validateCivicAddress(input);
      for (const i of r.ok ? [] : r.issues) expect(i.message).toMatch(/^[a-z][^\n]*[^.]$/);
    }
  });

  it('code lists are complete', () => {
    expect(ISO_3166_ALPHA2.size).toBe(249);
    expect(USPS_STATES.size).toBe(56);
  });
});
