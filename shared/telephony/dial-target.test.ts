import { describe, expect, it } from 'vitest';
import { domainOf, parseDialInput } from './dial-target';

const ctx = { defaultCountry: 'US', domain: 'pbx.example.com' };
const dial = (s: string, c = ctx) => parseDialInput(s, c);

describe('parseDialInput: numbers become E.164', () => {
  it.each([
    ['(415) 555-2671', '+14155552671'],
    ['415.555.2671', '+14155552671'],
    ['1 415 555 2671', '+14155552671'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['  +44 20 7946 0958 ', '+442079460958'],
    ['+33 1 42 68 53 00', '+33142685300'],
  ])('%s -> %s', (input, e164) => {
    const r = dial(input);
    expect(r.ok).toBe(true);
    if (r.ok && r.target.kind === 'number') {
      expect(r.target.e164).toBe(e164);
      expect(r.target.uri).toBe(`sip:${e164}@pbx.example.com;user=phone`);
    } else throw new Error(`expected a number, got ${JSON.stringify(r)}`);
  });

  it('reads national numbers with the default country', () => {
    const r = dial('020 7946 0958', { ...ctx, defaultCountry: 'GB' });
    expect(r.ok && r.target.kind === 'number' && r.target.e164).toBe('+442079460958');
  });

  it('refuses a national number when no default country is known', () => {
    const r = dial('020 7946 0958', { ...ctx, defaultCountry: '' });
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/country code/) });
  });
});

describe('parseDialInput: rejects with a reason', () => {
  it.each([
    ['', /Enter a number/],
    ['   ', /Enter a number/],
    ['+1 555', /too short|not a valid|wrong number/],
    ['+1 415 555 26719999999', /too long|not a valid/],
    ['+1 (415) 555-267', /not a valid|too short|wrong number/],
    ['415#555', /cannot have: #/],
    ['1+415', /"\+" may only appear once, at the start/],
    ['++14155552671', /"\+" may only appear once/],
    ['+999 1234 5678', /country code|not a phone number|not a valid/],
    ['sip:@pbx', /not a valid SIP address/],
    ['bob@', /not a valid SIP address/],
    ['x'.repeat(300), /too long/],
  ])('%j', (input, reason) => {
    const r = dial(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('parseDialInput: extensions, short codes and SIP addresses', () => {
  it('dials short digit strings as extensions on the account domain', () => {
    expect(dial('1001')).toEqual({
      ok: true,
      target: { kind: 'extension', extension: '1001', uri: 'sip:1001@pbx.example.com', display: '1001' },
    });
  });
  it('never blocks emergency short codes', () => {
    for (const code of ['911', '112', '999']) {
      const r = dial(code);
      expect(r.ok && r.target.uri).toBe(`sip:${code}@pbx.example.com`);
    }
  });
  it('dials a bare user name on the account domain', () => {
    expect(dial('bob')).toMatchObject({ ok: true, target: { kind: 'sip', uri: 'sip:bob@pbx.example.com' } });
  });
  it('accepts full and scheme-less SIP URIs', () => {
    expect(dial('sip:carol@other.example:5080;transport=ws')).toMatchObject({ ok: true, target: { kind: 'sip' } });
    expect(dial('carol@other.example')).toMatchObject({ ok: true, target: { uri: 'sip:carol@other.example' } });
  });
  it('finds the domain of an AOR', () => {
    expect(domainOf('sip:alice@warmline.test')).toBe('warmline.test');
    expect(domainOf('sip:alice@warmline.test;transport=ws')).toBe('warmline.test');
  });
});
