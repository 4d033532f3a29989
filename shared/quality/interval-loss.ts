import type { InboundAudio } from './stats-snapshot';

/**
 * Inbound packet loss between two samples of the same stream (handbook
 * standards.md section 2, "Correct interval loss between two samples";
 * RFC 3550 A.3: interval loss = Δlost / Δexpected, expected = received + lost).
 *
 * Per-stream counters only: the transport's packetsReceived mixes audio,
 * video and RTCP. Cumulative loss over the whole call would lag badly, which
 * is why this works on deltas.
 */
export type StreamCounters = Pick<InboundAudio, 'id' | 'ssrc' | 'packetsReceived' | 'packetsLost' | 'packetsDiscarded'>;

export type IntervalLoss = {
  /** What users see: packets the network lost, percent of those expected. */
  lossPct: number;
  /** The E-model's Ppl: lost plus discarded-as-late, percent (late audio is as gone as lost audio). */
  pplPct: number;
  lost: number;
  discarded: number;
  expected: number;
};

/**
 * Null means "no loss figure for this interval": the first sample, a new
 * stream (SSRC changed after an ICE restart or re-INVITE), a counter that went
 * backwards (a reset baseline), or nothing expected at all (hold, DTX
 * silence), which is not the same as 0 % loss. The caller keeps `next` as the
 * baseline in every case.
 */
export function intervalLoss(previous: StreamCounters | null, next: StreamCounters): IntervalLoss | null {
  if (previous === null || !sameStream(previous, next)) return null;
  const received = delta(previous.packetsReceived, next.packetsReceived);
  const lostRaw = delta(previous.packetsLost, next.packetsLost);
  // packetsDiscarded is missing on some browsers; then no packet counts as discarded.
  const discarded = previous.packetsDiscarded === null || next.packetsDiscarded === null ? 0 : delta(previous.packetsDiscarded, next.packetsDiscarded);
  if (received === null || lostRaw === null || discarded === null || received < 0 || discarded < 0) return null;
  // Cumulative packetsLost can fall (late duplicates count as negative loss): never report negative loss.
  const lost = Math.max(lostRaw, 0);
  const expected = received + lost;
  if (expected <= 0) return null;
  // Discarded packets were also counted as received, so lost + discarded never exceeds expected; min() guards odd browsers.
  return { lossPct: (100 * lost) / expected, pplPct: Math.min(100, (100 * (lost + Math.min(discarded, received))) / expected), lost, discarded, expected };
}

/** Whether two samples describe the same RTP stream, so their counters can be subtracted. */
export function sameStream(a: Pick<StreamCounters, 'id' | 'ssrc'>, b: Pick<StreamCounters, 'id' | 'ssrc'>): boolean {
  if (a.ssrc !== null && b.ssrc !== null && a.ssrc !== b.ssrc) return false;
  if (a.id !== null && b.id !== null && a.id !== b.id) return false;
  // With neither an SSRC nor an id on both sides there is nothing to match on.
  return (a.ssrc !== null && b.ssrc !== null) || (a.id !== null && b.id !== null);
}

function delta(before: number | null, after: number | null): number | null {
  return before === null || after === null ? null : after - before;
}
