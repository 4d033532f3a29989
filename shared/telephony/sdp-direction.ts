/**
 * Whether a far end's SDP puts us on hold (RFC 3264 section 8.4, RFC 6337):
 * the audio stream marked sendonly or inactive, or the legacy c=0.0.0.0.
 */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

const DIRECTIONS: readonly MediaDirection[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

export function audioDirection(sdp: string): MediaDirection | null {
  const lines = sdp.split(/\r?\n/);
  let session: MediaDirection = 'sendrecv';
  let inAudio = false;
  let inMedia = false;
  let seenAudio = false;
  let audio: MediaDirection | null = null;
  let legacyHold = false;
  for (const line of lines) {
    if (line.startsWith('m=')) {
      if (seenAudio && inAudio) break;
      inMedia = true;
      inAudio = line.startsWith('m=audio');
      if (inAudio) seenAudio = true;
      continue;
    }
    const dir = DIRECTIONS.find((d) => line === `a=${d}`);
    if (dir) {
      if (!inMedia) session = dir;
      else if (inAudio) audio = dir;
    }
    if (inAudio && /^c=IN IP4 0\.0\.0\.0\b/.test(line)) legacyHold = true;
  }
  if (!seenAudio) return null;
  if (legacyHold) return 'inactive';
  return audio ?? session;
}

/** True when the far end's offer means "I am holding you". */
export function isHoldOffer(sdp: string): boolean {
  const d = audioDirection(sdp);
  return d === 'sendonly' || d === 'inactive';
}
