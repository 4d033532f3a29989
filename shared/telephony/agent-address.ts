/**
 * Whether a transfer's target names this agent: AI platforms address the
 * human by SIP address of record ("sip:alice@pbx.example.com", any case in
 * the host, optional parameters) or by bare user name ("alice").
 */
export function isAddressedTo(target: string, ownAor: string): boolean {
  const own = parseAor(ownAor);
  if (!own) return false;
  const t = target.trim().replace(/^<(.*)>$/, '$1');
  if (!/^sips?:/i.test(t) && !t.includes('@')) return t.length > 0 && t === own.user;
  const other = parseAor(/^sips?:/i.test(t) ? t : `sip:${t}`);
  return other !== null && other.user === own.user && other.host === own.host;
}

function parseAor(uri: string): { user: string; host: string } | null {
  const m = /^sips?:([^@;?>\s]+)@([^;?>:\s]+)/i.exec(uri.trim().replace(/^<|>$/g, ''));
  return m ? { user: decodeURIComponent(m[1]!), host: m[2]!.toLowerCase() } : null;
}
