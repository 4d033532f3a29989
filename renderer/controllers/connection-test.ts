import { useAppStore } from '../store/app-store';
import { measureMicrophone, playTestTone } from '../telephony/audio/connection-probe';
import { dial, hangup } from './call-actions';
import { currentPhone } from './phone-controller';

/**
 * "Test my connection": microphone level, a speaker tone, time to register,
 * and a short call to the PBX's echo extension when one is configured. Each
 * step reports as it goes, and each failure says what to do next.
 */
export type TestStepId = 'microphone' | 'speaker' | 'registration' | 'echo';
export type TestStep = { id: TestStepId; label: string; status: 'pending' | 'running' | 'passed' | 'failed' | 'skipped'; detail: string };

const LABELS: Record<TestStepId, string> = {
  microphone: 'Microphone',
  speaker: 'Speaker',
  registration: 'Time to register',
  echo: 'Echo test call',
};
/** Below this peak level the microphone hears nothing (about −50 dBFS). */
const SILENT_PEAK = 0.003;
const ECHO_CALL_MS = 6000;

const store = () => useAppStore.getState();

export function initialSteps(): TestStep[] {
  return (Object.keys(LABELS) as TestStepId[]).map((id) => ({ id, label: LABELS[id], status: 'pending', detail: '' }));
}

export async function runConnectionTest(onChange: (steps: TestStep[]) => void): Promise<TestStep[]> {
  let steps = initialSteps();
  const set = (id: TestStepId, status: TestStep['status'], detail: string) => {
    steps = steps.map((s) => (s.id === id ? { ...s, status, detail } : s));
    onChange(steps);
  };
  const prefs = store().settings?.preferences;

  set('microphone', 'running', 'Say something…');
  try {
    const peak = await measureMicrophone(prefs?.microphoneId ?? null, 2000);
    if (peak < SILENT_PEAK) set('microphone', 'failed', 'No sound from the microphone: check it is plugged in, chosen above, and not muted on the headset.');
    else set('microphone', 'passed', `Hears you (peak level ${Math.round(peak * 100)} %).`);
  } catch (e) {
    set('microphone', 'failed', `Cannot open the microphone (${(e as Error).message}): allow microphone access for Warmline.`);
  }

  set('speaker', 'running', 'Playing a tone…');
  try {
    await playTestTone(prefs?.speakerId ?? null);
    set('speaker', 'passed', 'Played a 1-second tone: if you did not hear it, choose another speaker above.');
  } catch (e) {
    set('speaker', 'failed', `Could not play on this speaker (${(e as Error).message}): choose another one above.`);
  }

  set('registration', 'running', 'Registering…');
  const phone = currentPhone();
  const reg = phone ? await phone.measureRegistration() : { ok: false as const, reason: 'no account configured' };
  if (reg.ok) set('registration', 'passed', `${Math.round(reg.ms)} ms to register with the PBX.`);
  else set('registration', 'failed', `Could not register: ${reg.reason}. Check the account settings, or ask your admin whether the PBX is up.`);

  const echo = prefs?.echoTestTarget ?? null;
  if (!echo) {
    set('echo', 'skipped', 'No echo extension configured: your admin can set one (preferences.echoTestTarget).');
  } else if (!reg.ok) {
    set('echo', 'skipped', 'Skipped: not registered.');
  } else {
    set('echo', 'running', `Calling ${echo}…`);
    set('echo', ...(await echoCall(echo)));
  }
  return steps;
}

async function echoCall(target: string): Promise<['passed' | 'failed', string]> {
  const before = new Set(Object.keys(store().calls));
  if (!dial(target)) return ['failed', `Could not dial ${target}: ${store().dialError ?? 'unknown reason'}.`];
  const id = Object.keys(store().calls).find((k) => !before.has(k));
  if (!id) return ['failed', 'The call did not start.'];
  const deadline = Date.now() + 10_000;
  while (store().calls[id]?.state.phase !== 'connected') {
    const c = store().calls[id];
    if (!c || c.state.phase === 'ended') return ['failed', `The echo call ended: ${c?.reason || 'no answer'}.`];
    if (Date.now() > deadline) {
      hangup(id);
      return ['failed', 'The echo extension did not answer within 10 s.'];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, ECHO_CALL_MS));
  const latest = store().quality[id]?.latest ?? null;
  hangup(id);
  if (!latest || latest.mos === null) return ['failed', 'Connected, but no audio statistics arrived: the audio path may be blocked.'];
  if (!latest.packetsReceivedDelta) return ['failed', 'Connected, but no audio came back: the firewall may block UDP media.'];
  const warn = latest.warnings.map((w) => w.advice).join(' ');
  return latest.warnings.length ? ['failed', `Call quality ${latest.mos.toFixed(1)} of 5. ${warn}`] : ['passed', `Call quality ${latest.mos.toFixed(1)} of 5, ${Math.round(latest.rttMs ?? 0)} ms round trip.`];
}
