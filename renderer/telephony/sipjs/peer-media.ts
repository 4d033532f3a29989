/** Small helpers over the call's RTCPeerConnection, shared by the sip.js adapter. */

export function audioSender(pc: RTCPeerConnection | undefined): RTCRtpSender | null {
  if (!pc) return null;
  const t = pc.getTransceivers().find((x) => x.receiver.track.kind === 'audio');
  return t?.sender ?? null;
}

/**
 * Seed rule R11: voice packets marked for QoS. Chromium maps networkPriority
 * 'high' to DSCP EF (46) on the audio sender's packets.
 */
export function markVoiceHighPriority(pc: RTCPeerConnection | undefined): void {
  const sender = audioSender(pc);
  if (!sender) return;
  const params = sender.getParameters();
  if (!params.encodings?.length) return;
  for (const e of params.encodings) {
    (e as RTCRtpEncodingParameters & { networkPriority?: RTCPriorityType }).networkPriority = 'high';
    e.priority = 'high';
  }
  void sender.setParameters(params).catch(() => undefined);
}

const CODEC_NAMES: Record<string, string> = { opus: 'Opus', pcmu: 'G.711 µ-law (PCMU)', pcma: 'G.711 A-law (PCMA)', g722: 'G.722' };

/** The codec our audio is actually sent with, from getStats (what the far end accepted). */
export async function describeSendingCodec(pc: RTCPeerConnection | undefined, tries = 10): Promise<string | null> {
  if (!pc) return null;
  for (let i = 0; i < tries; i++) {
    const stats = await pc.getStats();
    let codecId: string | undefined;
    stats.forEach((r: { type: string; kind?: string; codecId?: string }) => {
      if (r.type === 'outbound-rtp' && r.kind === 'audio' && r.codecId) codecId = r.codecId;
    });
    const codec = codecId ? (stats.get(codecId) as { mimeType?: string; clockRate?: number; sdpFmtpLine?: string } | undefined) : undefined;
    if (codec?.mimeType) {
      const name = codec.mimeType.replace(/^audio\//i, '').toLowerCase();
      const fec = /useinbandfec=1/.test(codec.sdpFmtpLine ?? '') ? ', FEC on' : '';
      return `${CODEC_NAMES[name] ?? name.toUpperCase()} ${codec.clockRate ? `${codec.clockRate / 1000} kHz` : ''}${fec}`.trim();
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return null;
}
