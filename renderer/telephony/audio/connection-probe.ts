/**
 * Audio checks for "Test my connection": how loud the chosen microphone is,
 * and a test tone on the chosen speaker. Browser audio APIs only, no call.
 */
type SinkableAudio = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/** Peak RMS level (0..1) of the microphone over `ms`. */
export async function measureMicrophone(deviceId: string | null, ms: number, onLevel?: (level: number) => void): Promise<number> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true, video: false });
  const ctx = new AudioContext();
  try {
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    let peak = 0;
    const end = performance.now() + ms;
    while (performance.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += v * v;
      const rms = Math.sqrt(sum / buf.length);
      peak = Math.max(peak, rms);
      onLevel?.(rms);
    }
    return Math.min(1, peak);
  } finally {
    for (const t of stream.getTracks()) t.stop();
    await ctx.close().catch(() => undefined);
  }
}

/** Plays a 1 s, 440 Hz tone on the speaker (system default when null). */
export async function playTestTone(speakerId: string | null): Promise<void> {
  const ctx = new AudioContext();
  const dest = ctx.createMediaStreamDestination();
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  gain.gain.value = 0.2;
  osc.frequency.value = 440;
  osc.connect(gain).connect(dest);
  const el = document.createElement('audio') as SinkableAudio;
  el.srcObject = dest.stream;
  try {
    if (speakerId && el.setSinkId) await el.setSinkId(speakerId);
    osc.start();
    await el.play();
    await new Promise((r) => setTimeout(r, 1000));
  } finally {
    osc.stop();
    el.srcObject = null;
    await ctx.close().catch(() => undefined);
  }
}
