import type { Web } from 'sip.js';

type MediaStreamFactory = Parameters<typeof Web.defaultSessionDescriptionHandlerFactory>[0] & {};

/**
 * Zero-gap handoff (seed pattern 14): when the AI announces a transfer to us,
 * the microphone is opened before the INVITE arrives, so answering does not
 * wait for getUserMedia (device start-up, permission checks: tens to hundreds
 * of ms on real hardware). The warm stream is handed to the next call that
 * asks for the same microphone, or released after `holdMs`.
 */
export class WarmMicrophone {
  private warm: { stream: MediaStream; key: string; release: ReturnType<typeof setTimeout> } | null = null;

  async prewarm(constraints: MediaStreamConstraints, holdMs: number): Promise<void> {
    const key = JSON.stringify(constraints.audio ?? true);
    if (this.warm?.key === key) {
      clearTimeout(this.warm.release);
      this.warm.release = setTimeout(() => this.drop(), holdMs);
      return;
    }
    this.drop();
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    this.warm = { stream, key, release: setTimeout(() => this.drop(), holdMs) };
  }

  /** For sip.js: the warm stream when it matches, otherwise a fresh one. */
  readonly factory: MediaStreamFactory = async (constraints) => {
    // Listen-only calls (supervisor monitoring) ask for no media at all: no microphone needed.
    if (!constraints.audio && !constraints.video) return new MediaStream();
    const w = this.warm;
    if (w && w.key === JSON.stringify(constraints.audio ?? true) && w.stream.getAudioTracks().every((t) => t.readyState === 'live')) {
      clearTimeout(w.release);
      this.warm = null;
      return w.stream;
    }
    return navigator.mediaDevices.getUserMedia(constraints);
  };

  drop(): void {
    if (!this.warm) return;
    clearTimeout(this.warm.release);
    for (const t of this.warm.stream.getTracks()) t.stop();
    this.warm = null;
  }
}
