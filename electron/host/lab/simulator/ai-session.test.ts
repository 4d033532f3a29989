import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { UserAgent } from 'sip.js';
import { LabAiSession, type SessionEnv } from './ai-session';
import type { FeedEvent, FeedPublisher } from './feed-publisher';
import { loadScenarios } from './simulator';

const loaded = loadScenarios(path.resolve(fileURLToPath(import.meta.url), '../../../../../resources/lab'), () => undefined);
const scenario = (id: string) => loaded.find((l) => l.scenario.id === id)!;

/** A session whose turns wait for the test (each pause is released by `next()`), publishing into `events`. */
function session(id: string) {
  const events: FeedEvent[] = [];
  const feed = { publish: (e: FeedEvent) => events.push(e), flush: () => Promise.resolve() } as unknown as FeedPublisher;
  const env: SessionEnv = {
    ua: {} as UserAgent,
    feed,
    // Not a SIP URI: a transfer stops right after transfer.requested, with no SIP needed.
    agentUri: 'not a sip uri',
    prewarmLeadMs: 0,
    turnGapMs: 0,
    pace: 1,
    ringTimeoutMs: 1000,
    log: () => undefined,
    // Turns never end on their own (only guidance or the test moves on); the zero pre-warm lead does.
    sleep: (ms) => (ms === 0 ? Promise.resolve() : new Promise(() => undefined)),
  };
  const s = new LabAiSession(`s-${id}`, scenario(id).scenario, scenario(id).audio, env);
  return { s, events, types: () => events.map((e) => e.type) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('LabAiSession: guidance from a supervisor', () => {
  it('says it in the transcript and, in a transfer scenario, transfers at once, skipping the rest of the script', async () => {
    const { s, events, types } = session('card-dispute');
    const done = s.run();
    await tick();
    s.guidance('Please TRANSFER now');
    await done;
    expect(events.find((e) => e.type === 'transcript.turn')).toMatchObject({ speaker: 'ai', text: '(Guidance received: "Please TRANSFER now")' });
    expect(types()).toEqual(['session.started', 'transcript.turn', 'transfer.requested', 'session.ended']);
    expect(events.find((e) => e.type === 'transfer.requested')?.reason).toMatch(/a supervisor asked for the transfer now/);
  });

  it('only acknowledges guidance without "transfer", or in a scenario the AI resolves itself', async () => {
    for (const [id, text] of [
      ['card-dispute', 'Offer a callback'],
      ['branch-hours', 'Transfer if they ask twice'],
    ] as const) {
      const { s, events, types } = session(id);
      void s.run();
      await tick();
      s.guidance(text);
      await tick();
      expect(types()).toEqual(['session.started', 'transcript.turn']);
      expect(events[1]).toMatchObject({ speaker: 'ai', text: `(Guidance received: "${text}")` });
      expect(s.phase).toBe('talking-to-ai');
      s.stop();
      expect(types().at(-1)).toBe('session.ended');
      s.guidance('ignored once ended');
      expect(events.filter((e) => e.type === 'transcript.turn')).toHaveLength(1);
    }
  });
});
