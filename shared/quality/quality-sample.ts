import type { WarningId, WarningSeverity } from './advice';
import { codecName } from './codec-impairments';
import { estimateMos, oneWayDelayMs } from './e-model';
import { intervalLoss, sameStream, type IntervalLoss } from './interval-loss';
import type { CandidateType, RelayProtocol, StatsSnapshot, TransportProtocol } from './stats-snapshot';

/** What the call panel shows for one interval (between two snapshots). Durations in ms. */
export type QualitySample = {
  at: number;
  /** RFC 3550 jitter; null when nothing arrived this interval (the figure would be stale). */
  jitterMs: number | null;
  /** Average time a sample spent in the jitter buffer this interval; null when none was emitted. */
  jitterBufferMs: number | null;
  /** Interval inbound loss; null when there is no data (first sample, hold, DTX, new stream). */
  lossPct: number | null;
  rttMs: number | null;
  oneWayDelayMs: number | null;
  mos: number | null;
  codec: CodecSummary | null;
  /** Our microphone, linear 0..1. */
  inputLevel: number | null;
  packetsReceivedDelta: number | null;
  packetsSentDelta: number | null;
  path: PathSummary | null;
  /** Warnings active after hysteresis, critical ones first. */
  warnings: readonly ActiveWarning[];
};

export type CodecSummary = { name: string; clockRate: number | null; fec: boolean };
export type PathSummary = { local: CandidateType | null; remote: CandidateType | null; protocol: TransportProtocol | null; relayProtocol: RelayProtocol | null };
export type ActiveWarning = { id: WarningId; severity: WarningSeverity; measured: number | string | null; advice: string };

export const PATH_LABELS = ['host', 'srflx', 'prflx', 'relay', 'relay/udp', 'relay/tcp', 'relay/tls'] as const;
export type PathLabel = (typeof PATH_LABELS)[number];

export type IntervalMeasurement = { sample: Omit<QualitySample, 'warnings'>; loss: IntervalLoss | null };

/** Everything measurable between two snapshots; `previous` is null on the first one. */
export function measureInterval(previous: StatsSnapshot | null, next: StatsSnapshot): IntervalMeasurement {
  const prevIn = previous?.inbound ?? null;
  const nextIn = next.inbound;
  const loss = prevIn && nextIn ? intervalLoss(prevIn, nextIn) : null;
  const packetsReceivedDelta = previous === null ? null : counterDelta(prevIn, nextIn, (s) => s.packetsReceived);
  const packetsSentDelta = previous === null ? null : counterDelta(previous.outbound, next.outbound, (s) => s.packetsSent);
  // With nothing arriving, getStats keeps repeating the last jitter: not a measurement of now.
  const stale = packetsReceivedDelta === 0;
  const jitterMs = stale ? null : (nextIn?.jitterMs ?? null);
  const jitterBufferMs = stale || !prevIn || !nextIn || !sameStream(prevIn, nextIn) ? null : averageBufferDelay(prevIn, nextIn);
  // STUN consent checks refresh the pair's RTT every few seconds; RTCP RTT only arrives with receiver reports.
  const rttMs = next.path?.currentRoundTripTimeMs ?? next.remoteInbound?.roundTripTimeMs ?? null;
  const mimeType = next.codec?.mimeType ?? null;
  const delayInput = rttMs === null ? null : { codec: mimeType, rttMs, jitterMs, jitterBufferMs };
  const estimate = loss === null || delayInput === null ? null : estimateMos({ ...delayInput, lossPct: loss.pplPct });
  return {
    loss,
    sample: {
      at: next.at,
      jitterMs,
      jitterBufferMs,
      lossPct: loss?.lossPct ?? null,
      rttMs,
      oneWayDelayMs: delayInput && oneWayDelayMs(delayInput),
      mos: estimate?.mos ?? null,
      codec: mimeType === null ? null : { name: codecName(mimeType), clockRate: next.codec?.clockRate ?? null, fec: hasInbandFec(next.codec?.sdpFmtpLine ?? null) },
      inputLevel: inputLevel(previous, next),
      packetsReceivedDelta,
      packetsSentDelta,
      path: next.path && { local: next.path.local, remote: next.path.remote, protocol: next.path.protocol, relayProtocol: next.path.relayProtocol },
    },
  };
}

/** 'host', 'srflx', 'relay/tcp'...: a relay on either side means the media goes through TURN. */
export function pathLabel(path: PathSummary | null): PathLabel | null {
  if (path === null) return null;
  if (path.local === 'relay') return path.relayProtocol === null ? 'relay' : `relay/${path.relayProtocol}`;
  if (path.remote === 'relay') return 'relay';
  return path.local;
}

type Stream = { id: string | null; ssrc: number | null };

/**
 * Chromium creates no inbound-rtp report until the first packet arrives, so
 * "no stream before or now" is a true 0. A new or reset stream gives null.
 */
function counterDelta<S extends Stream>(before: S | null, after: S | null, read: (s: S) => number | null): number | null {
  if (before === null && after === null) return 0;
  if (before === null || after === null || !sameStream(before, after)) return null;
  const a = read(before);
  const b = read(after);
  return a === null || b === null || b < a ? null : b - a;
}

function averageBufferDelay(before: NonNullable<StatsSnapshot['inbound']>, after: NonNullable<StatsSnapshot['inbound']>): number | null {
  const { jitterBufferDelayMs: d0, jitterBufferEmittedCount: n0 } = before;
  const { jitterBufferDelayMs: d1, jitterBufferEmittedCount: n1 } = after;
  if (d0 === null || d1 === null || n0 === null || n1 === null || n1 <= n0 || d1 < d0) return null;
  return (d1 - d0) / (n1 - n0);
}

/**
 * The mean level over the interval, from totalAudioEnergy (Σ level² × seconds),
 * so one reading taken in a breath between words does not look like silence.
 * Falls back to the instantaneous audioLevel.
 */
function inputLevel(previous: StatsSnapshot | null, next: StatsSnapshot): number | null {
  const a = previous?.mediaSource ?? null;
  const b = next.mediaSource;
  if (b === null) return null;
  if (a !== null && a.totalAudioEnergy !== null && b.totalAudioEnergy !== null && a.totalSamplesDurationMs !== null && b.totalSamplesDurationMs !== null) {
    const energy = b.totalAudioEnergy - a.totalAudioEnergy;
    const seconds = (b.totalSamplesDurationMs - a.totalSamplesDurationMs) / 1000;
    if (seconds > 0 && energy >= 0) return Math.min(1, Math.sqrt(energy / seconds));
  }
  return b.audioLevel;
}

/** RFC 7587: useinbandfec=1 in the fmtp line. */
function hasInbandFec(fmtp: string | null): boolean {
  return fmtp !== null && fmtp.split(';').some((p) => p.trim().toLowerCase() === 'useinbandfec=1');
}
