import type { WarningId } from './advice';
import type { Reading } from './hysteresis';
import { pathLabel, type QualitySample } from './quality-sample';
import type { StatsSnapshot } from './stats-snapshot';
import type { QualityThresholds } from './thresholds';

/** What the call is doing that changes which warnings make sense. */
export type QualityContext = { muted: boolean; onHold: boolean };

const NO_DATA: Reading = { kind: 'no-data' };
const GOOD: Reading = { kind: 'good' };

/** "Bad above the limit": null (not measured) is no data, never good. */
function above(value: number | null, limit: number): Reading {
  if (value === null) return NO_DATA;
  return value > limit ? { kind: 'bad', measured: value } : GOOD;
}

/** What this sample says about one warning (one-way audio needs history, see checkOneWayAudio). */
export function readWarning(id: WarningId, sample: Omit<QualitySample, 'warnings'>, ctx: QualityContext, t: QualityThresholds, oneWayAudio: Reading): Reading {
  switch (id) {
    case 'low-mos':
      return sample.mos === null ? NO_DATA : sample.mos < t.minMos ? { kind: 'bad', measured: sample.mos } : GOOD;
    case 'packet-loss':
      return above(sample.lossPct, t.maxLossPct);
    case 'high-jitter':
      return above(sample.jitterMs, t.maxJitterMs);
    case 'high-delay':
      return above(sample.oneWayDelayMs, t.maxOneWayDelayMs);
    case 'no-microphone-input':
      // Silence is expected while muted or on hold; forget any history so unmuting starts fresh.
      if (ctx.muted || ctx.onHold) return { kind: 'not-applicable' };
      if (sample.inputLevel === null) return NO_DATA;
      return sample.inputLevel < t.silentInputLevel ? { kind: 'bad', measured: sample.inputLevel } : GOOD;
    case 'one-way-audio':
      return oneWayAudio;
    case 'relay-path': {
      const label = pathLabel(sample.path);
      if (label === null) return NO_DATA;
      return label.startsWith('relay') ? { kind: 'bad', measured: relayName(sample.path?.relayProtocol ?? null) } : GOOD;
    }
    default: {
      const unreachable: never = id;
      return unreachable;
    }
  }
}

export type OneWayAudioCheck = { stalledSince: number | null; reading: Reading };

/**
 * One-way audio: we keep sending but nothing has arrived for oneWayAudioMs.
 * `stalledSince` is when the far end went quiet (the start of the first empty
 * interval). Shorter stalls are "no data yet" rather than good, so an active
 * warning is not cleared by the early seconds of a new stall.
 */
export function checkOneWayAudio(
  stalledSince: number | null,
  previous: StatsSnapshot | null,
  next: StatsSnapshot,
  sample: Omit<QualitySample, 'warnings'>,
  ctx: QualityContext,
  t: QualityThresholds,
): OneWayAudioCheck {
  if (ctx.onHold) return { stalledSince: null, reading: { kind: 'not-applicable' } };
  if (previous === null) return { stalledSince: null, reading: NO_DATA };
  // A stream that just appeared (or restarted with a new SSRC) has no delta, but its packets are news.
  const receiving = sample.packetsReceivedDelta === null ? (next.inbound?.packetsReceived ?? 0) > 0 : sample.packetsReceivedDelta > 0;
  if (receiving) return { stalledSince: null, reading: GOOD };
  const sending = sample.packetsSentDelta === null ? (next.outbound?.packetsSent ?? 0) > 0 : sample.packetsSentDelta > 0;
  // Silent both ways (our sender stopped too) looks like hold, not a one-way fault.
  if (!sending) return { stalledSince: null, reading: NO_DATA };
  const since = stalledSince ?? previous.at;
  const stalledMs = next.at - since;
  return { stalledSince: since, reading: stalledMs >= t.oneWayAudioMs ? { kind: 'bad', measured: stalledMs / 1000 } : NO_DATA };
}

/** TURN over TCP or TLS adds head-of-line blocking, so say which one it is. */
function relayName(protocol: string | null): string {
  return protocol === null ? 'TURN' : `TURN/${protocol.toUpperCase()}`;
}
