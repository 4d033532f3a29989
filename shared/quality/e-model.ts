import { codecImpairment, type CodecImpairment } from './codec-impairments';

/**
 * A G.107-style E-model MOS (handbook standards.md "Warmline's choices", 1.3–1.5).
 *
 * R = 93.2 − Id − Ie,eff (advantage factor A = 0: a desk softphone, not a
 * mobile or satellite link where users forgive more). 93.2 is R0 − Is with all
 * G.107 defaults, the figure every simplified implementation starts from.
 * Every function here returns null for input it cannot score (NaN, negative,
 * loss over 100 %) rather than a plausible-looking number.
 */
export const R_BASE = 93.2;

/** Cole–Rosenbluth knee: past ~177 ms one-way, delay hurts conversation much faster. */
const DELAY_KNEE_MS = 177.3;
const DELAY_SLOPE = 0.024;
const DELAY_SLOPE_PAST_KNEE = 0.11;

/** Random (Bernoulli) loss. Bursty loss would need a loss-run model we cannot get from getStats counters. */
const BURST_RATIO = 1;

export type MosInput = {
  /** A codec name or mimeType ('opus', 'audio/PCMU'), or explicit constants. */
  codec: string | CodecImpairment | null;
  rttMs: number;
  /** RFC 3550 jitter; only used when the jitter-buffer delay is not known. */
  jitterMs: number | null;
  /** Measured average jitter-buffer delay (Δ jitterBufferDelay / Δ jitterBufferEmittedCount). */
  jitterBufferMs?: number | null;
  /** Ppl: packet loss in percent INCLUDING packets the jitter buffer discarded as late. */
  lossPct: number;
};

export type MosEstimate = { r: number; mos: number; oneWayDelayMs: number };

const isAmount = (x: number): boolean => Number.isFinite(x) && x >= 0;

/** Cole–Rosenbluth delay impairment Id for a one-way delay d in ms. */
export function delayImpairment(oneWayDelayMs: number): number | null {
  if (!isAmount(oneWayDelayMs)) return null;
  const past = oneWayDelayMs - DELAY_KNEE_MS;
  return DELAY_SLOPE * oneWayDelayMs + (past > 0 ? DELAY_SLOPE_PAST_KNEE * past : 0);
}

/** G.107 Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl/BurstR + Bpl), Ppl in percent. */
export function effectiveEquipmentImpairment(impairment: CodecImpairment, pplPct: number): number | null {
  if (!isAmount(pplPct) || pplPct > 100) return null;
  const { ie, bpl } = impairment;
  return ie + ((95 - ie) * pplPct) / (pplPct / BURST_RATIO + bpl);
}

/** R for a one-way delay and a loss percentage (Ppl). */
export function rFactor(input: { codec: string | CodecImpairment | null; oneWayDelayMs: number; lossPct: number }): number | null {
  const id = delayImpairment(input.oneWayDelayMs);
  const ieEff = effectiveEquipmentImpairment(resolveCodec(input.codec), input.lossPct);
  return id === null || ieEff === null ? null : R_BASE - id - ieEff;
}

/**
 * G.107 Annex B. The polynomial dips just below 1 for 0 < R < 6.5 (its
 * minimum is 0.989 at R ≈ 3.2); we clamp to [1, 4.5] so MOS stays on its
 * scale and never rises as R falls (Twilio floors R at 6.52 for the same reason).
 */
export function mosFromR(r: number): number | null {
  if (Number.isNaN(r)) return null;
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  const mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
  return Math.min(4.5, Math.max(1, mos));
}

/**
 * d = RTT/2 + T_jb + T_codec (1.4). RTT/2 assumes a symmetric path. T_jb is the
 * measured buffer delay when we have it, else the common 2 × jitter heuristic.
 * Device delay (sound card, OS mixer) is unknown to getStats and left out.
 */
export function oneWayDelayMs(input: Pick<MosInput, 'codec' | 'rttMs' | 'jitterMs' | 'jitterBufferMs'>): number | null {
  const { rttMs, jitterMs, jitterBufferMs = null } = input;
  if (!isAmount(rttMs)) return null;
  const bufferMs = jitterBufferMs ?? (jitterMs === null ? null : 2 * jitterMs);
  if (bufferMs === null || !isAmount(bufferMs)) return null;
  return rttMs / 2 + bufferMs + resolveCodec(input.codec).codecDelayMs;
}

export function estimateMos(input: MosInput): MosEstimate | null {
  // A measured buffer delay that is present but nonsensical is bad input, not "unknown".
  if (input.jitterBufferMs != null && !isAmount(input.jitterBufferMs)) return null;
  if (input.jitterMs !== null && !isAmount(input.jitterMs)) return null;
  const d = oneWayDelayMs(input);
  if (d === null) return null;
  const r = rFactor({ codec: input.codec, oneWayDelayMs: d, lossPct: input.lossPct });
  const mos = r === null ? null : mosFromR(r);
  return r === null || mos === null ? null : { r, mos, oneWayDelayMs: d };
}

function resolveCodec(codec: string | CodecImpairment | null): CodecImpairment {
  return typeof codec === 'object' && codec !== null ? codec : codecImpairment(codec);
}
