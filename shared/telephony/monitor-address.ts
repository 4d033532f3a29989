/**
 * The address a supervisor dials to monitor a live AI session, from the
 * admin's template, e.g. "sip:monitor-{sessionId}@lab.warmline.test" (the Lab),
 * "sip:*222{sessionId}@pbx.example.com" (an Asterisk ChanSpy extension).
 */
export type MonitorMode = 'listen' | 'whisper' | 'barge';
export const MONITOR_MODES: readonly MonitorMode[] = ['listen', 'whisper', 'barge'];

/** Session ids are [A-Za-z0-9._:-] (warmline.feed/1); anything else is refused rather than escaped into a URI. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function monitorAddress(template: string | null | undefined, sessionId: string): { ok: true; uri: string } | { ok: false; reason: string } {
  if (!template) return { ok: false, reason: 'No monitor address is configured: ask your admin to set monitor.uriTemplate.' };
  if (!template.includes('{sessionId}')) return { ok: false, reason: 'The monitor address template has no {sessionId}: ask your admin to fix monitor.uriTemplate.' };
  if (!SAFE_ID.test(sessionId)) return { ok: false, reason: `"${sessionId.slice(0, 40)}" is not a session id that can be monitored.` };
  const uri = template.split('{sessionId}').join(sessionId);
  if (!/^sips?:[^@\s]+@[^@\s]+$/i.test(uri)) return { ok: false, reason: `The monitor address "${uri}" is not a SIP URI: ask your admin to fix monitor.uriTemplate.` };
  return { ok: true, uri };
}

/** The header line naming the mode, e.g. "X-Warmline-Monitor-Mode: whisper". */
export function monitorModeHeader(header: string, mode: MonitorMode): string {
  return `${header}: ${mode}`;
}
