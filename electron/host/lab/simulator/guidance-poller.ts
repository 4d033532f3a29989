import { z } from 'zod';

/**
 * How the Lab's AI platform hears supervisors' guidance: a long poll of the
 * hub's `GET /feed/v1/guidance` (docs/feed-format.md §9) with its platform
 * token, exactly as an outside platform would. It resumes after the last id
 * it saw (kept in memory: the Lab's sessions live no longer than the process),
 * and backs off while the hub is away.
 */
export type Guidance = { id: number; sessionId: string; text: string; at: string };

const WAIT_S = 25;

export class GuidancePoller {
  private after = 0;
  private stopped = false;
  private failures = 0;
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(
    private readonly guidanceUrl: string,
    private readonly token: string,
    private readonly onGuidance: (g: Guidance) => void,
    private readonly log: (level: 'info' | 'warn', message: string) => void,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const page = await this.poll();
      if (this.stopped) return;
      if (page === null) {
        // Capped backoff: a hub restart is noticed within 10 s.
        await this.sleep(Math.min(10_000, 250 * 2 ** this.failures++));
        continue;
      }
      this.failures = 0;
      for (const g of page.guidance) {
        if (g.id <= this.after) continue;
        this.after = g.id;
        try {
          this.onGuidance(g);
        } catch (e) {
          this.log('warn', `lab: guidance ${g.id} not handled: ${(e as Error).message}`);
        }
      }
      this.after = Math.max(this.after, page.next);
    }
  }

  private async poll(): Promise<{ guidance: Guidance[]; next: number } | null> {
    try {
      const res = await fetch(`${this.guidanceUrl}?after=${this.after}&wait=${WAIT_S}`, {
        headers: { authorization: `Bearer ${this.token}` },
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout((WAIT_S + 10) * 1000)]),
      });
      if (!res.ok) {
        if (this.failures === 0) this.log('warn', `lab: guidance poll refused (${res.status} ${(await res.text().catch(() => '')).slice(0, 200)})`);
        return null;
      }
      const page = parsePage(await res.json());
      if (!page && this.failures === 0) this.log('warn', 'lab: guidance poll answer not understood; retrying');
      return page;
    } catch (e) {
      if (!this.stopped && this.failures === 0) this.log('warn', `lab: guidance poll failed (${(e as Error).message}); retrying`);
      return null;
    }
  }
}

/** The hub's answer, parsed: it crosses an HTTP boundary. */
const GuidancePageSchema = z.object({
  guidance: z.array(z.object({ id: z.number().int(), sessionId: z.string(), text: z.string(), at: z.string() })),
  next: z.number().int().nonnegative(),
});

function parsePage(body: unknown): { guidance: Guidance[]; next: number } | null {
  const r = GuidancePageSchema.safeParse(body);
  return r.success ? r.data : null;
}
