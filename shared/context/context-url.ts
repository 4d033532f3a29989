/**
 * Which context URLs the host may fetch. The URL comes off the network (a
 * Call-Info header), so it is checked here with a deliberately narrow grammar
 * rather than a full URL parser: WHATWG parsers "repair" tabs, backslashes,
 * percent-encoded hosts and short IPv4 forms ("127.1"), and every repair is a
 * way to make a string look like one host and fetch another. Anything the
 * narrow grammar does not recognise is refused.
 */

export const CONTEXT_URL_MAX_LENGTH = 2048;

const SCHEME = /^(https?):\/\//i;
// Printable ASCII minus space and the characters RFC 3986 never allows
// literally; a backslash is refused because browsers read it as "/".
const URL_CHARS = /^[!#-;=?-[\]_a-z~]*$/i;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^\[[0-9a-f:.]{2,45}\]$/i;
const PORT = /^[0-9]{1,5}$/;

export function isAllowedContextUrl(url: string): { ok: true; url: string } | { ok: false; reason: string } {
  if (typeof url !== 'string' || url === '') return { ok: false, reason: 'empty URL' };
  if (url.length > CONTEXT_URL_MAX_LENGTH) return { ok: false, reason: `longer than ${CONTEXT_URL_MAX_LENGTH} characters` };
  const m = SCHEME.exec(url);
  if (!m || !m[1]) return { ok: false, reason: 'must start with https:// (or http:// to this computer)' };
  if (!URL_CHARS.test(url)) return { ok: false, reason: 'contains characters not allowed in a URL (spaces, control characters, backslashes, quotes or non-ASCII)' };

  const scheme = m[1].toLowerCase();
  const rest = url.slice(m[0].length);
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const tail = end < 0 ? '' : rest.slice(end);
  if (authority.includes('@')) return { ok: false, reason: 'must not contain a user name or password' };

  let host = authority;
  let port = '';
  const portAt = authority.lastIndexOf(':');
  if (portAt >= 0 && !authority.endsWith(']')) {
    host = authority.slice(0, portAt);
    port = authority.slice(portAt + 1);
    if (!PORT.test(port) || Number(port) < 1 || Number(port) > 65535) return { ok: false, reason: `invalid port "${port}"` };
  }
  host = host.toLowerCase();
  if (host === '') return { ok: false, reason: 'has no host' };
  if (!(IPV4.test(host) || IPV6.test(host) || HOST_NAME.test(host))) return { ok: false, reason: `invalid host "${host}"` };

  if (scheme === 'http' && !isLoopback(host)) {
    return { ok: false, reason: 'http:// is only allowed to this computer (localhost, 127.0.0.0/8, [::1]); use https://' };
  }
  return { ok: true, url: `${scheme}://${host}${port ? `:${port}` : ''}${tail}` };
}

/** Plain http is allowed only where nobody else can listen: a context server on the agent's own machine. */
function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === 'localhost.' || host === '[::1]') return true;
  return IPV4.test(host) && host.startsWith('127.');
}

/**
 * The URL of a context named by id (User-to-User carrying an id), from the
 * context server template in settings, e.g. "https://ctx.example.com/contexts/{id}".
 * The id is percent-encoded so it stays one path segment whatever it holds.
 * Null when the template has no {id}; the caller still checks the result with
 * isAllowedContextUrl, since the template is configuration, not a constant.
 */
export function contextUrlForId(template: string, id: string): string | null {
  if (!template.includes('{id}') || id === '') return null;
  let encoded: string;
  try {
    encoded = encodeURIComponent(id);
  } catch {
    return null; // lone surrogates cannot be percent-encoded
  }
  return template.split('{id}').join(encoded);
}
