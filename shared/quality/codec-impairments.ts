/**
 * Per-codec E-model constants (handbook standards.md 1.3 and 1.4).
 *
 * Ie is the codec's own impairment with no loss; Bpl is its robustness to
 * random packet loss (higher is more robust); codecDelayMs is what the codec
 * adds to mouth-to-ear delay (packetization plus look-ahead).
 */
export type CodecImpairment = { ie: number; bpl: number; codecDelayMs: number };

/**
 * G.711 with G.711 Appendix I style concealment (G.113 App. I table, as
 * reproduced by several independent implementations). Every browser conceals
 * lost G.711 frames (NetEq expand), so a WebRTC receiver is always "with PLC".
 * 20 ms is the packetization time at the usual ptime of 20.
 */
export const G711_WITH_PLC: CodecImpairment = { ie: 0, bpl: 25.1, codecDelayMs: 20 };

/** G.711 with no concealment: not what a browser does, kept for SIP-phone comparisons and test vector 3. */
export const G711_WITHOUT_PLC: CodecImpairment = { ie: 0, bpl: 4.3, codecDelayMs: 20 };

/**
 * Opus. There is NO ITU-T G.113 row for Opus. These are the narrowband CBR
 * (11 kbit/s) estimates of Alahmadi, Počta & Melvin, ACM TOMM 17(4) art. 133,
 * 2021: the only published figures derived on the same narrowband scale as our
 * R = 93.2 formula (their WB/SWB rows belong to G.107.1/.2 and must not be used
 * here). WebRTC runs Opus wideband at higher rates, so this is a conservative
 * stand-in, not a measurement of our configuration.
 * 26.5 ms = 20 ms frame + 6.5 ms encoder look-ahead (RFC 6716 default mode).
 */
export const OPUS_NB_CBR: CodecImpairment = { ie: 2.03, bpl: 15.95, codecDelayMs: 26.5 };

/**
 * Keyed by the lower-cased codec name (the part of mimeType after 'audio/').
 * G.722 has no narrowband-scale row either; we assume a wideband codec scores
 * at least as well as G.711 on the narrowband scale, so it reuses the G.711+PLC values
 * (G.722 frames are also 20 ms at the usual ptime).
 */
export const CODEC_IMPAIRMENTS: Readonly<Record<string, CodecImpairment>> = {
  pcmu: G711_WITH_PLC,
  pcma: G711_WITH_PLC,
  g722: G711_WITH_PLC,
  opus: OPUS_NB_CBR,
};

/** The short codec name of a mimeType: 'audio/opus' → 'opus', 'audio/PCMU' → 'PCMU'. */
export function codecName(mimeType: string): string {
  const slash = mimeType.indexOf('/');
  return slash === -1 ? mimeType : mimeType.slice(slash + 1);
}

/**
 * Constants for a codec given by name or mimeType. An unknown codec (or none
 * reported yet) gets the Opus values: Opus is what WebRTC negotiates by
 * default, and its constants are the more pessimistic of the two we have.
 */
export function codecImpairment(codec: string | null): CodecImpairment {
  if (codec === null) return OPUS_NB_CBR;
  return CODEC_IMPAIRMENTS[codecName(codec).toLowerCase()] ?? OPUS_NB_CBR;
}
