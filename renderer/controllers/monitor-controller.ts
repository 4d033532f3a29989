import { monitorAddress, monitorModeHeader, type MonitorMode } from '../../shared/telephony/monitor-address';
import { useAppStore } from '../store/app-store';
import { currentPhone, log } from './phone-controller';

/**
 * Listen / whisper / barge on a live AI session: the supervisor's softphone
 * dials the admin's monitor address for the session with the mode in a header
 * (the Lab simulator, Asterisk ChanSpy or FreeSWITCH eavesdrop answer it).
 * Listening opens no microphone (it works on a machine without one); whisper
 * and barge add it with a re-INVITE, and going back to listen mutes it: the
 * call is never dropped to switch.
 */
const store = () => useAppStore.getState();
const DEFAULT_HEADER = 'X-Warmline-Monitor-Mode';

function settings(): { template: string | null; header: string } {
  const m = store().settings?.monitor;
  return { template: m?.uriTemplate ?? null, header: m?.modeHeader || DEFAULT_HEADER };
}

export async function startMonitor(sessionId: string, mode: MonitorMode = 'listen'): Promise<void> {
  const s = store();
  const phone = currentPhone();
  const account = s.settings?.accounts[0];
  if (!phone || !account) throw new Error('Add a SIP account (or open the Lab) before listening in.');
  if (s.monitor) await stopMonitor();
  const { template, header } = settings();
  const target = monitorAddress(template, sessionId);
  if (!target.ok) throw new Error(target.reason);
  const started = phone.dial(target.uri, `AI session ${sessionId}`, { receiveOnly: mode === 'listen', extraHeaders: [monitorModeHeader(header, mode)] });
  if (!started.ok) throw new Error(started.reason);
  s.callAdded({ id: started.id, accountId: account.id, direction: 'outbound', remoteUri: target.uri, remoteName: `Monitoring AI session ${sessionId}`, startedAt: Date.now(), phase: 'dialing' });
  s.monitorStarted({ callId: started.id, sessionId, mode });
  log('info', 'monitor', `${mode} on AI session ${sessionId}`);
}

export async function setMonitorMode(mode: MonitorMode): Promise<void> {
  const m = store().monitor;
  const phone = currentPhone();
  if (!m || !phone || m.mode === mode) return;
  store().monitorModeRequested(mode);
  const r = await phone.renegotiate(m.callId, { sendAudio: mode !== 'listen', extraHeaders: [monitorModeHeader(settings().header, mode)] });
  if (r.ok) store().monitorModeSettled(mode, null);
  else {
    store().monitorModeSettled(m.mode, `Could not switch to ${mode}: ${r.reason}. Still ${m.mode === 'listen' ? 'listening' : m.mode === 'whisper' ? 'whispering' : 'barged in'}.`);
    log('warn', 'monitor', `mode switch to ${mode} failed: ${r.reason}`);
  }
}

export async function stopMonitor(): Promise<void> {
  const m = store().monitor;
  if (!m) return;
  currentPhone()?.hangup(m.callId);
  store().monitorEnded(m.callId);
}

/** The monitor call ended (either side hung up): forget it. */
export function monitorCallEnded(callId: string): void {
  store().monitorEnded(callId);
}
