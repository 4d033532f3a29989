/**
 * The account form's STUN/TURN box: one server per line, "URL [URL…] [user
 * password]". Passwords are never shown back: a line left as it was keeps the
 * credentials already stored for the same URLs.
 */
import type { IceServer } from '../../../shared/settings/account';

const ICE_URL = /^(stuns?|turns?):\S+$/i;
const TURN_URL = /^turns?:/i;

const urlsOf = (s: IceServer): string[] => (Array.isArray(s.urls) ? s.urls : [s.urls]);

export function iceServersToText(servers: readonly IceServer[]): string {
  return servers.map((s) => [...urlsOf(s), ...(s.username ? [s.username] : [])].join(' ')).join('\n');
}

export type IceServerLines = { ok: true; servers: IceServer[] } | { ok: false; message: string };

export function parseIceServerLines(text: string, stored: readonly IceServer[]): IceServerLines {
  const servers: IceServer[] = [];
  const lines = text.split('\n').map((l) => l.trim());
  for (const [i, l] of lines.entries()) {
    if (!l) continue;
    const tokens = l.split(/\s+/);
    const urls = tokens.filter((t) => ICE_URL.test(t));
    const rest = tokens.filter((t) => !ICE_URL.test(t));
    const where = `line ${i + 1}`;
    if (urls.length === 0) return { ok: false, message: `${where} has no stun:, turn: or turns: URL` };
    if (rest.length > 2) return { ok: false, message: `${where}: expected "URL user password"` };
    const key = urls.join(' ');
    const before = stored.find((s) => urlsOf(s).join(' ') === key);
    const username = rest[0] ?? before?.username;
    // A user name alone means "keep the stored password" only if it is the same user; the host
    // keeps it in its vault (hasCredential) and never shows it back.
    const sameUser = before !== undefined && before.username === username;
    const credential = rest[1] ?? (sameUser ? before.credential : undefined);
    const keepsStored = credential === undefined && sameUser && before.hasCredential === true;
    if (urls.some((u) => TURN_URL.test(u)) && (!username || (!credential && !keepsStored))) {
      return { ok: false, message: `${where}: a TURN server needs a user name and password ("URL user password")` };
    }
    servers.push({ urls: urls.length === 1 ? urls[0]! : urls, ...(username ? { username } : {}), ...(credential ? { credential } : {}) });
  }
  return { ok: true, servers };
}

export const hasTurnServer = (servers: readonly IceServer[]): boolean => servers.some((s) => urlsOf(s).some((u) => TURN_URL.test(u)));
