/**
 * The session feed hub in the real built web host, no browser: an AI platform
 * posts events over HTTP, a supervisor tool follows the stream over a
 * WebSocket. The host is killed with SIGKILL and restarted on the same data
 * dir: every acknowledged event must come out of the stream exactly once.
 */
import { test, expect } from '@playwright/test';
import WebSocket from 'ws';
import { sessionEvents } from '../../shared/feed/test-support/feed-examples';
import { FeedSubscriber, HUB_PLATFORM, hubConfig, postEvents, restartWebHost, type RestartedHost } from '../fixtures/hub-client';
import { signal, waitGone } from '../fixtures/process';
import { startWebHost, type WebHost } from '../fixtures/web-host';

const key = (e: { sessionId: string; seq: number }) => `${e.sessionId}#${e.seq}`;

test('ingest: 400 naming the bad field, 200 for a valid batch, 401 without a token; transfers reach the renderer bridge', async ({}, testInfo) => {
  const host = await startWebHost({ name: 'hub', logDir: testInfo.outputPath(), config: hubConfig() });
  try {
    const events = sessionEvents('e2e-1');
    const bad = structuredClone(events);
    (bad[3] as { seq: unknown }).seq = 'three';
    const refused = await postEvents(host.url, { events: bad });
    expect(refused).toEqual({ status: 400, body: { error: 'events[3].seq must be a number (got a string).', field: 'events[3].seq' } });

    const noToken = await postEvents(host.url, events, null);
    expect(noToken.status).toBe(401);
    expect(noToken.body.error).toMatch(/Authorization: Bearer <token>/);

    // A renderer's bridge connection (same origin, as the page makes it) hears about the transfer.
    const bridge = new WebSocket(host.url.replace(/^http/, 'ws') + '/bridge', { origin: host.url });
    const pushed: { event?: string; payload?: { sessionId: string; targetAgent: string } }[] = [];
    bridge.on('message', (d) => pushed.push(JSON.parse(d.toString())));
    await new Promise((r) => bridge.once('open', r));

    const accepted = await postEvents(host.url, events);
    expect(accepted).toEqual({ status: 200, body: { accepted: 9, duplicates: 0, conflicts: [], warnings: [], cursor: 9 } });
    const replay = await postEvents(host.url, events.slice(0, 2));
    expect(replay.body).toMatchObject({ accepted: 0, duplicates: 2, cursor: 2 });

    await expect
      .poll(() => pushed.filter((f) => f.event === 'feed.transferRequested').map((f) => f.payload))
      .toEqual([expect.objectContaining({ sessionId: 'e2e-1', targetAgent: 'sip:alice@lab.warmline.test' })]);
    bridge.close();
  } finally {
    await host.stop();
  }
});

test('a subscriber resumes by cursor across a SIGKILL and restart, seeing every acknowledged event exactly once', async ({}, testInfo) => {
  const logDir = testInfo.outputPath();
  let host: WebHost | null = await startWebHost({ name: 'hub', logDir, config: hubConfig() });
  let restarted: RestartedHost | null = null;
  const acknowledged: string[] = [];
  const post = async (url: string, batch: ReturnType<typeof sessionEvents>, fresh = batch.length) => {
    const r = await postEvents(url, batch);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.accepted).toBe(fresh);
    // Only what the hub accepted as new is acknowledged as stored; replays come back as duplicates.
    if (fresh === batch.length) acknowledged.push(...batch.map(key));
    return r.body.cursor!;
  };
  try {
    const first = await FeedSubscriber.connect(host.url, { cursor: 0 });
    await expect.poll(() => first.ready()).toBeTruthy();
    const a = sessionEvents('e2e-a');
    await post(host.url, a.slice(0, 5));
    await expect.poll(() => first.events().length).toBe(5);
    await first.close();
    const resumeFrom = first.lastCursor();

    // While the subscriber is away: more events, one by one and batched, and a replay.
    for (const e of a.slice(5)) await post(host.url, [e]);
    await post(host.url, sessionEvents('e2e-b'));
    await post(host.url, a.slice(0, 3), 0);
    const lastAck = await post(host.url, sessionEvents('e2e-c').slice(0, 4));

    // Killed right after the last acknowledgement: no clean shutdown, no checkpoint.
    signal(host.pid, 'SIGKILL');
    expect(await waitGone(host.pid, 5000)).toBe(true);
    restarted = await restartWebHost(host, logDir, 'hub-restarted');
    await post(restarted.url, sessionEvents('e2e-c').slice(4));

    const second = await FeedSubscriber.connect(restarted.url, { cursor: resumeFrom });
    await expect.poll(() => second.ready(), { timeout: 10_000 }).toBeTruthy();
    const seen = [...first.events(), ...second.events()];
    expect(seen.map((f) => key(f.event))).toEqual(acknowledged);
    const cursors = seen.map((f) => f.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
    expect(cursors).toEqual([...cursors].sort((x, y) => x - y));
    expect(second.events()[0]!.cursor).toBe(resumeFrom + 1);
    expect(cursors).toContain(lastAck);
    expect(second.ready()!.cursor).toBe(cursors.at(-1));
    expect(seen.every((f) => f.platform === HUB_PLATFORM.id)).toBe(true);

    // The stored sessions survived too, derived rows included.
    const res = await fetch(`${restarted.url}/feed/v1/sessions?transferred=true`, { headers: { authorization: `Bearer ${hubConfig().hub!.subscriberTokens![0]}` } });
    const list = (await res.json()) as { sessions: { sessionId: string }[] };
    expect(list.sessions.map((s) => s.sessionId).sort()).toEqual(['e2e-a', 'e2e-b', 'e2e-c']);
    await second.close();
  } finally {
    await restarted?.stop();
    await host?.stop();
    host = null;
  }
});

test('the stream refuses a subscriber without a token (401)', async ({}, testInfo) => {
  const host = await startWebHost({ name: 'hub', logDir: testInfo.outputPath(), config: hubConfig() });
  try {
    await expect(FeedSubscriber.connect(host.url, { token: '' })).rejects.toThrow(/HTTP 401/);
    await expect(FeedSubscriber.connect(host.url, { token: HUB_PLATFORM.token })).rejects.toThrow(/HTTP 401/);
    const res = await fetch(`${host.url}/feed/v1/sessions`);
    expect(res.status).toBe(401);
  } finally {
    await host.stop();
  }
});
