import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CivicAddress } from './civic-address';
import { CIVIC_ORDER, UNCONFIRMED_NOTE, buildEmergencyBody, buildPidfLo, escapeXml, type EmergencyBody } from './pidf-lo';

const address: CivicAddress = {
  country: 'US', A1: 'NY', A2: 'New York', A3: 'New York', PRD: 'W', A6: '46th', STS: 'Street', POD: 'SW',
  HNO: '1633', HNS: 'A', LOC: 'North wing', FLR: '4', NAM: 'Warmline Inc', PC: '10036', BLD: 'Tower 2', ROOM: '4B20',
  label: 'not sent', callbackNumber: '+12025550123',
};
const input = { address, entity: 'sip:+12025550123@example.com', timestamp: '2026-01-15T14:03:22Z', method: 'Manual' as const, id: 'loc1' };

/** Civic element names in document order, read with a regex: shared/ has no XML parser. */
const civicOrder = (xml: string) => [...xml.matchAll(/<ca:([A-Za-z0-9]+)>/g)].map((m) => m[1]);
const civic = (xml: string, el: string) => new RegExp(`<ca:${el}>([^<]*)</ca:${el}>`).exec(xml)?.[1];

/** A tiny well-formedness check: tags balance and no raw & or < survives in text. */
function balanced(xml: string): boolean {
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>/, '');
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)([^>]*?)(\/?)>/g)) {
    if (m[4] === '/') continue;
    if (m[1] === '/') {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2] ?? '');
  }
  const text = body.replace(/<[^>]*>/g, '');
  return stack.length === 0 && !/&(?!(amp|lt|gt|quot|apos);)/.test(text) && !text.includes('<');
}

describe('buildPidfLo', () => {
  const xml = buildPidfLo(input);

  it('nests RFC 4119 presence/tuple/status/geopriv with location-info, usage-rules, method, then the tuple timestamp', () => {
    const skeleton = [...xml.matchAll(/<(\/?)(presence|tuple|status|gp:geopriv|gp:location-info|ca:civicAddress|gp:usage-rules|gp:method|timestamp)[\s>]/g)].map((m) => m[1] + (m[2] ?? ''));
    expect(skeleton).toEqual([
      'presence', 'tuple', 'status', 'gp:geopriv', 'gp:location-info', 'ca:civicAddress', '/ca:civicAddress', '/gp:location-info',
      'gp:usage-rules', '/gp:usage-rules', 'gp:method', '/gp:method', '/gp:geopriv', '/status', 'timestamp', '/timestamp', '/tuple', '/presence',
    ]);
    expect(xml).toContain('xmlns="urn:ietf:params:xml:ns:pidf"');
    expect(xml).toContain('xmlns:ca="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr"');
    expect(xml).toContain('entity="sip:+12025550123@example.com"');
    expect(xml).toContain('<tuple id="loc1">');
    expect(xml).toContain('<gp:method>Manual</gp:method>');
    expect(xml).toContain('<timestamp>2026-01-15T14:03:22Z</timestamp>');
    expect(xml).toMatch(/<bp:retransmission-allowed>false<\/bp:retransmission-allowed>\s*<bp:retention-expiry>2026-01-16T14:03:22.000Z<\/bp:retention-expiry>/);
    expect(balanced(xml)).toBe(true);
  });

  it('writes civic elements in RFC 5139 sequence order, the street as RD, and no label or callback', () => {
    expect(civicOrder(xml)).toEqual(['country', 'A1', 'A2', 'A3', 'PRD', 'RD', 'STS', 'POD', 'HNO', 'HNS', 'LOC', 'FLR', 'NAM', 'PC', 'BLD', 'ROOM']);
    expect(civic(xml, 'RD')).toBe('46th');
    expect(xml).not.toContain('<ca:A6>');
    expect(xml).not.toMatch(/not sent|\+12025550123<\/ca/);
  });

  it('keeps the schema order for any subset of fields', () => {
    const keys = ['A2', 'PRD', 'STS', 'POD', 'HNS', 'LOC', 'FLR', 'NAM', 'BLD', 'ROOM'] as const;
    fc.assert(
      fc.property(fc.subarray([...keys]), (present) => {
        const a: CivicAddress = { country: 'US', A1: 'NY', A3: 'X', A6: 'Main', HNO: '1', PC: '10001' };
        for (const k of present) a[k] = 'v';
        const order = civicOrder(buildPidfLo({ ...input, address: a })).map((el) => CIVIC_ORDER.indexOf(el as (typeof CIVIC_ORDER)[number]));
        expect(order.every((v, i) => v >= 0 && (i === 0 || v > (order[i - 1] ?? -1)))).toBe(true);
      }),
    );
  });

  it('escapes &, <, >, " and \' in text and attributes, and drops characters XML cannot carry', () => {
    const nasty = buildPidfLo({ ...input, entity: 'sip:a"b\'c@x', id: '9 bad id', address: { ...address, NAM: `Smith & Sons <"O'Neil"> \u0001` } });
    expect(civic(nasty, 'NAM')).toBe('Smith &amp; Sons &lt;&quot;O&apos;Neil&quot;&gt; ');
    expect(nasty).toContain('entity="sip:a&quot;b&apos;c@x"');
    expect(nasty).toContain('<tuple id="loc-9_bad_id">');
    expect(balanced(nasty)).toBe(true);
    expect(escapeXml('a\uD800b\uD83D\uDE00')).toBe('ab\uD83D\uDE00');
  });

  it('stays well formed for any text in any field', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), (s, e) => {
        expect(balanced(buildPidfLo({ ...input, entity: e, address: { ...address, LOC: s, NAM: s, A3: s }, unconfirmed: true }))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('marks an unconfirmed location in LOC, joining any LOC the admin gave', () => {
    expect(civic(buildPidfLo({ ...input, unconfirmed: true }), 'LOC')).toBe(`North wing; ${UNCONFIRMED_NOTE}`);
    const { LOC: _drop, ...noLoc } = address;
    const xml2 = buildPidfLo({ ...input, address: noLoc, unconfirmed: true });
    expect(civic(xml2, 'LOC')).toBe(UNCONFIRMED_NOTE);
    expect(civicOrder(xml2).filter((e) => e === 'LOC')).toHaveLength(1);
    expect(civicOrder(xml2).indexOf('LOC')).toBe(civicOrder(xml2).indexOf('HNS') + 1);
    expect(xml).not.toContain(UNCONFIRMED_NOTE);
  });

  it('leaves retention-expiry out when the timestamp does not parse', () => {
    expect(buildPidfLo({ ...input, timestamp: 'soon' })).not.toContain('retention-expiry');
  });
});

describe('buildEmergencyBody', () => {
  const pidf = buildPidfLo(input);
  const sdp = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
  const built = (over: Partial<Parameters<typeof buildEmergencyBody>[0]> = {}): EmergencyBody => {
    const r = buildEmergencyBody({ sdp, pidf, contentId: 'loc-7f3a9c@example.com', boundary: 'b1', ...over });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.value;
  };

  it('builds multipart/mixed with CRLF lines, a blank line after part headers, and a Content-ID matching the cid', () => {
    const v = built();
    expect(v.contentType).toBe('multipart/mixed; boundary=b1');
    expect(v.geolocationHeader).toBe('<cid:loc-7f3a9c@example.com>');
    expect(v.routingHeader).toBe('Geolocation-Routing: yes');
    expect(v.body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const parts = v.body.split('--b1');
    expect(parts[0]).toBe('');
    expect(parts.at(-1)).toBe('--\r\n');
    expect(parts[1]).toBe(`\r\nContent-Type: application/sdp\r\n\r\n${sdp}\r\n`);
    expect(parts[2]).toMatch(/^\r\nContent-Type: application\/pidf\+xml\r\nContent-ID: <loc-7f3a9c@example\.com>\r\n\r\n<\?xml /);
    expect(v.geolocationHeader.slice(5, -1)).toBe(/Content-ID: <([^>]+)>/.exec(v.body)?.[1]);
  });

  it('normalises bare LF in the parts to CRLF and ends the SDP with one', () => {
    const v = built({ sdp: 'v=0\no=- 1 2 IN IP4 127.0.0.1', pidf: '<a>\n</a>' });
    expect(v.body).toContain('\r\n\r\nv=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n\r\n--b1\r\n');
    expect(v.body).toContain('<a>\r\n</a>\r\n--b1--\r\n');
  });

  it('quotes a boundary that holds tspecials', () => {
    expect(built({ boundary: 'a=b:c' }).contentType).toBe('multipart/mixed; boundary="a=b:c"');
  });

  it('refuses a boundary that occurs in a part, a bracketed Content-ID, and empty parts', () => {
    expect(buildEmergencyBody({ sdp: 'a=x\r\n--b1\r\n', pidf: '', contentId: '<x@y>', boundary: 'b1' })).toEqual({
      ok: false,
      issues: [
        { field: 'contentId', message: 'give the Content-ID as local@domain without angle brackets' },
        { field: 'pidf', message: 'give the PIDF-LO document' },
        { field: 'boundary', message: 'pick a boundary that does not occur in the SDP' },
      ],
    });
    expect(buildEmergencyBody({ sdp, pidf, contentId: 'a@b', boundary: 'x'.repeat(71) }).ok).toBe(false);
  });
});
