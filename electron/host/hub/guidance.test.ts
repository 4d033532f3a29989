import { EventEmitter } from 'node:events';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionEvents } from '../../../shared/feed/test-support/feed-examples';
import { memoryLogger, useTempDirs } from '../../test-support/temp-dir';
import { GuidanceWaiters } from './guidance';
import { createHub } from './hub';
import { OTHER_PLATFORM_TOKEN, PLATFORM_TOKEN, SUBSCRIBER_TOKEN, json, startHubServer, type ErrorJson } from './test-support/hub-server';

const tempDir = useTempDirs();
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function start(dir = tempDir()) {
  const s = await startHubServer(dir);
  servers.push(s);
  return s;
}

type GuidanceJson = { guidance: { id: number; sessionId: string; text: string; at: string }[]; next: number };

/** A session of `platform` that has not ended. */
const live = (sessionId: string) => sessionEvents(sessionId).filter((e) => e.type !== 'session.ended');

describe('hub: guidance from supervisors', () => {
  it('stores a note and gives it to the platform that owns the session, in id order', async () => {
    const s = await start();
    expect((await s.post(live('s-1'))).status).toBe(200);
    expect(s.hub.sendGuidance('s-1', '  Offer a callback  ', 'Sam (supervisor)')).toEqual({ ok: true, id: 1 });
    expect(s.hub.sendGuidance('s-1', 'Please transfer now', 'Sam (supervisor)')).toEqual({ ok: true, id: 2 });

    const res = await s.get('/feed/v1/guidance?after=0', PLATFORM_TOKEN);
    expect(res.status).toBe(200);
    const body = await json<GuidanceJson>(res);
    expect(body.guidance.map((g) => [g.id, g.sessionId, g.text])).toEqual([
      [1, 's-1', 'Offer a callback'],
      [2, 's-1', 'Please transfer now'],
    ]);
    expect(body.next).toBe(2);
    expect(new Date(body.guidance[0]!.at).toISOString()).toBe(body.guidance[0]!.at);
    // Resuming after the last id returns nothing more; next stays.
    expect(await json<GuidanceJson>(await s.get('/feed/v1/guidance?after=2', PLATFORM_TOKEN))).toEqual({ guidance: [], next: 2 });
  });

  it('keeps guidance across a restart of the hub (it is in the database)', async () => {
    const dir = tempDir();
    const first = await start(dir);
    await first.post(live('s-1'));
    first.hub.sendGuidance('s-1', 'Offer a callback', 'Sam');
    await first.close();
    servers.splice(servers.indexOf(first), 1);
    const again = await start(dir);
    const body = await json<GuidanceJson>(await again.get('/feed/v1/guidance', PLATFORM_TOKEN));
    expect(body.guidance.map((g) => g.text)).toEqual(['Offer a callback']);
  });

  it("gives a platform only its own sessions' guidance", async () => {
    const s = await start();
    await s.post(live('s-lab'), PLATFORM_TOKEN);
    await s.post(live('s-other'), OTHER_PLATFORM_TOKEN);
    s.hub.sendGuidance('s-lab', 'for lab', 'Sam');
    s.hub.sendGuidance('s-other', 'for other', 'Sam');
    const lab = await json<GuidanceJson>(await s.get('/feed/v1/guidance', PLATFORM_TOKEN));
    const other = await json<GuidanceJson>(await s.get('/feed/v1/guidance', OTHER_PLATFORM_TOKEN));
    expect(lab.guidance.map((g) => g.text)).toEqual(['for lab']);
    expect(other.guidance.map((g) => g.text)).toEqual(['for other']);
    expect(other.next).toBe(2);
  });

  it('long-polls: answers as soon as guidance for this platform is stored, not for another', async () => {
    const s = await start();
    await s.post(live('s-lab'), PLATFORM_TOKEN);
    await s.post(live('s-other'), OTHER_PLATFORM_TOKEN);
    const t0 = Date.now();
    const polled = s.get('/feed/v1/guidance?after=0&wait=10', PLATFORM_TOKEN);
    await new Promise((r) => setTimeout(r, 150));
    s.hub.sendGuidance('s-other', 'not yours', 'Sam');
    await new Promise((r) => setTimeout(r, 150));
    s.hub.sendGuidance('s-lab', 'yours', 'Sam');
    const body = await json<GuidanceJson>(await polled);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(body).toMatchObject({ guidance: [{ id: 2, sessionId: 's-lab', text: 'yours' }], next: 2 });
  });

  it('long-polls: answers empty when the wait runs out, and forgets a poll whose client left', async () => {
    const s = await start();
    const t0 = Date.now();
    const body = await json<GuidanceJson>(await s.get('/feed/v1/guidance?after=5&wait=1', PLATFORM_TOKEN));
    expect(body).toEqual({ guidance: [], next: 5 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);

    const abort = new AbortController();
    const gone = fetch(`${s.url}/feed/v1/guidance?wait=20`, { headers: { authorization: `Bearer ${PLATFORM_TOKEN}` }, signal: abort.signal }).catch(() => 'aborted');
    await new Promise((r) => setTimeout(r, 100));
    abort.abort();
    expect(await gone).toBe('aborted');
    await new Promise((r) => setTimeout(r, 100));
    // Nothing left waiting: a note now has nobody to answer, and nothing throws.
    await s.post(live('s-1'));
    expect(s.hub.sendGuidance('s-1', 'late', 'Sam')).toMatchObject({ ok: true });
  });

  it('refuses unknown and ended sessions and empty or over-long text, storing nothing', async () => {
    const s = await start();
    await s.post(sessionEvents('s-ended'));
    await s.post(live('s-1'));
    expect(s.hub.sendGuidance('nope', 'Hello', 'Sam')).toEqual({ ok: false, code: 'NOT_FOUND', message: 'No AI session nope in the feed.' });
    expect(s.hub.sendGuidance('bad id with spaces', 'Hello', 'Sam')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(s.hub.sendGuidance('s-ended', 'Hello', 'Sam')).toEqual({
      ok: false,
      code: 'ENDED',
      message: 'The AI session s-ended has ended; guidance goes only to live sessions.',
    });
    expect(s.hub.sendGuidance('s-1', '   ', 'Sam')).toMatchObject({ ok: false, code: 'INVALID' });
    expect(s.hub.sendGuidance('s-1', 'x'.repeat(501), 'Sam')).toMatchObject({ ok: false, code: 'INVALID', message: expect.stringContaining('at most 500') });
    expect(s.hub.sendGuidance('s-1', 'x'.repeat(500), 'Sam')).toEqual({ ok: true, id: 1 });
    expect((await json<GuidanceJson>(await s.get('/feed/v1/guidance', PLATFORM_TOKEN))).guidance).toHaveLength(1);
  });

  it('answers bad requests with the status and field that say what to fix', async () => {
    const s = await start();
    for (const token of [null, SUBSCRIBER_TOKEN, 'not-a-token']) {
      const res = await s.get('/feed/v1/guidance', token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    for (const [query, field] of [
      ['after=-1', 'after'],
      ['after=abc', 'after'],
      ['wait=26', 'wait'],
      ['wait=1.5', 'wait'],
    ] as const) {
      const res = await s.get(`/feed/v1/guidance?${query}`, PLATFORM_TOKEN);
      expect(res.status, query).toBe(400);
      expect((await json<ErrorJson>(res)).field).toBe(field);
    }
    const post = await fetch(`${s.url}/feed/v1/guidance`, { method: 'POST', headers: { authorization: `Bearer ${PLATFORM_TOKEN}` } });
    expect(post.status).toBe(405);
  });

  it('releases waiting polls with 503 when the hub closes', async () => {
    const s = await start();
    const polled = s.get('/feed/v1/guidance?wait=20', PLATFORM_TOKEN);
    await new Promise((r) => setTimeout(r, 100));
    s.hub.close();
    expect((await polled).status).toBe(503);
  });

  it('drops the guidance of pruned sessions with them', () => {
    const { logger } = memoryLogger();
    const hub = createHub({ dbFile: path.join(tempDir(), 'feed.sqlite'), platforms: [], subscriberTokens: [], log: logger.child('hub') });
    hub.ingest('lab', live('s-1'));
    expect(hub.sendGuidance('s-1', 'Offer a callback', 'Sam')).toMatchObject({ ok: true });
    expect(hub.pruneBefore(new Date('2030-01-01T00:00:00Z'))).toMatchObject({ sessions: 1 });
    expect(hub.sendGuidance('s-1', 'again', 'Sam')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    hub.close();
  });
});

describe('GuidanceWaiters', () => {
  const req = () => new EventEmitter();

  it('wakes only the waiters of the platform, and forgets a response that closed', async () => {
    const w = new GuidanceWaiters();
    const a = req();
    const woke: string[] = [];
    void w.wait('lab', 10_000, a).then(() => woke.push('lab'));
    void w.wait('other', 10_000, req()).then(() => woke.push('other'));
    const gone = req();
    void w.wait('lab', 10_000, gone).then(() => woke.push('gone'));
    expect(w.pending()).toBe(3);
    gone.emit('close');
    await Promise.resolve();
    expect(w.pending()).toBe(2);
    w.wake('lab');
    await new Promise((r) => setTimeout(r, 0));
    expect(woke).toEqual(['gone', 'lab']);
    expect(w.pending()).toBe(1);
    w.close();
    await new Promise((r) => setTimeout(r, 0));
    expect(woke).toContain('other');
    expect(w.pending()).toBe(0);
    expect(w.closed).toBe(true);
  });
});
