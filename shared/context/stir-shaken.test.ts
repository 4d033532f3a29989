import { describe, expect, it } from 'vitest';
import { encodeBase64Url, encodeUtf8 } from './carriers';
import { describeAttestation, readCallerAttestation, type CallerAttestation } from './stir-shaken';

const b64 = (o: unknown) => encodeBase64Url(encodeUtf8(JSON.stringify(o)));
const HEADER = { alg: 'ES256', ppt: 'shaken', typ: 'passport', x5u: 'https://cert.example.org/cert.pem' };
const identity = (claims: unknown, head: unknown = HEADER, params = ';info=<https://cert.example.org/cert.pem>;alg=ES256;ppt=shaken') =>
  `${b64(head)}.${b64(claims)}.c2lnbmF0dXJl${params}`;
const claims = (attest: string, tn = '14155550100') => ({ attest, dest: { tn: ['12155551212'] }, iat: 1714572187, orig: { tn }, origid: '123e4567-e89b-12d3-a456-426655440000' });
const read = (h: Partial<{ from: string | null; pAssertedIdentity: string[]; identity: string[] }>) =>
  readCallerAttestation({ from: null, pAssertedIdentity: [], identity: [], ...h });

describe('readCallerAttestation: verstat', () => {
  it.each([
    ['<sip:+14155550100@carrier.example;user=phone;verstat=TN-Validation-Passed>;tag=1', 'TN-Validation-Passed', null],
    ['"Dana" <sip:+16313841232;verstat=TN-Validation-Passed@msg.pc.t-mobile.com>;tag=9', 'TN-Validation-Passed', null],
    ['<sip:+18889809750@sip.telnyx.com;verstat=TN-Validation-Passed-B>', 'TN-Validation-Passed', 'B'],
    ['<sip:+18889809750@sip.telnyx.com;verstat=tn-validation-passed-c>', 'TN-Validation-Passed', 'C'],
    ['<sip:+14155550100@c.example;verstat=TN-Validation-Failed>', 'TN-Validation-Failed', null],
    ['<tel:+14155550100;verstat=No-TN-Validation>', 'No-TN-Validation', null],
    ['<sip:+14155550100@c.example>', null, null],
  ])('From %s', (from, verstat, attestation) => {
    const r = read({ from });
    expect([r.verstat, r.attestation, r.issues]).toEqual([verstat, attestation, []]);
  });

  it('P-Asserted-Identity wins over From', () => {
    const r = read({ from: '<sip:+1@a;verstat=TN-Validation-Failed>', pAssertedIdentity: ['<sip:+1@a;verstat=TN-Validation-Passed>'] });
    expect(r.verstat).toBe('TN-Validation-Passed');
  });

  it('reads the second entry of a PAI list', () => {
    expect(read({ pAssertedIdentity: ['<sip:+1@a;user=phone>, <tel:+14155550100;verstat=TN-Validation-Passed>'] }).verstat).toBe('TN-Validation-Passed');
  });

  it('verstat as a header parameter outside <> is not a URI parameter', () => {
    expect(read({ from: '<sip:+1@a>;verstat=TN-Validation-Passed' }).verstat).toBeNull();
  });

  it('an unknown verstat is reported and ignored', () => {
    const r = read({ from: '<sip:+1@a;verstat=Trust-Me>' });
    expect(r.verstat).toBeNull();
    expect(r.issues).toEqual(['unknown verstat value "Trust-Me"']);
  });
});

describe('readCallerAttestation: Identity (never verified)', () => {
  it('reads attest and orig.tn from the PASSporT', () => {
    const r = read({ identity: [identity(claims('A'))] });
    expect(r).toEqual({ verstat: null, attestation: 'A', origTn: '14155550100', issues: [] });
  });

  it('tolerates folding whitespace and skips non-shaken PASSporTs', () => {
    const div = identity(claims('A'), { ...HEADER, ppt: 'div' }, ';info=<https://x>;ppt=div');
    const shaken = identity(claims('B'));
    const folded = `${shaken.slice(0, 20)}\r\n ${shaken.slice(20)}`;
    expect(read({ identity: [div, folded] }).attestation).toBe('B');
  });

  it.each([
    ['not three parts', 'abc.def;ppt=shaken', 'Identity header is not header.payload.signature'],
    ['compact form', `${b64(HEADER)}..sig;ppt=shaken`, 'Identity header uses the compact form (no claims to show)'],
    ['bad payload', `${b64(HEADER)}.!!!.sig`, 'Identity PASSporT payload is not base64url JSON'],
    ['bad attest', identity(claims('Z')), 'Identity PASSporT has no valid attest (A, B or C)'],
    ['bad orig', identity(claims('A', '<script>')), 'Identity PASSporT orig.tn is not a telephone number'],
    ['too long', 'a'.repeat(9000), 'Identity header longer than 8192 characters; not read'],
  ])('%s is reported', (_, header, issue) => {
    expect(read({ identity: [header] }).issues).toEqual([issue]);
  });

  it('verstat suffix and PASSporT disagree: the weaker wins', () => {
    const r = read({ from: '<sip:+1@a;verstat=TN-Validation-Passed-C>', identity: [identity(claims('A'))] });
    expect(r.attestation).toBe('C');
    expect(r.issues[0]).toMatch(/showing C/);
  });
});

describe('describeAttestation', () => {
  const a = (verstat: CallerAttestation['verstat'], attestation: CallerAttestation['attestation']): CallerAttestation => ({ verstat, attestation, origTn: null, issues: [] });
  const disclaimer = "Warmline displays the carrier's verdict; it does not verify signatures itself.";

  it.each([
    [a('TN-Validation-Passed', 'A'), 'Verified caller ID (A)', 'good'],
    [a('TN-Validation-Passed', null), 'Verified caller ID', 'good'],
    [a('TN-Validation-Passed', 'B'), 'Partially verified caller ID (B)', 'none'],
    [a('TN-Validation-Passed', 'C'), 'Gateway caller ID (C)', 'none'],
    [a('TN-Validation-Failed', 'A'), 'Caller ID not verified', 'bad'],
    [a('TN-Validation-Failed', null), 'Caller ID not verified', 'bad'],
    [a(null, 'A'), 'Unverified claim (A)', 'none'],
    [a('No-TN-Validation', 'B'), 'Unverified claim (B)', 'none'],
    [a('No-TN-Validation', null), 'Caller ID not checked', 'none'],
    [a(null, null), 'Caller ID not checked', 'none'],
  ])('%j', (att, label, tone) => {
    const d = describeAttestation(att);
    expect([d.label, d.tone]).toEqual([label, tone]);
    expect(d.detail.endsWith(disclaimer)).toBe(true);
  });

  it('the A detail says what A means', () => {
    expect(describeAttestation(a('TN-Validation-Passed', 'A')).detail).toMatch(/^The carrier verified this number \(attestation A: full/);
  });

  it('an unknown verdict at run time is shown as none, not thrown', () => {
    const d = describeAttestation({ verstat: 'Bogus' as unknown as null, attestation: null, origTn: null, issues: [] });
    expect(d.tone).toBe('none');
  });
});
