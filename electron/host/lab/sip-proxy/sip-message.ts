/**
 * The Lab proxy's only contact with sip.js: one SIP message text in, a typed
 * view out. The grammar and header parsing are sip.js's own (the parser the
 * Lab's endpoints use, so both sides agree on what is valid); this file only
 * narrows its loosely typed results and collects what a proxy needs.
 */
import { Core, Grammar, NameAddrHeader, URI } from 'sip.js';

export type SipUri = {
  /** As sip.js prints it (used when the URI is sent on). */
  text: string;
  user: string | undefined;
  host: string;
  port: number | undefined;
  /** user@host[:port]: how contacts are matched (host is lowercased by sip.js). */
  key: string;
};

export type SipContact = { uri: SipUri; expires: number | undefined };

/** What any locally generated response needs from its request. */
export type ReplyBase = {
  vias: readonly string[];
  from: string;
  to: string;
  hasToTag: boolean;
  callId: string;
  /** The raw CSeq value, e.g. "2 INVITE". */
  cseq: string;
};

/** Header lines the proxy passes through untouched, in sip.js's order. */
export type HeaderLine = { name: string; value: string };

type Common = ReplyBase & {
  topBranch: string;
  cseqNumber: number;
  cseqMethod: string;
  toTag: string | undefined;
  /** The To URI: the address-of-record in a REGISTER. */
  toUri: SipUri | undefined;
  contacts: SipContact[];
  /** `Contact: *` (sip.js's grammar has no rule for it; RFC 3261 §10.2.2 allows it in REGISTER). */
  wildcardContact: boolean;
  recordRoutes: string[];
  /** Everything except Via, Route, Record-Route, Max-Forwards and Content-Length. */
  lines: HeaderLine[];
  body: string;
};

export type SipRequest = Common & {
  kind: 'request';
  method: string;
  ruri: SipUri;
  routes: Array<{ text: string; uri: SipUri }>;
  maxForwards: number | undefined;
  expires: number | undefined;
};

export type SipResponse = Common & { kind: 'response'; status: number; reason: string };

/** Not usable; `reply` is set when the request is identifiable enough to answer 400. */
export type SipBroken = { kind: 'broken'; reason: string; method: string | undefined; reply: ReplyBase | null };

export type ParsedSip = SipRequest | SipResponse | SipBroken;

/** RFC 3261 token: anything else before a colon is not a header name. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 3261 §7.3.3 compact forms of the headers a reply copies or a REGISTER needs. */
const COMPACT: Record<string, string> = { v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact' };
const PASSED_OVER = new Set(['Via', 'Route', 'Record-Route', 'Max-Forwards', 'Content-Length']);

type Message = Core.IncomingRequestMessage | Core.IncomingResponseMessage;

/**
 * Parses with sip.js's own pieces (start-line grammar, `Parser.getHeader`,
 * `Parser.parseHeader`). Not `Parser.parseMessage`: it discards the whole
 * message at the first bad header, which leaves nothing to answer 400 with
 * and rejects the legal `Contact: *`.
 */
export function parseSip(text: string): ParsedSip {
  const firstEnd = text.indexOf('\r\n');
  if (firstEnd < 0) return broken('no CRLF: not a SIP message', undefined, null);
  const firstLine = text.slice(0, firstEnd);
  const start: unknown = Grammar.parse(firstLine, 'Request_Response');
  if (!isRecord(start)) return broken(`unparsable start line "${clip(firstLine)}"`, undefined, null);

  let message: Message;
  let method: string | undefined;
  if (typeof start.status_code === 'number') {
    const res = new Core.IncomingResponseMessage();
    res.statusCode = start.status_code;
    res.reasonPhrase = typeof start.reason_phrase === 'string' ? start.reason_phrase : '';
    message = res;
  } else {
    const req = new Core.IncomingRequestMessage();
    if (typeof start.method !== 'string' || !(start.uri instanceof URI)) {
      return broken(`unparsable start line "${clip(firstLine)}"`, undefined, null);
    }
    req.method = method = start.method;
    req.ruri = start.uri;
    message = req;
  }
  message.data = text;

  const errors: string[] = [];
  /** sip.js deletes a header that fails to parse; a 400 still has to echo it. */
  const failed = new Map<string, string[]>();
  let wildcardContact = false;
  let at = firstEnd + 2;
  let bodyStart = text.length;
  for (;;) {
    const end = Core.Parser.getHeader(text, at);
    if (end === -2) {
      bodyStart = at + 2;
      break;
    }
    if (end === -1) {
      errors.push('headers not ended by an empty line');
      break;
    }
    const line = text.slice(at, end);
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!HEADER_NAME.test(name)) {
      // sip.js would look for the colon on a later line and invent a header name with a CRLF in it.
      errors.push(`malformed header line "${clip(line)}"`);
    } else {
      const result = parseHeader(message, text, at, end);
      if (result !== true) {
        const full = COMPACT[name.toLowerCase()] ?? name.toLowerCase();
        const value = unfold(line.slice(colon + 1).trim());
        if (full === 'contact' && value === '*') wildcardContact = true;
        else {
          errors.push(result);
          failed.set(full, [...(failed.get(full) ?? []), value]);
        }
      }
    }
    at = end + 2;
  }

  if (errors.length > 0) return broken(errors.join('; '), method, replyBase(message, failed));
  const reply = replyBase(message, failed);
  if (!reply) return broken('missing Via, From, To, Call-ID or CSeq', method, null);
  return view(message, reply, wildcardContact, text, bodyStart);
}

function view(message: Message, reply: ReplyBase, wildcardContact: boolean, text: string, bodyStart: number): ParsedSip {
  const method = message instanceof Core.IncomingRequestMessage ? message.method : undefined;
  const cseq: unknown = message.headers['CSeq']?.[0]?.parsed;
  const branch: unknown = message.viaBranch;
  if (!isRecord(cseq) || typeof cseq.value !== 'number' || typeof cseq.method !== 'string') {
    return broken('unparsable CSeq', method, reply);
  }
  if (typeof branch !== 'string' || branch === '') return broken('the top Via has no branch', method, reply);

  const contacts: SipContact[] = [];
  for (const entry of message.headers['Contact'] ?? []) {
    const parsed: unknown = entry.parsed;
    if (!(parsed instanceof NameAddrHeader)) return broken('unparsable Contact', method, reply);
    const expires = parsed.getParam('expires');
    contacts.push({ uri: uriView(parsed.uri), expires: expires === undefined ? undefined : wholeNumber(expires) });
  }
  const length = message.getHeader('content-length');
  const body = length === undefined ? text.slice(bodyStart) : text.substr(bodyStart, Number(length));
  const toTag: unknown = message.toTag;
  const to: unknown = message.to;
  const common = {
    ...reply,
    topBranch: branch,
    cseqNumber: cseq.value,
    cseqMethod: cseq.method,
    toTag: typeof toTag === 'string' ? toTag : undefined,
    toUri: to instanceof NameAddrHeader ? uriView(to.uri) : undefined,
    contacts,
    wildcardContact,
    recordRoutes: message.getHeaders('record-route'),
    lines: Object.entries(message.headers)
      .filter(([name]) => !PASSED_OVER.has(name))
      .flatMap(([name, entries]) => entries.map((e) => ({ name, value: unfold(e.raw) }))),
    body,
  };

  if (message instanceof Core.IncomingResponseMessage) {
    return { kind: 'response', ...common, status: message.statusCode ?? 0, reason: message.reasonPhrase ?? '' };
  }
  const ruri = message.ruri;
  if (!ruri) return broken('no Request-URI', method, reply);
  if (cseq.method !== message.method) return broken(`CSeq method ${cseq.method} does not match ${message.method}`, method, reply);
  const routes: SipRequest['routes'] = [];
  for (const raw of message.getHeaders('route')) {
    // A Route value has the Record-Route grammar (RFC 3261 §20.34 and §20.30).
    const parsed: unknown = Grammar.parse(raw, 'Record_Route');
    if (!Array.isArray(parsed)) return broken('unparsable Route', method, reply);
    for (const item of parsed as unknown[]) {
      if (!isRecord(item) || !(item.parsed instanceof NameAddrHeader)) return broken('unparsable Route', method, reply);
      routes.push({ text: item.parsed.toString(), uri: uriView(item.parsed.uri) });
    }
  }
  const maxForwards: unknown = message.headers['Max-Forwards']?.[0]?.parsed;
  const expiresRaw = message.getHeader('expires');
  const expires = expiresRaw === undefined ? undefined : wholeNumber(expiresRaw);
  if (expiresRaw !== undefined && expires === undefined) return broken('unparsable Expires', method, reply);
  return {
    kind: 'request',
    ...common,
    method: message.method,
    ruri: uriView(ruri),
    routes,
    maxForwards: typeof maxForwards === 'number' ? maxForwards : undefined,
    expires,
  };
}

/** Parser.parseHeader returns `true` or `{error}`, and throws on some malformed CSeq values. */
function parseHeader(message: Message, text: string, start: number, end: number): true | string {
  try {
    const r = Core.Parser.parseHeader(message, text, start, end);
    return r === true ? true : typeof r === 'object' ? r.error : 'unparsable header';
  } catch {
    return `unparsable header "${clip(text.slice(start, end))}"`;
  }
}

/** The raw fields a response must copy (RFC 3261 §8.2.6.2), available even when their parse failed. */
function replyBase(message: Message, failed: ReadonlyMap<string, string[]>): ReplyBase | null {
  const all = (name: string) => (message.getHeaders(name).length > 0 ? message.getHeaders(name) : (failed.get(name) ?? []));
  const vias = all('via');
  const [from] = all('from');
  const [to] = all('to');
  const [callId] = all('call-id');
  const [cseq] = all('cseq');
  if (vias.length === 0 || !from || !to || !callId || !cseq) return null;
  return { vias: vias.map(unfold), from, to, hasToTag: /;\s*tag\s*=/i.test(to), callId, cseq };
}

export function uriView(uri: URI): SipUri {
  const user = uri.user || undefined;
  const host = uri.host;
  const port = uri.port;
  return { text: uri.toString(), user, host, port, key: `${user ?? ''}@${host}${port === undefined ? '' : `:${port}`}` };
}

function broken(reason: string, method: string | undefined, reply: ReplyBase | null): SipBroken {
  return { kind: 'broken', reason, method, reply };
}

function wholeNumber(value: unknown): number | undefined {
  const s = String(value).trim();
  return /^\d{1,10}$/.test(s) ? Number(s) : undefined;
}

/** Folded header lines (CRLF + whitespace) become one line when sent on. */
function unfold(value: string): string {
  return value.replace(/\r\n[ \t]+/g, ' ');
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
