/**
 * Builds getStats() report arrays shaped like Chromium 156's for an audio-only
 * call, one per second, so tests can replay "recorded" calls: report ids,
 * links (codecId, transportId, selectedCandidatePairId, localId) and units
 * (seconds, cumulative counters) as the browser gives them, plus the reports a
 * real dump also contains that the engine must skip (certificates, video-less
 * peer-connection, media-playout, remote-outbound-rtp).
 */
export type CallSecond = {
  /** Inbound packets lost this second, percent of the 50 expected (20 ms ptime). */
  lossPct?: number;
  /** Received packets dropped by the jitter buffer as late, percent. */
  discardedPct?: number;
  jitterMs?: number;
  /** Average jitter-buffer delay of what was played out this second. */
  bufferMs?: number;
  rttMs?: number;
  /** Whether the far end's packets arrive (false on hold or one-way audio). */
  receiving?: boolean;
  /** Whether we send packets (Chromium keeps sending silence while the track is disabled). */
  sending?: boolean;
  /** Our microphone's level, linear 0..1 (0 when muted). */
  micLevel?: number;
  /** The far end's SSRC: changing it starts a new inbound stream with fresh counters. */
  inboundSsrc?: number;
};

export type CandidateSide = { candidateType: 'host' | 'srflx' | 'prflx' | 'relay'; protocol: 'udp' | 'tcp'; relayProtocol?: 'udp' | 'tcp' | 'tls' };
export type RecordedCallOptions = {
  codec?: 'opus' | 'PCMU';
  local?: CandidateSide;
  remote?: CandidateSide;
  /** Chromium has no inbound-rtp report until the first packet arrives. */
  inboundBeforeFirstPacket?: boolean;
  /** Chromium time origin of the first report, ms. */
  startAt?: number;
};

export const CLEAN_SECOND: Required<CallSecond> = {
  lossPct: 0,
  discardedPct: 0,
  jitterMs: 3,
  bufferMs: 45,
  rttMs: 40,
  receiving: true,
  sending: true,
  micLevel: 0.03,
  inboundSsrc: 2871334155,
};

export type RecordedSecond = { at: number; reports: unknown[] };

const PACKETS_PER_SECOND = 50;
const OUTBOUND_SSRC = 1633398726;
const CODECS = {
  opus: { payloadType: 111, mimeType: 'audio/opus', clockRate: 48000, channels: 2, sdpFmtpLine: 'minptime=10;useinbandfec=1', bytesPerPacket: 75 },
  PCMU: { payloadType: 0, mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, sdpFmtpLine: undefined, bytesPerPacket: 172 },
} as const;

/** Replays `seconds` and returns the getStats() array taken at the end of each one. */
export function recordCall(seconds: readonly CallSecond[], options: RecordedCallOptions = {}): RecordedSecond[] {
  const codec = CODECS[options.codec ?? 'opus'];
  const local = options.local ?? { candidateType: 'srflx', protocol: 'udp' };
  const remote = options.remote ?? { candidateType: 'host', protocol: 'udp' };
  const codecId = `CIT01_${codec.payloadType}${codec.sdpFmtpLine ? `_${codec.sdpFmtpLine}` : ''}`;
  const startAt = options.startAt ?? 1_767_225_600_000;
  const inbound = { ssrc: CLEAN_SECOND.inboundSsrc, received: 0, lost: 0, discarded: 0, delay: 0, target: 0, emitted: 0, concealed: 0, samples: 0, fec: 0, bytes: 0 };
  const out = { sent: 0, bytes: 0, energy: 0, duration: 0 };
  let lossCarry = 0;
  let discardCarry = 0;

  return seconds.map((partial, i) => {
    const s = { ...CLEAN_SECOND, ...partial };
    const at = startAt + (i + 1) * 1000;
    if (s.inboundSsrc !== inbound.ssrc) Object.assign(inbound, { ssrc: s.inboundSsrc, received: 0, lost: 0, discarded: 0, delay: 0, target: 0, emitted: 0, concealed: 0, samples: 0, fec: 0, bytes: 0 });
    if (s.receiving) {
      lossCarry += (PACKETS_PER_SECOND * s.lossPct) / 100;
      const lost = Math.floor(lossCarry + 1e-9);
      lossCarry -= lost;
      const received = PACKETS_PER_SECOND - lost;
      discardCarry += (received * s.discardedPct) / 100;
      const discarded = Math.floor(discardCarry + 1e-9);
      discardCarry -= discarded;
      const perPacket = codec.clockRate / PACKETS_PER_SECOND;
      inbound.received += received;
      inbound.lost += lost;
      inbound.discarded += discarded;
      inbound.emitted += codec.clockRate;
      inbound.delay += (codec.clockRate * s.bufferMs) / 1000;
      inbound.target += (codec.clockRate * s.bufferMs * 0.9) / 1000;
      inbound.concealed += (lost + discarded) * perPacket;
      inbound.samples += codec.clockRate;
      inbound.fec += codec.mimeType === 'audio/opus' ? Math.min(lost, 1) : 0;
      inbound.bytes += received * codec.bytesPerPacket;
    }
    if (s.sending) {
      out.sent += PACKETS_PER_SECOND;
      out.bytes += PACKETS_PER_SECOND * codec.bytesPerPacket;
    }
    out.energy += s.micLevel * s.micLevel;
    out.duration += 1;

    const ts = at;
    const inboundId = `IT01A${inbound.ssrc}`;
    const hasInbound = !(options.inboundBeforeFirstPacket && inbound.received === 0);
    const reports: Record<string, unknown>[] = [
      { id: 'CF8E:2A:91', type: 'certificate', timestamp: ts, fingerprint: '8E:2A:91', fingerprintAlgorithm: 'sha-256', base64Certificate: 'MIIB...' },
      { id: codecId, type: 'codec', timestamp: ts, transportId: 'T01', payloadType: codec.payloadType, mimeType: codec.mimeType, clockRate: codec.clockRate, channels: codec.channels, ...(codec.sdpFmtpLine ? { sdpFmtpLine: codec.sdpFmtpLine } : {}) },
      { id: 'CPa1B2c3D4_e5F6g7H8', type: 'candidate-pair', timestamp: ts, transportId: 'T01', localCandidateId: 'Ia1B2c3D4', remoteCandidateId: 'Ie5F6g7H8', state: 'succeeded', priority: 9115005270282354000, nominated: true, writable: true, packetsSent: out.sent + 40, packetsReceived: inbound.received + 40, bytesSent: out.bytes, bytesReceived: inbound.bytes, totalRoundTripTime: (s.rttMs / 1000) * (i + 1), currentRoundTripTime: s.rttMs / 1000, availableOutgoingBitrate: 300000, requestsReceived: i + 1, requestsSent: i + 2, responsesReceived: i + 1, responsesSent: i + 1, consentRequestsSent: i },
      // A pair ICE tried and abandoned: must never be taken for the selected one.
      { id: 'CPa1B2c3D4_z9Y8x7W6', type: 'candidate-pair', timestamp: ts, transportId: 'T01', localCandidateId: 'Ia1B2c3D4', remoteCandidateId: 'Iz9Y8x7W6', state: 'failed', nominated: false, writable: false, currentRoundTripTime: 0.9 },
      { id: 'Ia1B2c3D4', type: 'local-candidate', timestamp: ts, transportId: 'T01', isRemote: false, address: '203.0.113.7', port: 54321, protocol: local.protocol, candidateType: local.candidateType, priority: 1686052607, ...(local.relayProtocol ? { relayProtocol: local.relayProtocol, url: `turn:turn.example.net?transport=${local.relayProtocol}` } : {}) },
      { id: 'Ie5F6g7H8', type: 'remote-candidate', timestamp: ts, transportId: 'T01', isRemote: true, address: '198.51.100.20', port: 20000, protocol: remote.protocol, candidateType: remote.candidateType, priority: 2130706431 },
      { id: 'Iz9Y8x7W6', type: 'remote-candidate', timestamp: ts, transportId: 'T01', isRemote: true, address: '10.0.0.5', port: 20000, protocol: 'udp', candidateType: 'host', priority: 2130706431 },
      ...(hasInbound
        ? [
            { id: inboundId, type: 'inbound-rtp', timestamp: ts, ssrc: inbound.ssrc, kind: 'audio', transportId: 'T01', codecId, mid: '0', trackIdentifier: 'e0c1f6a2-remote-audio', remoteId: `ROA${inbound.ssrc}`, jitter: s.jitterMs / 1000, packetsLost: inbound.lost, packetsReceived: inbound.received, packetsDiscarded: inbound.discarded, fecPacketsReceived: inbound.fec, fecPacketsDiscarded: 0, bytesReceived: inbound.bytes, headerBytesReceived: inbound.received * 12, lastPacketReceivedTimestamp: ts - 12, jitterBufferDelay: inbound.delay, jitterBufferTargetDelay: inbound.target, jitterBufferMinimumDelay: inbound.target, jitterBufferEmittedCount: inbound.emitted, totalSamplesReceived: inbound.samples, concealedSamples: inbound.concealed, silentConcealedSamples: 0, concealmentEvents: inbound.lost, insertedSamplesForDeceleration: 0, removedSamplesForAcceleration: 0, audioLevel: s.receiving ? 0.0437 : 0, totalAudioEnergy: 0.0019 * (i + 1), totalSamplesDuration: i + 1, playoutId: 'AP' },
            { id: `ROA${inbound.ssrc}`, type: 'remote-outbound-rtp', timestamp: ts - 2100, ssrc: inbound.ssrc, kind: 'audio', transportId: 'T01', codecId, localId: inboundId, remoteTimestamp: ts - 2120, reportsSent: Math.floor((i + 1) / 5), packetsSent: inbound.received + inbound.lost, bytesSent: inbound.bytes },
          ]
        : []),
      { id: `OT01A${OUTBOUND_SSRC}`, type: 'outbound-rtp', timestamp: ts, ssrc: OUTBOUND_SSRC, kind: 'audio', transportId: 'T01', codecId: codecId.replace('CIT', 'COT'), mid: '0', mediaSourceId: 'SA1', remoteId: `RIA${OUTBOUND_SSRC}`, packetsSent: out.sent, bytesSent: out.bytes, headerBytesSent: out.sent * 12, retransmittedPacketsSent: 0, retransmittedBytesSent: 0, targetBitrate: 32000, totalPacketSendDelay: 0, nackCount: 0, active: true },
      { id: codecId.replace('CIT', 'COT'), type: 'codec', timestamp: ts, transportId: 'T01', payloadType: codec.payloadType, mimeType: codec.mimeType, clockRate: codec.clockRate, channels: codec.channels },
      { id: `RIA${OUTBOUND_SSRC}`, type: 'remote-inbound-rtp', timestamp: ts - 800, ssrc: OUTBOUND_SSRC, kind: 'audio', transportId: 'T01', codecId: codecId.replace('CIT', 'COT'), jitter: 0.002, packetsLost: 0, localId: `OT01A${OUTBOUND_SSRC}`, roundTripTime: (s.rttMs + 6) / 1000, totalRoundTripTime: ((s.rttMs + 6) / 1000) * Math.max(1, Math.floor((i + 1) / 5)), fractionLost: 0, roundTripTimeMeasurements: Math.max(1, Math.floor((i + 1) / 5)) },
      { id: 'SA1', type: 'media-source', timestamp: ts, trackIdentifier: 'b7d3c2e1-mic', kind: 'audio', audioLevel: s.micLevel, totalAudioEnergy: out.energy, totalSamplesDuration: out.duration, echoReturnLoss: -30, echoReturnLossEnhancement: 0.17 },
      { id: 'AP', type: 'media-playout', timestamp: ts, kind: 'audio', synthesizedSamplesDuration: 0, synthesizedSamplesEvents: 0, totalSamplesDuration: i + 1, totalPlayoutDelay: 0.02 * (i + 1), totalSamplesCount: 48000 * (i + 1) },
      { id: 'P', type: 'peer-connection', timestamp: ts, dataChannelsOpened: 0, dataChannelsClosed: 0 },
      { id: 'T01', type: 'transport', timestamp: ts, bytesSent: out.bytes, packetsSent: out.sent, bytesReceived: inbound.bytes, packetsReceived: inbound.received, dtlsState: 'connected', selectedCandidatePairId: 'CPa1B2c3D4_e5F6g7H8', localCertificateId: 'CF8E:2A:91', remoteCertificateId: 'CF8E:2A:91', tlsVersion: 'FEFD', dtlsCipher: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', dtlsRole: 'client', srtpCipher: 'AES_CM_128_HMAC_SHA1_80', selectedCandidatePairChanges: 1, iceRole: 'controlling', iceState: 'connected' },
    ];
    return { at, reports };
  });
}

/** `n` copies of one second, for building scenarios: [...seconds(5), ...seconds(3, { lossPct: 5 })]. */
export function seconds(n: number, second: CallSecond = {}): CallSecond[] {
  return Array.from({ length: n }, () => second);
}
