import { adviceFor, WARNING_ADVICE, type WarningId } from '../../../shared/quality/advice';
import type { ActiveWarning } from '../../../shared/quality/quality-sample';
import type { RTCSample, RTCWarning } from './twilio-sdk-port';

/**
 * Twilio call quality in the terms of shared/quality.
 *
 * The engine reads getStats() reports (PhonePort.callStats). The Voice SDK
 * keeps its RTCPeerConnection private and publishes one RTCSample a second
 * instead, so we rebuild from the latest sample the few reports it really
 * describes, with the same ids, links and units the browser would use:
 *
 *   inbound-rtp         packetsReceived, packetsLost  <- sample.totals (cumulative, as getStats)
 *                       jitter (s)                    <- sample.jitter (ms) / 1000
 *   outbound-rtp        packetsSent, bytesSent        <- sample.totals
 *   remote-inbound-rtp  roundTripTime (s)             <- sample.rtt (ms) / 1000
 *   codec               mimeType, clockRate           <- sample.codecName ('opus' | 'pcmu')
 *
 * Not rebuilt, because the sample does not carry them (the engine then says
 * "no data" rather than guessing): jitter-buffer delay and concealment (MOS
 * falls back to 2 x jitter for the buffer, as Twilio's own formula does),
 * packetsDiscarded, the ICE candidate pair (no relay-path warning), and the
 * microphone's media-source level. Twilio's audioInputLevel is an average of
 * FFT bins in dB mapped to 0..32767, not the linear RMS level the engine's
 * silence threshold is defined on; converting it would raise false
 * "no microphone" warnings, so Twilio's own constant-audio-input-level
 * warning stands in for that check (see TWILIO_WARNINGS).
 *
 * So the meter, MOS (G.107 E-model) and warnings (Warmline thresholds and
 * hysteresis) are computed by the same engine, on the same scale, as for SIP
 * calls. Twilio's own MOS is kept alongside for comparison (twilioMos).
 */

const IDS = { inbound: 'twilio-inbound-audio', outbound: 'twilio-outbound-audio', remoteInbound: 'twilio-remote-inbound-audio', codec: 'twilio-codec' } as const;

/** The RTP clock rate is fixed by each codec's RTP payload format (RFC 7587 for Opus, RFC 3551 for PCMU). */
const CODECS: Readonly<Record<string, { mimeType: string; clockRate: number }>> = {
  opus: { mimeType: 'audio/opus', clockRate: 48000 },
  pcmu: { mimeType: 'audio/PCMU', clockRate: 8000 },
};

const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const seconds = (ms: unknown): number | undefined => {
  const v = finite(ms);
  return v === undefined ? undefined : v / 1000;
};

/** getStats()-shaped reports for one Twilio sample. A field the sample lacks is left out, as a browser would. */
export function reportsFromSample(sample: RTCSample): Record<string, unknown>[] {
  const t = sample.totals ?? {};
  const ts = finite(sample.timestamp);
  const codec = typeof sample.codecName === 'string' ? CODECS[sample.codecName.toLowerCase()] : undefined;
  const codecId = codec ? IDS.codec : undefined;
  const reports: Record<string, unknown>[] = [
    { id: IDS.inbound, type: 'inbound-rtp', kind: 'audio', timestamp: ts, packetsReceived: finite(t.packetsReceived), packetsLost: finite(t.packetsLost), jitter: seconds(sample.jitter), codecId },
    { id: IDS.outbound, type: 'outbound-rtp', kind: 'audio', timestamp: ts, packetsSent: finite(t.packetsSent), bytesSent: finite(t.bytesSent), codecId },
  ];
  const rtt = seconds(sample.rtt);
  if (rtt !== undefined) reports.push({ id: IDS.remoteInbound, type: 'remote-inbound-rtp', kind: 'audio', timestamp: ts, localId: IDS.outbound, roundTripTime: rtt });
  if (codec) reports.push({ id: IDS.codec, type: 'codec', timestamp: ts, mimeType: codec.mimeType, clockRate: codec.clockRate });
  return reports;
}

/**
 * Twilio's warning names (Call `warning` / `warning-cleared`) and the
 * Warmline warning each one means. Twilio raises them on its own thresholds
 * (jitter 30 ms, RTT 400 ms, MOS 3, loss 1 % or 3 % average over 7 s);
 * `measured` turns Twilio's figure into the unit of our advice sentence.
 * null id: no Warmline equivalent, the text is said as it is.
 */
type TwilioWarningMeaning =
  | { id: WarningId; measured: (value: number | null, seconds: number | null) => number | null }
  | { id: null; text: string };

export const TWILIO_WARNINGS: Readonly<Record<string, TwilioWarningMeaning>> = {
  'high-jitter': { id: 'high-jitter', measured: (v) => v },
  'high-packet-loss': { id: 'packet-loss', measured: (v) => v },
  'high-packets-lost-fraction': { id: 'packet-loss', measured: (v) => v },
  'low-mos': { id: 'low-mos', measured: (v) => v },
  // Round trip, not one way: half of it is the least the caller waits for our voice.
  'high-rtt': { id: 'high-delay', measured: (v) => (v === null ? null : v / 2) },
  'constant-audio-input-level': { id: 'no-microphone-input', measured: () => null },
  // Raised after 3 one-second samples with nothing received.
  'low-bytes-received': { id: 'one-way-audio', measured: (_v, s) => s },
  'low-bytes-sent': { id: null, text: 'No audio is leaving this computer: the caller may not hear you. Check your network; if it persists, hang up and call back.' },
};

/** What a Twilio warning means for us; unknown names are passed on in plain words rather than dropped. */
export function readTwilioWarning(name: string, data: RTCWarning | null): { id: WarningId | null; warning: ActiveWarning | null; text: string } {
  const meaning = Object.prototype.hasOwnProperty.call(TWILIO_WARNINGS, name) ? TWILIO_WARNINGS[name] : undefined;
  if (meaning === undefined) return { id: null, warning: null, text: `Twilio reports a call-quality problem (${name.slice(0, 60)}).` };
  if (meaning.id === null) return { id: null, warning: null, text: meaning.text };
  const values = Array.isArray(data?.values) ? data.values.filter((v): v is number => finite(v) !== undefined) : [];
  const value = finite(data?.value) ?? values[values.length - 1] ?? null;
  const measured = meaning.measured(value, values.length > 0 ? values.length : null);
  const warning: ActiveWarning = { id: meaning.id, severity: WARNING_ADVICE[meaning.id].severity, measured, advice: adviceFor(meaning.id, measured) };
  return { id: meaning.id, warning, text: warning.advice };
}

/** One call's Twilio quality state: the latest sample, as reports, and Twilio's active warnings. */
export class TwilioCallQuality {
  private latest: RTCSample | null = null;
  private readonly warnings = new Map<string, ActiveWarning>();

  addSample(sample: RTCSample): void {
    this.latest = sample;
  }

  /** The latest sample as getStats reports, or null before the first sample (no media yet). */
  reports(): readonly unknown[] | null {
    return this.latest === null ? null : reportsFromSample(this.latest);
  }

  /** Twilio's own score for the last second (its rtt + 2·jitter curve); null on the first sample. */
  twilioMos(): number | null {
    return finite(this.latest?.mos) ?? null;
  }

  /** Returns the sentence to show the agent. */
  raise(name: string, data: RTCWarning | null): string {
    const r = readTwilioWarning(name, data);
    if (r.warning) this.warnings.set(name, r.warning);
    return r.text;
  }

  clear(name: string): void {
    this.warnings.delete(name);
  }

  /** Twilio's active warnings in shared/quality's shape, critical first, one per Warmline warning. */
  active(): ActiveWarning[] {
    const byId = new Map<WarningId, ActiveWarning>();
    for (const w of this.warnings.values()) byId.set(w.id, w);
    const all = [...byId.values()];
    return [...all.filter((w) => w.severity === 'critical'), ...all.filter((w) => w.severity !== 'critical')];
  }
}
