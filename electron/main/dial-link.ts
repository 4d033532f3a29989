/**
 * tel: and sip: links (RFC 3966, RFC 3261 §19.1) handed to us by the OS:
 * reduced to something safe to put in "Number to dial", never dialled by
 * themselves. A link is text from any web page or mail, so:
 * - SIP URI headers (`?Replaces=...`, `?Subject=...`) and parameters are
 *   dropped: a Replaces header in a link could take over someone's call;
 * - a password in the user part, or an odd character anywhere, refuses the link;
 * - the agent still presses Call, so a link cannot place a toll call.
 */
export type DialLink = { ok: true; scheme: 'tel' | 'sip'; target: string } | { ok: false; reason: string };

const MAX_LINK = 2048;
const LINK_SCHEMES = /^(tel|sip):/i;
const TEL_NUMBER = /^\+?[0-9*#]{1,32}$/;
/** RFC 3966 visual separators. */
const TEL_SEPARATORS = /[-.()\s]/g;
const SIP_USER = /^[A-Za-z0-9\-_.!~*'()&=+$,%]{1,128}$/;
const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV6_REF = /^\[[0-9A-Fa-f:.]{2,45}\]$/;

export function parseDialLink(raw: string): DialLink {
  const link = raw.trim();
  if (link.length === 0 || link.length > MAX_LINK) return { ok: false, reason: 'the link is empty or too long' };
  const scheme = LINK_SCHEMES.exec(link)?.[1]?.toLowerCase();
  if (scheme === 'tel') return parseTel(link.slice(4));
  if (scheme === 'sip') return parseSip(link.slice(4));
  return { ok: false, reason: 'only tel: and sip: links are handled' };
}

function parseTel(rest: string): DialLink {
  let number: string;
  try {
    number = decodeURIComponent((rest.split(';')[0] ?? '').replace(/^\/\//, ''));
  } catch {
    return { ok: false, reason: 'the tel: link is not valid percent-encoding' };
  }
  number = number.replace(TEL_SEPARATORS, '');
  if (!TEL_NUMBER.test(number)) return { ok: false, reason: 'a tel: link must hold a phone number (digits, optionally a leading +)' };
  return { ok: true, scheme: 'tel', target: number };
}

function parseSip(rest: string): DialLink {
  const beforeHeaders = rest.replace(/^\/\//, '').split('?')[0] ?? '';
  const at = beforeHeaders.lastIndexOf('@');
  if (at <= 0) return { ok: false, reason: 'a sip: link must name someone: sip:user@host' };
  const user = beforeHeaders.slice(0, at);
  const hostPort = (beforeHeaders.slice(at + 1).split(';')[0] ?? '').toLowerCase();
  if (user.includes(':')) return { ok: false, reason: 'a sip: link must not carry a password' };
  if (!SIP_USER.test(user)) return { ok: false, reason: 'the user part of the sip: link has characters Warmline does not accept' };
  const { host, port } = splitHostPort(hostPort);
  if (!(HOSTNAME.test(host) || IPV6_REF.test(host))) return { ok: false, reason: 'the host of the sip: link is not a valid host name or address' };
  if (port !== null && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    return { ok: false, reason: 'the port of the sip: link is not valid' };
  }
  return { ok: true, scheme: 'sip', target: `sip:${user}@${host}${port === null ? '' : `:${port}`}` };
}

function splitHostPort(hostPort: string): { host: string; port: string | null } {
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    if (end < 0) return { host: hostPort, port: null };
    const after = hostPort.slice(end + 1);
    return { host: hostPort.slice(0, end + 1), port: after.startsWith(':') ? after.slice(1) : after === '' ? null : after };
  }
  const colon = hostPort.lastIndexOf(':');
  return colon < 0 ? { host: hostPort, port: null } : { host: hostPort.slice(0, colon), port: hostPort.slice(colon + 1) };
}

/**
 * The link in a command line (Windows and Linux pass it as an argument, to
 * the first instance or, through second-instance, to the running one).
 * Switches (--foo) are never links.
 */
export function dialLinkFromArgv(argv: readonly string[]): string | null {
  return argv.find((a) => !a.startsWith('-') && LINK_SCHEMES.test(a)) ?? null;
}
