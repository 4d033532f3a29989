import type { CivicAddress, CivicField } from './civic-address';

/**
 * PIDF-LO by value for an emergency INVITE (standards.md 3.1 and 3.2):
 * RFC 4119 presence/tuple/status/geopriv with an RFC 5139 civic address, and
 * the multipart/mixed body that carries it next to the SDP (RFC 6442).
 */

export const PIDF_NS = {
  pidf: 'urn:ietf:params:xml:ns:pidf',
  gp: 'urn:ietf:params:xml:ns:pidf:geopriv10',
  ca: 'urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr',
  bp: 'urn:ietf:params:xml:ns:pidf:geopriv10:basicPolicy',
} as const;

/** The RFC 5139 civicAddress xs:sequence. A schema-validating receiver rejects any other order. */
export const CIVIC_ORDER = [
  'country', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'PRM', 'PRD', 'RD', 'STS', 'POD', 'POM', 'RDSEC', 'RDBR', 'RDSUBBR',
  'HNO', 'HNS', 'LMK', 'LOC', 'FLR', 'NAM', 'PC', 'BLD', 'UNIT', 'ROOM', 'SEAT', 'PLC', 'PCN', 'POBOX', 'ADDCODE',
] as const;
export type CivicElement = (typeof CIVIC_ORDER)[number];

/**
 * Which element each address field is written as. The street is held as A6
 * (the RFC 4119 name admins know) but written as RD: RFC 5139 §3.2 moved
 * street names to RD and keeps A6 for a sub-neighbourhood level, so a 5139
 * receiver would misread a street sent as A6. standards.md's example uses RD.
 */
const ELEMENT_OF: Partial<Record<CivicField, CivicElement>> = {
  country: 'country', A1: 'A1', A2: 'A2', A3: 'A3', PRD: 'PRD', A6: 'RD', STS: 'STS', POD: 'POD',
  HNO: 'HNO', HNS: 'HNS', LOC: 'LOC', FLR: 'FLR', NAM: 'NAM', PC: 'PC', BLD: 'BLD', ROOM: 'ROOM',
};

/** gp:method values seen in deployed PIDF-LO (standards.md 3.1). */
export type PidfMethod = 'GPS' | 'A-GPS' | 'Manual' | 'DHCP' | 'Triangulation' | 'Cell' | '802.11';

export const PIDF_DEFAULTS = {
  lang: 'en-US',
  /** How long recipients may keep the location (bp:retention-expiry): a day covers call-backs on the same incident. */
  retentionHours: 24,
} as const;

/**
 * Appended to LOC when the user has not confirmed the location since the
 * network changed. Why LOC and not dm:note or gp:note-well: LOC ("additional
 * location info") is the only free-text element standards.md documents for
 * the location itself, and it is the one a PSAP screen shows with the
 * address; note-well is about usage rules, and dm:note belongs to the
 * dm:device model we do not use (we put geopriv in tuple/status).
 */
export const UNCONFIRMED_NOTE = 'location not confirmed by the caller';

export type PidfLoInput = {
  address: CivicAddress;
  /** The caller's URI, e.g. sip:+12025550123@example.com, as the presence entity. */
  entity: string;
  /** ISO 8601 date-time the location was determined or confirmed. */
  timestamp: string;
  method: PidfMethod;
  unconfirmed?: boolean;
  /** tuple id; made a valid xs:ID if it is not one. */
  id: string;
  /** Defaults to timestamp + PIDF_DEFAULTS.retentionHours; left out if timestamp does not parse. */
  retentionExpiry?: string;
  lang?: string;
};

export function buildPidfLo(input: PidfLoInput): string {
  const lang = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/.test(input.lang ?? '') ? (input.lang as string) : PIDF_DEFAULTS.lang;
  const expiry = input.retentionExpiry ?? retentionFrom(input.timestamp);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<presence xmlns="${PIDF_NS.pidf}" xmlns:gp="${PIDF_NS.gp}" xmlns:ca="${PIDF_NS.ca}" xmlns:bp="${PIDF_NS.bp}" entity="${escapeXml(input.entity)}">`,
    ` <tuple id="${xmlId(input.id)}">`,
    '  <status>',
    '   <gp:geopriv>',
    '    <gp:location-info>',
    `     <ca:civicAddress xml:lang="${lang}">`,
    ...civicElements(input.address, input.unconfirmed === true).map(([el, v]) => `      <ca:${el}>${escapeXml(v)}</ca:${el}>`),
    '     </ca:civicAddress>',
    '    </gp:location-info>',
    '    <gp:usage-rules>',
    '     <bp:retransmission-allowed>false</bp:retransmission-allowed>',
    ...(expiry === null ? [] : [`     <bp:retention-expiry>${escapeXml(expiry)}</bp:retention-expiry>`]),
    '    </gp:usage-rules>',
    `    <gp:method>${escapeXml(input.method)}</gp:method>`,
    '   </gp:geopriv>',
    '  </status>',
    `  <timestamp>${escapeXml(input.timestamp)}</timestamp>`,
    ' </tuple>',
    '</presence>',
  ];
  return lines.join('\n');
}

/** [element, text] pairs in schema order. LOC occurs at most once in the sequence, so the note joins it. */
export function civicElements(address: CivicAddress, unconfirmed: boolean): Array<[CivicElement, string]> {
  const byElement = new Map<CivicElement, string>();
  for (const [field, element] of Object.entries(ELEMENT_OF) as Array<[CivicField, CivicElement]>) {
    const v = address[field];
    if (v !== undefined && v !== '') byElement.set(element, v);
  }
  if (unconfirmed) {
    const loc = byElement.get('LOC');
    byElement.set('LOC', loc === undefined ? UNCONFIRMED_NOTE : `${loc}; ${UNCONFIRMED_NOTE}`);
  }
  return CIVIC_ORDER.flatMap((el) => {
    const v = byElement.get(el);
    return v === undefined ? [] : [[el, v] as [CivicElement, string]];
  });
}

// Characters XML 1.0 cannot carry at all, even escaped, and lone surrogates
// (not encodable as UTF-8): dropped, or the receiver rejects the whole document.
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escape for both text and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(XML_ILLEGAL, '').replace(/[&<>"']/g, (c) => XML_ENTITY[c] ?? c);
}

function xmlId(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9._-]/g, '_');
  return /^[A-Za-z_]/.test(safe) ? safe : `loc-${safe}`;
}

function retentionFrom(timestamp: string): string | null {
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? null : new Date(t + PIDF_DEFAULTS.retentionHours * 3_600_000).toISOString();
}

export type EmergencyBody = {
  contentType: string;
  body: string;
  /** The Geolocation header value. */
  geolocationHeader: string;
  /** The whole Geolocation-Routing header line. */
  routingHeader: 'Geolocation-Routing: yes';
};
export type BodyIssue = { field: 'sdp' | 'pidf' | 'contentId' | 'boundary'; message: string };
export type EmergencyBodyResult = { ok: true; value: EmergencyBody } | { ok: false; issues: BodyIssue[] };

// RFC 2392: a cid is an addr-spec; kept to the dot-atom form, no brackets.
const CONTENT_ID = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+$/;
// RFC 2046 bchars without the space, 1 to 70 of them.
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=?]{1,70}$/;
const NEEDS_QUOTES = /[()<>@,;:\\"/[\]?=]/;

/**
 * The multipart/mixed body of an emergency INVITE. An error result rather
 * than a best effort: malformed MIME on a 911 call is worse than a caller
 * that has to pick another boundary.
 */
export function buildEmergencyBody(input: { sdp: string; pidf: string; contentId: string; boundary: string }): EmergencyBodyResult {
  const { contentId, boundary } = input;
  const issues: BodyIssue[] = [];
  if (!CONTENT_ID.test(contentId)) issues.push({ field: 'contentId', message: 'give the Content-ID as local@domain without angle brackets' });
  if (!BOUNDARY.test(boundary)) issues.push({ field: 'boundary', message: 'use a boundary of 1 to 70 letters, digits or \'()+_,-./:=? characters' });
  const sdp = crlf(input.sdp);
  const pidf = crlf(input.pidf);
  if (sdp.trim() === '') issues.push({ field: 'sdp', message: 'give the SDP offer for the call' });
  if (pidf.trim() === '') issues.push({ field: 'pidf', message: 'give the PIDF-LO document' });
  // A body line starting with the delimiter would end the part early.
  if (BOUNDARY.test(boundary)) {
    if (sdp.includes(`--${boundary}`)) issues.push({ field: 'boundary', message: 'pick a boundary that does not occur in the SDP' });
    if (pidf.includes(`--${boundary}`)) issues.push({ field: 'boundary', message: 'pick a boundary that does not occur in the PIDF-LO' });
  }
  if (issues.length > 0) return { ok: false, issues };

  // The CRLF before each delimiter belongs to the delimiter (RFC 2046 5.1.1),
  // so the SDP keeps its own final CRLF (RFC 4566 ends every line with one).
  const sdpPart = sdp.endsWith('\r\n') ? sdp : `${sdp}\r\n`;
  const body = [
    `--${boundary}`,
    'Content-Type: application/sdp',
    '',
    `${sdpPart}`,
    `--${boundary}`,
    'Content-Type: application/pidf+xml',
    `Content-ID: <${contentId}>`,
    '',
    pidf,
    `--${boundary}--`,
    '',
  ].join('\r\n');
  const param = NEEDS_QUOTES.test(boundary) ? `"${boundary}"` : boundary;
  return {
    ok: true,
    value: {
      contentType: `multipart/mixed; boundary=${param}`,
      body,
      geolocationHeader: `<cid:${contentId}>`,
      routingHeader: 'Geolocation-Routing: yes',
    },
  };
}

function crlf(s: string): string {
  return s.replace(/\r\n|\r|\n/g, '\r\n');
}
