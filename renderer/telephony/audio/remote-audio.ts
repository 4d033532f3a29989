/**
 * One hidden <audio> element per call playing the far end. Kept out of React
 * so re-renders never interrupt playout.
 */
const elements = new Map<string, HTMLAudioElement>();

export function playRemote(callId: string, stream: MediaStream): void {
  let el = elements.get(callId);
  if (!el) {
    el = document.createElement('audio');
    el.autoplay = true;
    el.dataset.callId = callId;
    el.hidden = true;
    document.body.appendChild(el);
    elements.set(callId, el);
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
