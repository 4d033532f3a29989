/**
 * One hidden <audio> element per call playing the far end. Kept out of React
 * so re-renders never interrupt playout.
 */
const elements = new Map<string, HTMLAudioElement>();
let sinkId = '';

type SinkableAudio = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/** Send every call's audio to this output device ('' = system default). */
export async function setRemoteSink(id: string): Promise<void> {
  sinkId = id;
  await Promise.all([...elements.values()].map((el) => applySink(el)));
}

async function applySink(el: SinkableAudio): Promise<void> {
  if (!el.setSinkId) return;
  await el.setSinkId(sinkId).catch(() => el.setSinkId?.(''));
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
  void el.play().catch(() => {
    /* autoplay refused: the "Go available" gesture unlocks it; the call itself is unaffected */
  });
}

export function stopRemote(callId: string): void {
  const el = elements.get(callId);
  if (!el) return;
  el.srcObject = null;
  el.remove();
  elements.delete(callId);
}
