import { describeDeviceFallback, pickAudioDevice, type AudioDeviceInfo } from '../../shared/telephony/audio-device';
import { useAppStore } from '../store/app-store';
import { listAudioDevices, onDevicesChanged, routeAudio } from '../telephony/audio/devices';
import { currentHost, currentPhone, log } from './phone-controller';

/**
 * Microphone, speaker and ringing device: the agent's choice is kept in
 * settings; a device that disappears mid-call falls back to the default and
 * the agent is told which device is now in use.
 */
const store = () => useAppStore.getState();
type DeviceRole = 'microphoneId' | 'speakerId' | 'ringerId';
const KIND: Record<DeviceRole, AudioDeviceInfo['kind']> = { microphoneId: 'audioinput', speakerId: 'audiooutput', ringerId: 'audiooutput' };

let known: AudioDeviceInfo[] = [];

export function startDeviceController(): void {
  void refresh(false);
  onDevicesChanged(() => void refresh(true));
}

async function refresh(announce: boolean): Promise<void> {
  const devices = await listAudioDevices().catch(() => []);
  const before = known;
  known = devices;
  store().setDevices(devices);
  const prefs = store().settings?.preferences;
  // Before the microphone permission, browsers list devices without ids: nothing can be judged missing yet.
  if (!prefs || devices.every((d) => d.deviceId === '')) return;
  for (const role of ['microphoneId', 'speakerId', 'ringerId'] as const) {
    const preferred = prefs[role];
    if (!preferred) continue;
    const pick = pickAudioDevice(preferred, devices, KIND[role]);
    if (!pick?.fallback) continue;
    const lost = before.find((d) => d.deviceId === preferred);
    if (announce) {
      const message = describeDeviceFallback(KIND[role], lost?.label ?? '', pick.label);
      store().addNotices([{ id: crypto.randomUUID(), level: 'warning', message, advice: 'Plug the device back in, or choose another in Settings.', at: new Date().toISOString() }]);
      log('warn', 'devices', message);
    }
    if (role === 'microphoneId') await currentPhone()?.useMicrophone(null);
  }
  await applyRouting();
}

async function applyRouting(): Promise<void> {
  const prefs = store().settings?.preferences;
  if (!prefs) return;
  const present = (id: string | null, kind: AudioDeviceInfo['kind']) => (id && known.some((d) => d.deviceId === id && d.kind === kind) ? id : null);
  await routeAudio(present(prefs.speakerId, 'audiooutput'), present(prefs.ringerId, 'audiooutput')).catch((e: unknown) =>
    log('warn', 'devices', `audio routing failed: ${(e as Error).message}`),
  );
}

/** The agent picked a device in Settings: remember it and use it at once, mid-call included. */
export async function chooseDevice(role: DeviceRole, deviceId: string | null): Promise<void> {
  const r = await currentHost()?.call('settings.updatePreferences', { [role]: deviceId });
  if (r?.ok) store().setSettings(r.value);
  if (role === 'microphoneId') await currentPhone()?.useMicrophone(deviceId);
  else await applyRouting();
}
