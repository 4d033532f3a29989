/**
 * Choosing the microphone and speaker, and telling the agent when a headset goes away mid-shift.
 * The renderer feeds in what navigator.mediaDevices.enumerateDevices() returned, reduced to plain data,
 * so this logic stays free of the DOM.
 */

export type AudioDeviceKind = 'audioinput' | 'audiooutput';
export type AudioDeviceInfo = { deviceId: string; kind: AudioDeviceKind; label: string };
export type PickedAudioDevice = { deviceId: string; label: string; fallback: boolean };

/** Chromium lists the OS default device under this id (and again under its own id). */
const DEFAULT_DEVICE_ID = 'default';
/** Device names are shown in one line of the settings panel and in a toast. */
const MAX_LABEL_LENGTH = 80;
/**
 * Words in headset names; "Your headset microphone" tells the agent which thing to check. Brand names are
 * left out on purpose: the same brands sell desk speakerphones.
 */
const HEADSET_WORDS = /head(set|phone)|earbud|earphone|airpods/i;

const NOUN: Readonly<Record<AudioDeviceKind, string>> = { audioinput: 'microphone', audiooutput: 'speaker' };
const TITLE: Readonly<Record<AudioDeviceKind, string>> = { audioinput: 'Microphone', audiooutput: 'Speaker' };

/**
 * The device to use: the agent's saved choice when it is plugged in, else the OS default, else the first.
 * `fallback` is true only when a saved choice exists but is missing, which is what should trigger a notice.
 */
export function pickAudioDevice(
  preferredId: string | null,
  devices: AudioDeviceInfo[],
  kind: AudioDeviceKind,
): PickedAudioDevice | null {
  if (!Array.isArray(devices)) return null;
  const ofKind = devices.filter((d) => isDevice(d) && d.kind === kind);
  // An empty id is what Chromium uses for "no choice" (and for every device before permission is granted).
  const preferred = preferredId ? ofKind.findIndex((d) => d.deviceId === preferredId) : -1;
  const fallback = preferredId !== null && preferredId !== '' && preferred < 0;
  const defaultIndex = ofKind.findIndex((d) => d.deviceId === DEFAULT_DEVICE_ID);
  const index = preferred >= 0 ? preferred : defaultIndex >= 0 ? defaultIndex : 0;
  const device = ofKind[index];
  if (!device) return null;
  return { deviceId: device.deviceId, label: deviceLabel(device, index), fallback };
}

/**
 * A readable name. Before microphone permission the browser hides labels, so devices become
 * "Microphone 1", "Speaker 2" by their position among devices of the same kind (0-based `index`).
 */
export function deviceLabel(device: AudioDeviceInfo, index = 0): string {
  const label = typeof device.label === 'string' ? cleanLabel(device.label) : '';
  if (label !== '') return label;
  const kind: AudioDeviceKind = device.kind === 'audiooutput' ? 'audiooutput' : 'audioinput';
  if (device.deviceId === DEFAULT_DEVICE_ID) return `Default ${NOUN[kind]}`;
  const position = Number.isInteger(index) && index >= 0 ? index + 1 : 1;
  return `${TITLE[kind]} ${position}`;
}

/**
 * The notice shown when the chosen device disappears, e.g.
 * "Your headset microphone (USB Headset) was disconnected; now using Default - Built-in Microphone."
 * `nowLabel` null means nothing of that kind is left, which the agent must know before taking a call.
 */
export function describeDeviceFallback(kind: AudioDeviceKind, lostLabel: string, nowLabel: string | null): string {
  const lost = typeof lostLabel === 'string' ? cleanLabel(lostLabel) : '';
  const noun = HEADSET_WORDS.test(lost) ? headsetNoun(kind) : NOUN[kind];
  const what = lost === '' ? `Your ${noun}` : `Your ${noun} (${lost})`;
  const now = typeof nowLabel === 'string' ? cleanLabel(nowLabel).replace(/\.+$/, '') : null;
  if (now === null) return `${what} was disconnected and no other ${NOUN[kind]} is available.`;
  if (now === '') return `${what} was disconnected; now using the default ${NOUN[kind]}.`;
  return `${what} was disconnected; now using ${now}.`;
}

function headsetNoun(kind: AudioDeviceKind): string {
  return kind === 'audioinput' ? 'headset microphone' : 'headset';
}

/** Labels come from USB descriptors and drivers: trim, drop control characters, keep them short. */
function cleanLabel(label: string): string {
  const printable = [...label].filter((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f).join('');
  const trimmed = printable.replace(/\s+/g, ' ').trim();
  return trimmed.length > MAX_LABEL_LENGTH ? `${trimmed.slice(0, MAX_LABEL_LENGTH - 1)}…` : trimmed;
}

/** Entries come across the bridge from the renderer; a malformed one is skipped rather than trusted. */
function isDevice(value: unknown): value is AudioDeviceInfo {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Record<string, unknown>;
  return typeof d.deviceId === 'string' && typeof d.label === 'string' && (d.kind === 'audioinput' || d.kind === 'audiooutput');
}
