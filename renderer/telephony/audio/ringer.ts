/**
 * The ringtone. Browsers refuse to play sound before a user gesture, the most
 * reported softphone failure: unlock() runs inside the "Go available" click so
 * later rings are audible even when the window is hidden.
 */
const RINGTONE_URL = './ringtone.wav';

let element: HTMLAudioElement | null = null;
let ringing = false;

function ringElement(): HTMLAudioElement {
  if (!element) {
    element = new Audio(RINGTONE_URL);
    element.loop = true;
    element.preload = 'auto';
  }
  return element;
}

/** Must be called from a click handler. Resolves true when the browser now allows sound. */
export async function unlockAudio(): Promise<boolean> {
  const el = ringElement();
  const wasMuted = el.muted;
  el.muted = true;
  try {
    await el.play();
    if (!ringing) el.pause();
    el.currentTime = 0;
    return true;
  } catch {
    return false;
  } finally {
    el.muted = wasMuted;
  }
}

/** Ring on this output device ('' = system default), e.g. loudspeakers while the headset stays quiet. */
export async function setRingerSink(id: string): Promise<void> {
  const el = ringElement() as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
  if (el.setSinkId) await el.setSinkId(id).catch(() => el.setSinkId?.(''));
}

export function startRinging(volume: number): void {
  const el = ringElement();
  el.volume = Math.min(1, Math.max(0, volume));
  ringing = true;
  el.currentTime = 0;
  void el.play().catch(() => {
    /* still locked: the visual ring and notification carry the call */
  });
}

export function stopRinging(): void {
  ringing = false;
  if (element) {
    element.pause();
    element.currentTime = 0;
  }
}
