import { asReport, booleanField, enumField, isAudio, msField, numberField, stringField, type Report } from './report-fields';

/**
 * One call's audio statistics at one moment, read out of RTCPeerConnection.getStats().
 *
 * Units: every duration is in MILLISECONDS (getStats reports seconds; we
 * convert once, here, so nothing downstream multiplies by 1000). Counters stay
 * cumulative since the stream started, exactly as getStats gives them; the
 * monitor takes deltas between two snapshots. Levels stay linear 0..1.
 * A field the browser did not report (or reported as a non-number) is null.
 */
export type StatsSnapshot = {
  /** When the stats were taken, in ms on the caller's clock (shared/ reads no clock). */
  at: number;
  inbound: InboundAudio | null;
  outbound: OutboundAudio | null;
  remoteInbound: RemoteInboundAudio | null;
  mediaSource: AudioSource | null;
  path: SelectedCandidatePair | null;
  codec: CodecInfo | null;
};

export type InboundAudio = {
  id: string | null;
  ssrc: number | null;
  packetsReceived: number | null;
  /** Can be negative: RFC 3550 counts duplicates as negative loss. */
  packetsLost: number | null;
  /** Arrived too late or too early for the jitter buffer (RFC 7002). */
  packetsDiscarded: number | null;
  /** RFC 3550 interarrival jitter, ms. */
  jitterMs: number | null;
  /** Cumulative: sum over emitted samples of their time in the buffer, ms. */
  jitterBufferDelayMs: number | null;
  /** Cumulative like jitterBufferDelayMs (the buffer's target, summed per emitted sample), ms. */
  jitterBufferTargetDelayMs: number | null;
  jitterBufferEmittedCount: number | null;
  concealedSamples: number | null;
  totalSamplesReceived: number | null;
  fecPacketsReceived: number | null;
  /** What we hear from the far end, 0..1. */
  audioLevel: number | null;
  codecId: string | null;
};

export type OutboundAudio = {
  id: string | null;
  ssrc: number | null;
  packetsSent: number | null;
  bytesSent: number | null;
  codecId: string | null;
};

/** What the far end reports (RTCP RR) about OUR outbound stream. */
export type RemoteInboundAudio = {
  /** ms; absent until an RR with a non-zero DLSR has arrived. */
  roundTripTimeMs: number | null;
  /** 0..1 as libwebrtc stores it (raw/256), for the last RR interval. */
  fractionLost: number | null;
};

/** Our microphone track, before encoding. */
export type AudioSource = {
  audioLevel: number | null;
  /** Cumulative sum of level² × seconds; with totalSamplesDurationMs gives a mean level per interval. */
  totalAudioEnergy: number | null;
  totalSamplesDurationMs: number | null;
};

export const CANDIDATE_TYPES = ['host', 'srflx', 'prflx', 'relay'] as const;
export type CandidateType = (typeof CANDIDATE_TYPES)[number];
export const TRANSPORT_PROTOCOLS = ['udp', 'tcp'] as const;
export type TransportProtocol = (typeof TRANSPORT_PROTOCOLS)[number];
export const RELAY_PROTOCOLS = ['udp', 'tcp', 'tls'] as const;
export type RelayProtocol = (typeof RELAY_PROTOCOLS)[number];

/** The ICE candidate pair the media is flowing over. */
export type SelectedCandidatePair = {
  /** Latest STUN (consent) round trip, ms: updates every few seconds, unlike RTCP. */
  currentRoundTripTimeMs: number | null;
  local: CandidateType | null;
  remote: CandidateType | null;
  protocol: TransportProtocol | null;
  /** How we reach our TURN server; only local relay candidates have it. */
  relayProtocol: RelayProtocol | null;
};

export type CodecInfo = {
  /** For example 'audio/opus', 'audio/PCMU'. */
  mimeType: string | null;
  clockRate: number | null;
  payloadType: number | null;
  sdpFmtpLine: string | null;
};

type Linked = (type: string, id: string | null) => Report | null;

/** Read a snapshot from `[...(await pc.getStats()).values()]`. Never throws. */
export function snapshotFromStats(reports: readonly unknown[], at: number): StatsSnapshot {
  const all = (Array.isArray(reports) ? reports : []).map(asReport).filter((r): r is Report => r !== null);
  const byId = new Map<string, Report>();
  for (const r of all) {
    const id = stringField(r, 'id');
    if (id !== null && !byId.has(id)) byId.set(id, r);
  }
  // Reports point at each other by id (codecId, transportId, ...); a dangling id reads as null.
  const linked: Linked = (type, id) => {
    const r = id === null ? undefined : byId.get(id);
    return r !== undefined && r.type === type ? r : null;
  };
  const audioOfType = (type: string) => all.filter((r) => r.type === type && isAudio(r));

  // A softphone has one audio m-line, so one stream each way; the first is it.
  const inbound = audioOfType('inbound-rtp')[0] ?? null;
  const outbound = audioOfType('outbound-rtp')[0] ?? null;
  const outboundId = outbound ? stringField(outbound, 'id') : null;
  const remoteInbounds = audioOfType('remote-inbound-rtp');
  const remoteInbound = remoteInbounds.find((r) => outboundId !== null && stringField(r, 'localId') === outboundId) ?? remoteInbounds[0] ?? null;
  const mediaSource = audioOfType('media-source')[0] ?? null;
  const codec =
    (inbound ? linked('codec', stringField(inbound, 'codecId')) : null) ?? (outbound ? linked('codec', stringField(outbound, 'codecId')) : null);

  return {
    at,
    inbound: inbound && readInbound(inbound),
    outbound: outbound && readOutbound(outbound),
    remoteInbound: remoteInbound && { roundTripTimeMs: msField(remoteInbound, 'roundTripTime'), fractionLost: numberField(remoteInbound, 'fractionLost') },
    mediaSource: mediaSource && {
      audioLevel: numberField(mediaSource, 'audioLevel'),
      totalAudioEnergy: numberField(mediaSource, 'totalAudioEnergy'),
      totalSamplesDurationMs: msField(mediaSource, 'totalSamplesDuration'),
    },
    path: readPath(selectedPair(all, linked, inbound ?? outbound), linked),
    codec: codec && {
      mimeType: stringField(codec, 'mimeType'),
      clockRate: numberField(codec, 'clockRate'),
      payloadType: numberField(codec, 'payloadType'),
      sdpFmtpLine: stringField(codec, 'sdpFmtpLine'),
    },
  };
}

function readInbound(r: Report): InboundAudio {
  return {
    id: stringField(r, 'id'),
    ssrc: numberField(r, 'ssrc'),
    packetsReceived: numberField(r, 'packetsReceived'),
    packetsLost: numberField(r, 'packetsLost'),
    packetsDiscarded: numberField(r, 'packetsDiscarded'),
    jitterMs: msField(r, 'jitter'),
    jitterBufferDelayMs: msField(r, 'jitterBufferDelay'),
    jitterBufferTargetDelayMs: msField(r, 'jitterBufferTargetDelay'),
    jitterBufferEmittedCount: numberField(r, 'jitterBufferEmittedCount'),
    concealedSamples: numberField(r, 'concealedSamples'),
    totalSamplesReceived: numberField(r, 'totalSamplesReceived'),
    fecPacketsReceived: numberField(r, 'fecPacketsReceived'),
    audioLevel: numberField(r, 'audioLevel'),
    codecId: stringField(r, 'codecId'),
  };
}

function readOutbound(r: Report): OutboundAudio {
  return {
    id: stringField(r, 'id'),
    ssrc: numberField(r, 'ssrc'),
    packetsSent: numberField(r, 'packetsSent'),
    bytesSent: numberField(r, 'bytesSent'),
    codecId: stringField(r, 'codecId'),
  };
}

/**
 * The spec names the active pair on the transport; Firefox historically only
 * flagged it `selected: true`; as a last resort a nominated, succeeded pair is
 * the one ICE settled on. Twilio checks the first two the same way.
 */
function selectedPair(all: readonly Report[], linked: Linked, stream: Report | null): Report | null {
  const transport = (stream ? linked('transport', stringField(stream, 'transportId')) : null) ?? all.find((r) => r.type === 'transport' && typeof r.selectedCandidatePairId === 'string') ?? null;
  const viaTransport = transport ? linked('candidate-pair', stringField(transport, 'selectedCandidatePairId')) : null;
  const pairs = all.filter((r) => r.type === 'candidate-pair');
  return (
    viaTransport ??
    pairs.find((p) => booleanField(p, 'selected') === true) ??
    pairs.find((p) => booleanField(p, 'nominated') === true && stringField(p, 'state') === 'succeeded') ??
    null
  );
}

function readPath(pair: Report | null, linked: Linked): SelectedCandidatePair | null {
  if (pair === null) return null;
  const local = linked('local-candidate', stringField(pair, 'localCandidateId'));
  const remote = linked('remote-candidate', stringField(pair, 'remoteCandidateId'));
  return {
    currentRoundTripTimeMs: msField(pair, 'currentRoundTripTime'),
    local: local && enumField(local, 'candidateType', CANDIDATE_TYPES),
    remote: remote && enumField(remote, 'candidateType', CANDIDATE_TYPES),
    protocol: (local && enumField(local, 'protocol', TRANSPORT_PROTOCOLS)) ?? (remote && enumField(remote, 'protocol', TRANSPORT_PROTOCOLS)),
    relayProtocol: local && enumField(local, 'relayProtocol', RELAY_PROTOCOLS),
  };
}
