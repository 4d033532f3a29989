/** What the check uses of Electron's systemPreferences (macOS-only methods). */
export type MediaAccessPort = {
  getMediaAccessStatus(mediaType: 'microphone'): string;
  askForMediaAccess(mediaType: 'microphone'): Promise<boolean>;
};

export type MicrophoneAccessDeps = {
  platform: NodeJS.Platform;
  systemPreferences: MediaAccessPort;
  /** Told once when macOS refuses, with what to do. */
  onDenied(message: string, advice: string): void;
};

/**
 * macOS asks the user before any app may record (TCC): without this,
 * getUserMedia fails silently on the first call. Asked when the page first
 * wants the microphone (going available, answering, dialling), not at launch;
 * one prompt at a time; a refusal is reported once with the way back.
 * Other systems have no such consent: always granted here (Chromium's
 * permission handler still decides).
 */
export function microphoneAccess(deps: MicrophoneAccessDeps): () => Promise<boolean> {
  if (deps.platform !== 'darwin') return () => Promise.resolve(true);
  let asking: Promise<boolean> | null = null;
  let reported = false;
  const denied = () => {
    if (!reported) {
      reported = true;
      deps.onDenied(
        'macOS does not let Warmline use the microphone, so callers cannot hear you.',
        'Open System Settings → Privacy & Security → Microphone, turn Warmline on, then restart Warmline.',
      );
    }
    return false;
  };
  return async () => {
    const status = deps.systemPreferences.getMediaAccessStatus('microphone');
    if (status === 'granted') return true;
    if (status === 'denied' || status === 'restricted') return denied();
    asking ??= deps.systemPreferences.askForMediaAccess('microphone').finally(() => {
      asking = null;
    });
    return (await asking) ? true : denied();
  };
}
