import { describe, expect, it } from 'vitest';
import { applyCodecPolicy, audioCodecsOffered, type CodecPolicy } from './sdp-codec-policy';

const crlf = (lines: string[]) => lines.map((l) => `${l}\r\n`).join('');
const lf = (lines: string[]) => lines.map((l) => `${l}\n`).join('');

/** Shaped like a Chrome 120+ audio-only offer from RTCPeerConnection.createOffer(). */
const CHROME_AUDIO_LINES = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS 5c1f3e2a-6d7b-4b8e-9a55-2f0e1c9d3b11',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:hB6y',
  'a=ice-pwd:Zk0rB3sFJ2pU2WcS2bOyqX1n',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:26:32:D2:3C:3B:6C:1D:0E:4F:1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8',
  'a=setup:actpass',
  'a=mid:0',
  'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
  'a=sendrecv',
  'a=msid:5c1f3e2a-6d7b-4b8e-9a55-2f0e1c9d3b11 0d7a2b7e-96c4-4c4c-8f0e-1f4f0b4c7a11',
  'a=rtcp-mux',
  'a=rtcp-rsize',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
  'a=ssrc:3735928559 cname:k3n2Lq8uV0yX1zZa',
  'a=ssrc:3735928559 msid:5c1f3e2a-6d7b-4b8e-9a55-2f0e1c9d3b11 0d7a2b7e-96c4-4c4c-8f0e-1f4f0b4c7a11',
];
const CHROME_AUDIO_OFFER = crlf(CHROME_AUDIO_LINES);

/** Chrome audio+video offer: the video section must come out byte for byte. */
const VIDEO_SECTION = [
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 45 46',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=mid:1',
  'a=sendrecv',
  'a=rtcp-mux',
  'a=rtcp-rsize',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 goog-remb',
  'a=rtcp-fb:96 nack',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:102 H264/90000',
  'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
  'a=rtpmap:103 rtx/90000',
  'a=fmtp:103 apt=102',
  'a=rtpmap:45 AV1/90000',
  'a=fmtp:45 level-idx=5;profile=0;tier=0',
  'a=rtpmap:46 rtx/90000',
  'a=fmtp:46 apt=45',
  // A hostile or confused peer could name a video codec opus; only audio sections are ours to touch.
  'a=rtpmap:98 opus/48000/2',
];
const CHROME_AUDIO_VIDEO_OFFER = crlf([
  ...CHROME_AUDIO_LINES.slice(0, 4),
  'a=group:BUNDLE 0 1',
  ...CHROME_AUDIO_LINES.slice(5),
  ...VIDEO_SECTION,
]);

/** Shaped like an Asterisk (chan_pjsip) answer: PCMU preferred, Opus second, no Opus fmtp, static PTs unmapped. */
const ASTERISK_ANSWER_LINES = [
  'v=0',
  'o=- 1710342000 1710342002 IN IP4 203.0.113.10',
  's=Asterisk',
  'c=IN IP4 203.0.113.10',
  't=0 0',
  'm=audio 14582 UDP/TLS/RTP/SAVPF 0 111 101',
  'a=connection:new',
  'a=setup:active',
  'a=fingerprint:SHA-256 0B:5E:6F:10:8C:31:42:AF:9E:77:DA:4C:2B:81:90:3E:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00',
  'a=ice-ufrag:7c9b2a1f',
  'a=ice-pwd:1d0e4a7b6c5f3e2d1c0b9a8f',
  'a=candidate:Hcb00710a 1 UDP 2130706431 203.0.113.10 14582 typ host',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:111 opus/48000/2',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=maxptime:140',
  'a=sendrecv',
  'a=rtcp-mux',
];
const ASTERISK_ANSWER = crlf(ASTERISK_ANSWER_LINES);

const FEC_DTX: CodecPolicy = { opusFec: true, opusDtx: true };
const FEC_ONLY: CodecPolicy = { opusFec: true, opusDtx: false };

const linesOf = (sdp: string) => sdp.split(/\r?\n/);
const lineStarting = (sdp: string, prefix: string) => linesOf(sdp).filter((l) => l.startsWith(prefix));

describe('applyCodecPolicy on a Chrome offer', () => {
  it('merges FEC and DTX into the existing Opus fmtp line, keeping minptime', () => {
    const out = applyCodecPolicy(CHROME_AUDIO_OFFER, FEC_DTX);
    expect(lineStarting(out, 'a=fmtp:111')).toEqual(['a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1']);
  });

  it('keeps Opus first and every fallback codec in order', () => {
    const out = applyCodecPolicy(CHROME_AUDIO_OFFER, FEC_DTX);
    expect(lineStarting(out, 'm=audio')).toEqual(['m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126']);
    expect(audioCodecsOffered(out).map((c) => c.name)).toEqual([
      'opus', 'red', 'G722', 'PCMU', 'PCMA', 'CN', 'telephone-event', 'telephone-event',
    ]);
  });

  it('changes nothing but the Opus fmtp line', () => {
    const out = applyCodecPolicy(CHROME_AUDIO_OFFER, FEC_DTX);
    const before = linesOf(CHROME_AUDIO_OFFER);
    const after = linesOf(out);
    expect(after).toHaveLength(before.length);
    const differing = after.filter((l, i) => l !== before[i]);
    expect(differing).toEqual(['a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1']);
  });

  it('preserves CRLF line endings exactly', () => {
    const out = applyCodecPolicy(CHROME_AUDIO_OFFER, FEC_DTX);
    expect(out.endsWith('\r\n')).toBe(true);
    expect(out.match(/\r\n/g)).toHaveLength(CHROME_AUDIO_LINES.length);
    expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('writes usedtx=0 when DTX is off', () => {
    const out = applyCodecPolicy(CHROME_AUDIO_OFFER, FEC_ONLY);
    expect(lineStarting(out, 'a=fmtp:111')).toEqual(['a=fmtp:111 minptime=10;useinbandfec=1;usedtx=0']);
  });

  it('writes useinbandfec=0 when FEC is off, replacing the Chrome default in place', () => {
    const out = applyCodecPolicy(CHROME_AUDIO_OFFER, { opusFec: false, opusDtx: false });
    expect(lineStarting(out, 'a=fmtp:111')).toEqual(['a=fmtp:111 minptime=10;useinbandfec=0;usedtx=0']);
  });

  it('adds maxaveragebitrate when the policy gives one', () => {
    const out = applyCodecPolicy(CHROME_AUDIO_OFFER, { ...FEC_DTX, opusMaxAverageBitrate: 24000 });
    expect(lineStarting(out, 'a=fmtp:111')).toEqual([
      'a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1;maxaveragebitrate=24000',
    ]);
  });

  it.each([
    [1000, '6000'],
    [999_999, '510000'],
    [24000.4, '24000'],
  ])('clamps maxaveragebitrate %s into the RFC 7587 range -> %s', (bitrate, written) => {
    const out = applyCodecPolicy(CHROME_AUDIO_OFFER, { ...FEC_DTX, opusMaxAverageBitrate: bitrate });
    expect(audioCodecsOffered(out)[0]?.fmtp.maxaveragebitrate).toBe(written);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'ignores a non-finite maxaveragebitrate (%s)',
    (bitrate) => {
      const out = applyCodecPolicy(CHROME_AUDIO_OFFER, { ...FEC_DTX, opusMaxAverageBitrate: bitrate });
      expect(lineStarting(out, 'a=fmtp:111')).toEqual(['a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1']);
    },
  );

  it('replaces an existing maxaveragebitrate instead of duplicating it', () => {
    const once = applyCodecPolicy(CHROME_AUDIO_OFFER, { ...FEC_DTX, opusMaxAverageBitrate: 40000 });
    const out = applyCodecPolicy(once, { ...FEC_DTX, opusMaxAverageBitrate: 16000 });
    expect(lineStarting(out, 'a=fmtp:111')).toEqual([
      'a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1;maxaveragebitrate=16000',
    ]);
  });

  it('leaves an existing maxaveragebitrate alone when the policy has none', () => {
    const withCap = CHROME_AUDIO_OFFER.replace('minptime=10;', 'minptime=10;maxaveragebitrate=32000;');
    const out = applyCodecPolicy(withCap, FEC_DTX);
    expect(lineStarting(out, 'a=fmtp:111')).toEqual([
      'a=fmtp:111 minptime=10;maxaveragebitrate=32000;useinbandfec=1;usedtx=1',
    ]);
  });

  it('is idempotent', () => {
    for (const policy of [FEC_DTX, FEC_ONLY, { opusFec: false, opusDtx: true, opusMaxAverageBitrate: 20000 }]) {
      for (const sdp of [CHROME_AUDIO_OFFER, CHROME_AUDIO_VIDEO_OFFER, ASTERISK_ANSWER]) {
        const once = applyCodecPolicy(sdp, policy);
        expect(applyCodecPolicy(once, policy)).toBe(once);
      }
    }
  });

  it('leaves the video section and the session-level lines byte for byte', () => {
    const out = applyCodecPolicy(CHROME_AUDIO_VIDEO_OFFER, FEC_DTX);
    const videoStart = out.indexOf('m=video');
    expect(out.slice(videoStart)).toBe(crlf(VIDEO_SECTION));
    expect(out.slice(0, out.indexOf('m=audio'))).toBe(
      CHROME_AUDIO_VIDEO_OFFER.slice(0, CHROME_AUDIO_VIDEO_OFFER.indexOf('m=audio')),
    );
    expect(out).toContain('a=rtpmap:98 opus/48000/2\r\n');
    expect(lineStarting(out, 'a=fmtp:98')).toEqual([]);
  });
});

describe('applyCodecPolicy on an Asterisk answer', () => {
  const out = applyCodecPolicy(ASTERISK_ANSWER, FEC_DTX);

  it('moves Opus ahead of PCMU and keeps PCMU and telephone-event', () => {
    expect(lineStarting(out, 'm=audio')).toEqual(['m=audio 14582 UDP/TLS/RTP/SAVPF 111 0 101']);
  });

  it('adds an Opus fmtp line directly after its rtpmap line', () => {
    const lines = linesOf(out);
    const rtpmap = lines.indexOf('a=rtpmap:111 opus/48000/2');
    expect(lines[rtpmap + 1]).toBe('a=fmtp:111 useinbandfec=1;usedtx=1');
    expect(lineStarting(out, 'a=fmtp:101')).toEqual(['a=fmtp:101 0-16']);
  });

  it('keeps CRLF on the added line', () => {
    expect(out).toContain('a=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1;usedtx=1\r\na=rtpmap:101');
    expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('lists the codecs in the new order, naming the unmapped static payload types', () => {
    expect(audioCodecsOffered(out)).toEqual([
      { payloadType: 111, name: 'opus', clockRate: 48000, fmtp: { useinbandfec: '1', usedtx: '1' } },
      { payloadType: 0, name: 'PCMU', clockRate: 8000, fmtp: {} },
      { payloadType: 101, name: 'telephone-event', clockRate: 8000, fmtp: { '0-16': '' } },
    ]);
  });
});

describe('applyCodecPolicy line endings', () => {
  it('keeps LF-only input LF-only, including the added fmtp line', () => {
    const input = lf(ASTERISK_ANSWER_LINES);
    const out = applyCodecPolicy(input, FEC_DTX);
    expect(out).not.toContain('\r');
    expect(out).toContain('a=rtpmap:111 opus/48000/2\na=fmtp:111 useinbandfec=1;usedtx=1\n');
    expect(applyCodecPolicy(out, FEC_DTX)).toBe(out);
  });

  it('terminates an unterminated last rtpmap line before adding the fmtp line', () => {
    const input = crlf(ASTERISK_ANSWER_LINES.slice(0, 14)).replace(/\r\n$/, '');
    expect(input.endsWith('a=rtpmap:111 opus/48000/2')).toBe(true);
    const out = applyCodecPolicy(input, FEC_DTX);
    expect(out.endsWith('a=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1;usedtx=1')).toBe(true);
  });

  it('keeps each line own terminator in mixed input', () => {
    const input = 'v=0\r\nm=audio 9 RTP/AVP 0 111\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10\n';
    expect(applyCodecPolicy(input, FEC_DTX)).toBe(
      'v=0\r\nm=audio 9 RTP/AVP 111 0\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\n',
    );
  });
});

describe('applyCodecPolicy: inputs it must not change', () => {
  it('returns the input unchanged when there is no Opus', () => {
    const pcmuOnly = crlf([
      'v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0',
      'm=audio 4000 RTP/AVP 0 8 101', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15',
    ]);
    expect(applyCodecPolicy(pcmuOnly, FEC_DTX)).toBe(pcmuOnly);
  });

  it('returns the input unchanged when there is no audio section', () => {
    const videoOnly = crlf(['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 't=0 0', ...VIDEO_SECTION]);
    expect(applyCodecPolicy(videoOnly, FEC_DTX)).toBe(videoOnly);
  });

  it.each(['', 'garbage', 'm=audio', 'm=audio\r\n', '\r\n\r\n', 'm=audio 9 RTP/AVP\r\na=rtpmap:111 opus/48000/2\r\n'])(
    'does not throw on malformed SDP %j and returns it unchanged',
    (sdp) => {
      expect(applyCodecPolicy(sdp, FEC_DTX)).toBe(sdp);
    },
  );

  it('ignores an Opus rtpmap at the wrong clock rate', () => {
    const sdp = crlf(['v=0', 'm=audio 9 RTP/AVP 0 96', 'a=rtpmap:96 opus/8000']);
    expect(applyCodecPolicy(sdp, FEC_DTX)).toBe(sdp);
  });

  it('survives a very large hostile SDP without throwing', () => {
    const huge = `m=audio 9 RTP/AVP 111${' 0'.repeat(50_000)}\r\na=rtpmap:111 opus/48000/2\r\n${'a=x\r\n'.repeat(50_000)}`;
    const out = applyCodecPolicy(huge, FEC_DTX);
    expect(out).toContain('a=fmtp:111 useinbandfec=1;usedtx=1\r\n');
  });
});

describe('applyCodecPolicy: fmtp merging', () => {
  const withFmtp = (fmtp: string) =>
    crlf(['v=0', 'm=audio 9 RTP/AVP 111 0', 'a=rtpmap:111 OPUS/48000/2', `a=fmtp:111 ${fmtp}`]);
  const opusFmtp = (sdp: string) => lineStarting(sdp, 'a=fmtp:111');

  it('replaces keys case-insensitively and removes duplicates', () => {
    const out = applyCodecPolicy(withFmtp('UseInbandFec=0; minptime=10 ;usedtx=1;usedtx=0;stereo=1'), FEC_ONLY);
    expect(opusFmtp(out)).toEqual(['a=fmtp:111 useinbandfec=1;minptime=10;usedtx=0;stereo=1']);
  });

  it('treats a hostile __proto__ parameter as an ordinary key', () => {
    const out = applyCodecPolicy(withFmtp('__proto__=1;constructor=2'), FEC_DTX);
    expect(opusFmtp(out)).toEqual(['a=fmtp:111 __proto__=1;constructor=2;useinbandfec=1;usedtx=1']);
    const fmtp = audioCodecsOffered(out)[0]?.fmtp;
    expect(Object.getPrototypeOf(fmtp)).toBe(Object.prototype);
    expect(Object.keys(fmtp ?? {})).toEqual(['__proto__', 'constructor', 'useinbandfec', 'usedtx']);
  });

  it('fills an fmtp line that has no parameters', () => {
    const sdp = crlf(['v=0', 'm=audio 9 RTP/AVP 111', 'a=rtpmap:111 opus/48000/2', 'a=fmtp:111']);
    expect(lineStarting(applyCodecPolicy(sdp, FEC_DTX), 'a=fmtp:111')).toEqual(['a=fmtp:111 useinbandfec=1;usedtx=1']);
  });

  it('handles every audio section and every Opus payload type', () => {
    const sdp = crlf([
      'v=0',
      'm=audio 9 RTP/AVP 0 111 112', 'a=rtpmap:111 opus/48000/2', 'a=rtpmap:112 opus/48000',
      'm=audio 9 RTP/AVP 8 96', 'a=rtpmap:96 opus/48000/2', 'a=fmtp:96 minptime=10',
    ]);
    const out = applyCodecPolicy(sdp, FEC_DTX);
    expect(lineStarting(out, 'm=audio')).toEqual(['m=audio 9 RTP/AVP 111 112 0', 'm=audio 9 RTP/AVP 96 8']);
    expect(lineStarting(out, 'a=fmtp:')).toEqual([
      'a=fmtp:111 useinbandfec=1;usedtx=1',
      'a=fmtp:112 useinbandfec=1;usedtx=1',
      'a=fmtp:96 minptime=10;useinbandfec=1;usedtx=1',
    ]);
  });

  it('does not touch another section fmtp line with the same payload number', () => {
    const sdp = crlf([
      'v=0',
      'm=audio 9 RTP/AVP 111', 'a=rtpmap:111 opus/48000/2',
      'm=video 9 RTP/AVP 111', 'a=rtpmap:111 VP8/90000', 'a=fmtp:111 max-fr=30',
    ]);
    const out = applyCodecPolicy(sdp, FEC_DTX);
    expect(lineStarting(out, 'a=fmtp:111')).toEqual(['a=fmtp:111 useinbandfec=1;usedtx=1', 'a=fmtp:111 max-fr=30']);
  });
});

describe('audioCodecsOffered', () => {
  it('lists the first audio section of a Chrome offer in m-line order', () => {
    const codecs = audioCodecsOffered(CHROME_AUDIO_VIDEO_OFFER);
    expect(codecs.map((c) => c.payloadType)).toEqual([111, 63, 9, 0, 8, 13, 110, 126]);
    expect(codecs[0]).toEqual({
      payloadType: 111,
      name: 'opus',
      clockRate: 48000,
      fmtp: { minptime: '10', useinbandfec: '1' },
    });
    expect(codecs[1]).toEqual({ payloadType: 63, name: 'red', clockRate: 48000, fmtp: { '111/111': '' } });
    expect(codecs[6]).toMatchObject({ name: 'telephone-event', clockRate: 48000 });
  });

  it('skips dynamic payload types that have no rtpmap', () => {
    const sdp = crlf(['v=0', 'm=audio 9 RTP/AVP 8 97 18']);
    expect(audioCodecsOffered(sdp).map((c) => `${c.payloadType} ${c.name}/${c.clockRate}`)).toEqual([
      '8 PCMA/8000',
      '18 G729/8000',
    ]);
  });

  it.each(['', 'v=0\r\n', crlf(['v=0', ...VIDEO_SECTION]), 'm=audio nonsense'])('is empty for %j', (sdp) => {
    expect(audioCodecsOffered(sdp)).toEqual([]);
  });
});
