import { describe, expect, it } from 'vitest';
import { audioDirection, isHoldOffer } from './sdp-direction';

const sdp = (...lines: string[]) => ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', ...lines].join('\r\n') + '\r\n';

describe('audioDirection / isHoldOffer', () => {
  it('reads the audio section direction', () => {
    expect(audioDirection(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=sendonly'))).toBe('sendonly');
    expect(isHoldOffer(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=sendonly'))).toBe(true);
    expect(isHoldOffer(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=inactive'))).toBe(true);
    expect(isHoldOffer(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=sendrecv'))).toBe(false);
    expect(isHoldOffer(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=recvonly'))).toBe(false);
  });
  it('falls back to the session-level direction and defaults to sendrecv', () => {
    expect(audioDirection(sdp('a=inactive', 'm=audio 9 RTP/AVP 0'))).toBe('inactive');
    expect(audioDirection(sdp('m=audio 9 RTP/AVP 0'))).toBe('sendrecv');
  });
  it('ignores the direction of a video section', () => {
    expect(audioDirection(sdp('m=audio 9 RTP/AVP 0', 'a=sendrecv', 'm=video 9 RTP/AVP 96', 'a=inactive'))).toBe('sendrecv');
    expect(audioDirection(sdp('m=video 9 RTP/AVP 96', 'a=inactive', 'm=audio 9 RTP/AVP 0'))).toBe('sendrecv');
  });
  it('treats legacy c=0.0.0.0 hold as inactive', () => {
    expect(isHoldOffer(sdp('m=audio 9 RTP/AVP 0', 'c=IN IP4 0.0.0.0'))).toBe(true);
  });
  it('returns null without an audio section, and handles LF-only input', () => {
    expect(audioDirection(sdp('m=video 9 RTP/AVP 96'))).toBeNull();
    expect(audioDirection('v=0\nm=audio 9 RTP/AVP 0\na=sendonly\n')).toBe('sendonly');
    expect(audioDirection('')).toBeNull();
  });
});
