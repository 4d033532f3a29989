import type { AudioDeviceInfo } from '../../../shared/telephony/audio-device';
import { setRemoteSink } from './remote-audio';
import { setRingerSink } from './ringer';

/** The browser's audio devices, as plain data for the store. */
export async function listAudioDevices(): Promise<AudioDeviceInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const all = await navigator.mediaDevices.enumerateDevices();
  return all
    .filter((d): d is MediaDeviceInfo & { kind: 'audioinput' | 'audiooutput' } => d.kind === 'audioinput' || d.kind === 'audiooutput')
    .map((d) => ({ deviceId: d.deviceId, kind: d.kind, label: d.label }));
}

export function onDevicesChanged(listener: () => void): () => void {
  const md = navigator.mediaDevices;
  if (!md) return () => undefined;
  md.addEventListener('devicechange', listener);
  return () => md.removeEventListener('devicechange', listener);
}

/** Route call audio and the ringtone (setSinkId); null follows the system default. */
export async function routeAudio(speakerId: string | null, ringerId: string | null): Promise<void> {
  await Promise.all([setRemoteSink(speakerId ?? ''), setRingerSink(ringerId ?? '')]);
}
