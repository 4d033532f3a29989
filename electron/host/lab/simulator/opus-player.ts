import { RtpHeader, RtpPacket, type MediaStreamTrack } from 'werift';
import type { OpusPacket } from '../../../../shared/lab/ogg-opus';

/** A 20 ms Opus packet of silence (CELT fullband, RFC 6716 "silence" TOC 0xF8 with an empty frame). */
const SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);
const FRAME_MS = 20;
const SAMPLES_PER_FRAME = 960; // 48 kHz RTP clock for Opus (RFC 7587)

/**
 * Sends pre-encoded Opus packets as RTP on a werift track, paced at real time,
 * and silence between lines so the far end never sees the stream stop (which
 * would look like one-way audio). One packet per 20 ms tick.
 */
export class OpusPlayer {
  private queue: OpusPacket[] = [];
  private seq = Math.floor(Math.random() * 0xffff);
  private ts = Math.floor(Math.random() * 0xffffffff);
  private timer: NodeJS.Timeout | null = null;
  private next = 0;
  private idleResolvers: Array<() => void> = [];

  constructor(private readonly track: MediaStreamTrack) {}

  start(): void {
    if (this.timer) return;
    this.next = performance.now();
    this.timer = setInterval(() => this.tick(), 10);
  }

  /** Queue a spoken line; resolves when it has been sent. */
  play(packets: readonly OpusPacket[]): Promise<void> {
    this.queue.push(...packets);
    return new Promise((resolve) => this.idleResolvers.push(resolve));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.queue = [];
    for (const r of this.idleResolvers.splice(0)) r();
  }

  private tick(): void {
    // Catch up on late ticks (timers drift under load), but never burst more than 5 frames.
    let budget = 5;
    while (performance.now() >= this.next && budget-- > 0) {
      const p = this.queue.shift();
      const payload = p ? Buffer.from(p.data) : SILENCE;
      const frames = p ? Math.max(1, Math.round(p.durationMs / FRAME_MS)) : 1;
      const header = new RtpHeader({ payloadType: 111, sequenceNumber: this.seq, timestamp: this.ts, marker: false });
      this.track.writeRtp(new RtpPacket(header, payload));
      this.seq = (this.seq + 1) & 0xffff;
      this.ts = (this.ts + SAMPLES_PER_FRAME * frames) >>> 0;
      this.next += FRAME_MS * frames;
      if (!p && this.queue.length === 0) for (const r of this.idleResolvers.splice(0)) r();
    }
    if (performance.now() - this.next > 200) this.next = performance.now(); // after a long stall, do not replay history
  }
}
