/**
 * One hidden <audio> element per call playing the far end. Kept out of React
 * so re-renders never interrupt playout.
 */
const elements = new Map<string, HTMLAudioElement>();
let sinkId = '';
/** Why the chosen speaker could not be used (the default plays instead), or null. */
let sinkError: string | null = null;
/** Calls whose playout the browser refused (autoplay policy). */
const blocked = new Set<string>();

/** What the Output stack of the diagnosis shows for a call. */
export type PlayoutStatus = { playing: boolean; blocked: boolean; sinkId: string; sinkError: string | null };

export function playoutStatus(callId: string): PlayoutStatus | null {
  const el = elements.get(callId);
  if (!el) return null;
  return { playing: !el.paused && el.srcObject !== null, blocked: blocked.has(callId), sinkId, sinkError };
}

type SinkableAudio = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/** Send every call's audio to this output device ('' = system default). */
export async function setRemoteSink(id: string): Promise<void> {
  sinkId = id;
  await Promise.all([...elements.values()].map((el) => applySink(el)));
}

async function applySink(el: SinkableAudio): Promise<void> {
  if (!el.setSinkId) return;
  try {
    await el.setSinkId(sinkId);
    sinkError = null;
  } catch (e) {
    sinkError = (e as Error).message || 'the device refused';
    await el.setSinkId('').catch(() => undefined);
  }
}

export function playRemote(callId: string, stream: MediaStream): void {
  let el = elements.get(callId);
  if (!el) {
    el = document.createElement('audio');
    el.autoplay = true;
    el.dataset.callId = callId;
    el.hidden = true;
    document.body.appendChild(el);
    elements.set(callId, el);
    void applySink(el);
  }
  el.srcObject = stream;
  blocked.delete(callId);
  void el.play().catch(() => {
    // Autoplay refused: the "Go available" gesture unlocks it; the call itself is unaffected.
    blocked.add(callId);
  });
}

export function stopRemote(callId: string): void {
  const el = elements.get(callId);
  if (!el) return;
  el.srcObject = null;
  el.remove();
  elements.delete(callId);
  blocked.delete(callId);
}
