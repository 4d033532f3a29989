import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedEventInput } from '../../../shared/feed/feed-event';
import { sessionEvents } from '../../../shared/feed/test-support/feed-examples';
import { memoryLogger, useTempDirs } from '../../test-support/temp-dir';
import { NoticeBoard } from '../notices';
import { createHub } from './hub';
import { OTHER_PLATFORM_TOKEN, PLATFORM_TOKEN, SUBSCRIBER_TOKEN, json, openStream, startHubServer, type ErrorJson, type SessionListJson, type SessionRecordJson } from './test-support/hub-server';

const tempDir = useTempDirs();
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function start(overrides: Parameters<typeof startHubServer>[1] = {}, dir = tempDir()) {
  const s = await startHubServer(dir, overrides);
  servers.push(s);
  return s;
}

/** n transcript turns of one session, seq from `from`. */
function turns(sessionId: string, from: number, n: number): FeedEventInput[] {
  return Array.from({ length: n }, (_, i) => ({
    sessionId,
    seq: from + i,
    at: new Date(Date.parse('2026-03-02T14:00:00Z') + (from + i) * 1000).toISOString(),
    type: 'transcript.turn' as const,
    speaker: 'caller' as const,
    text: `turn ${from + i}`,
  }));
}

describe('hub: ingest over HTTP', () => {
  it('accepts a batch and acknowledges it with the last cursor', async () => {
    const s = await start();
    const res = await s.post({ events: sessionEvents('s-1') });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 9, duplicates: 0, conflicts: [], warnings: [], cursor: 9 });
  });

  it('refuses a malformed event with 400 naming the field, storing nothing of the batch', async () => {
    const s = await start();
    const events = sessionEvents('s-1');
    (events[2] as { seq: number }).seq = -3;
    const res = await s.post(events);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'events[2].seq must be at least 0 (got -3).', field: 'events[2].seq' });
    expect(s.hub.head()).toBe(0);
  });

  it('says which header it expects when the token is missing or unknown (401)', async () => {
    const s = await start();
    for (const token of [null, 'not-a-token', SUBSCRIBER_TOKEN]) {
      const res = await s.post(sessionEvents('s-1'), token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await json<ErrorJson>(res)).error).toMatch(/Authorization: Bearer <token>/);
    }
    expect(s.hub.head()).toBe(0);
  });

  it('refuses bodies over 1 MB or 500 events with 413', async () => {
    const s = await start();
    const big = JSON.stringify({ ...sessionEvents('s-1')[1], text: 'x'.repeat(1024 * 1024) });
    const tooBig = await s.post(big);
    expect(tooBig.status).toBe(413);
    const tooMany = await s.post(turns('s-1', 0, 501));
    expect(tooMany.status).toBe(413);
    expect(await tooMany.json()).toMatchObject({ field: 'events', error: expect.stringMatching(/at most 500 events/) });
    expect(s.hub.head()).toBe(0);
  });

  it('answers other mistakes with the status that says what to fix', async () => {
    const s = await start();
    expect((await s.post('{"events": [', PLATFORM_TOKEN)).status).toBe(400);
    expect((await s.post('{}', PLATFORM_TOKEN, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await fetch(`${s.url}/feed/v1/events`, { headers: { authorization: `Bearer ${PLATFORM_TOKEN}` } })).status).toBe(405);
    expect((await s.get('/feed/v1/nothing')).status).toBe(404);
    expect((await fetch(`${s.url}/other`)).status).toBe(404); // not the hub's: handleHttp returned false
  });

  it('acknowledges replays as duplicates, stores them once, and reports a replay that differs as a conflict', async () => {
    const s = await start();
    const events = sessionEvents('s-1');
    await s.post(events.slice(0, 4));
    const changed = { ...events[3], text: 'edited' };
    const res = await s.post([...events.slice(1, 3), changed, events[4]]);
    expect(await res.json()).toEqual({
      accepted: 1,
      duplicates: 3,
      conflicts: [{ field: 'events[2]', sessionId: 's-1', seq: 3, cursor: 4, message: expect.stringMatching(/stored one is kept/) }],
      warnings: [],
      cursor: 5,
    });
    const session = await json<SessionRecordJson>(await s.get('/feed/v1/sessions/s-1'));
    expect(session.events.map((e) => e.event.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(session.events[3]?.event.text).toBe("There's a charge I don't recognise.");
  });

  it('refuses a platform writing into another platform\'s session (409)', async () => {
    const s = await start();
    await s.post(sessionEvents('s-1').slice(0, 1));
    const res = await s.post(turns('s-1', 50, 1), OTHER_PLATFORM_TOKEN);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ field: 'events[0].sessionId' });
  });

  it('returns what the context parser dropped as warnings, keeping the event', async () => {
    const s = await start();
    const transfer = { ...sessionEvents('s-1')[6], context: { version: 'warmline.context/1', sessionId: 's-1', sentiment: 'furious' } };
    const body = await (await s.post(transfer)).json();
    expect(body).toMatchObject({ accepted: 1, warnings: [{ field: 'events[0].context.sentiment', message: expect.stringMatching(/one of/) }] });
  });

  it('never writes a token to the log', async () => {
    const s = await start();
    await s.post(sessionEvents('s-1'));
    await s.post({ bad: true }, 'wrong-token-secret-value');
    const ws = openStream(s.port, `?cursor=0&token=${SUBSCRIBER_TOKEN}`, {});
    await ws.opened;
    ws.ws.close();
    const text = JSON.stringify(s.lines);
    for (const t of [PLATFORM_TOKEN, SUBSCRIBER_TOKEN, 'wrong-token-secret-value']) expect(text).not.toContain(t);
  });
});

describe('hub: sessions over HTTP', () => {
  it('lists sessions newest first with filters, and returns one with every event in seq order', async () => {
    const s = await start();
    await s.post(sessionEvents('s-1', Date.parse('2026-03-01T09:00:00Z')));
    await s.post(sessionEvents('s-2', Date.parse('2026-03-01T10:00:00Z')).slice(0, 5));
    const list = await json<SessionListJson>(await s.get('/feed/v1/sessions'));
    expect(list.sessions.map((x) => x.sessionId)).toEqual(['s-2', 's-1']);
    expect(list.sessions[1]).toMatchObject({ platform: 'lab', outcome: 'transferred', transferred: true, targetAgent: 'sip:alice@lab.warmline.test', turns: 2, caller: { number: '+14155550100' } });
    const transferred = await json<SessionListJson>(await s.get('/feed/v1/sessions?transferred=true'));
    expect(transferred.sessions.map((x) => x.sessionId)).toEqual(['s-1']);
    const page = await json<SessionListJson>(await s.get('/feed/v1/sessions?limit=1'));
    expect(page.next).toEqual(expect.any(String));
    const page2 = await json<SessionListJson>(await s.get(`/feed/v1/sessions?limit=1&before=${page.next}`));
    expect(page2).toMatchObject({ sessions: [{ sessionId: 's-1' }], next: null });

    const one = await json<SessionRecordJson>(await s.get('/feed/v1/sessions/s-1'));
    expect(one.session.sessionId).toBe('s-1');
    expect(one.events.map((e) => e.event.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(one.events[6]?.event.context).toMatchObject({ version: 'warmline.context/1', intent: 'Dispute a charge' });
  });

  it('refuses bad filters naming the parameter, unknown sessions with 404, and non-subscribers with 401', async () => {
    const s = await start();
    expect(await (await s.get('/feed/v1/sessions?outcome=done')).json()).toMatchObject({ field: 'outcome' });
    expect(await (await s.get('/feed/v1/sessions?limit=0')).json()).toMatchObject({ field: 'limit' });
    expect(await (await s.get('/feed/v1/sessions?from=monday')).json()).toMatchObject({ field: 'from' });
    expect(await (await s.get('/feed/v1/sessions?colour=red')).json()).toMatchObject({ field: 'colour' });
    expect(await (await s.get('/feed/v1/sessions?before=zzz')).json()).toMatchObject({ field: 'before' });
    expect((await s.get('/feed/v1/sessions/nope')).status).toBe(404);
    expect((await s.get('/feed/v1/sessions', null)).status).toBe(401);
    expect((await s.get('/feed/v1/sessions', PLATFORM_TOKEN)).status).toBe(401);
  });
});

describe('hub: the stream', () => {
  it('replays stored events after the cursor, says ready, then sends live ones', async () => {
    const s = await start();
    await s.post(turns('s-1', 0, 5));
    const sub = openStream(s.port, '?cursor=2');
    await sub.opened;
    await expect.poll(() => sub.ready()).toBeTruthy();
    expect(sub.ready()).toMatchObject({ type: 'ready', cursor: 5, feedId: s.hub.feedId });
    await s.post(turns('s-1', 5, 2));
    await expect.poll(() => sub.events().length).toBe(5);
    expect(sub.events().map((f) => f.cursor)).toEqual([3, 4, 5, 6, 7]);
    expect(sub.events()[0]).toMatchObject({ platform: 'lab', event: { sessionId: 's-1', seq: 2, type: 'transcript.turn' } });
    sub.ws.close();
  });

  it('without a cursor starts live at the head', async () => {
    const s = await start();
    await s.post(turns('s-1', 0, 3));
    const sub = openStream(s.port, '');
    await expect.poll(() => sub.ready()).toMatchObject({ cursor: 3 });
    await s.post(turns('s-1', 3, 1));
    await expect.poll(() => sub.events().map((f) => f.cursor)).toEqual([4]);
    sub.ws.close();
  });

  it('misses nothing and repeats nothing when events arrive during the replay', async () => {
    // A page of 7 makes the replay take many steps; a producer posts all the while.
    const s = await start({ stream: { replayPageSize: 7 } });
    await s.post(turns('s-1', 0, 200));
    const sub = openStream(s.port, '?cursor=0');
    let seq = 200;
    const producing = (async () => {
      while (!sub.ready() || seq < 260) {
        await s.post(turns('s-1', seq, 3));
        seq += 3;
      }
    })();
    await producing;
    await expect.poll(() => sub.events().length, { timeout: 5000 }).toBe(seq);
    const cursors = sub.events().map((f) => f.cursor);
    expect(cursors).toEqual(Array.from({ length: seq }, (_, i) => i + 1));
    expect(sub.events().map((f) => f.event.seq)).toEqual(Array.from({ length: seq }, (_, i) => i));
    // Some of the producer's events were committed during the replay and came in it, before "ready".
    const readyAt = sub.frames.findIndex((f) => 'type' in f);
    expect(readyAt).toBeGreaterThan(200);
    expect(seq).toBeGreaterThan(readyAt);
    sub.ws.close();
  });

  it('a subscriber that reconnects with its last cursor sees every event exactly once', async () => {
    const s = await start();
    await s.post(turns('s-1', 0, 10));
    const first = openStream(s.port, '?cursor=0');
    await expect.poll(() => first.events().length).toBe(10);
    first.ws.close();
    await first.closed;
    await s.post(turns('s-1', 10, 10));
    const last = first.events().at(-1)!.cursor;
    const second = openStream(s.port, `?cursor=${last}`);
    await expect.poll(() => second.ready()).toBeTruthy();
    const all = [...first.events(), ...second.events()].map((f) => f.event.seq);
    expect(all).toEqual(Array.from({ length: 20 }, (_, i) => i));
    second.ws.close();
  });

  it('closes a subscriber that stops reading (4008) so it can resume by cursor', async () => {
    const s = await start({ stream: { maxBufferedBytes: 64 * 1024 } });
    const sub = openStream(s.port, '');
    await expect.poll(() => sub.ready()).toBeTruthy();
    // Stop reading: the socket's buffers fill, then the hub's queue passes its limit.
    const socket = (sub.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    const text = 'y'.repeat(3500);
    const tooSlow = () => s.lines.some((l) => l.message.includes('too slow'));
    for (let seq = 0; seq < 40_000 && !tooSlow(); seq += 50) {
      await s.post(turns('s-1', seq, 50).map((e) => ({ ...e, text })));
    }
    expect(tooSlow()).toBe(true);
    socket.resume();
    // The close frame comes after what was already queued: every frame before it is a whole event.
    expect(await sub.closed).toMatchObject({ code: 4008, reason: expect.stringMatching(/slow consumer/) });
    const cursors = sub.events().map((f) => f.cursor);
    expect(cursors).toEqual(Array.from({ length: cursors.length }, (_, i) => i + 1));
  });

  it('refuses a missing or wrong token (401) and a bad cursor (400) before upgrading', async () => {
    const s = await start();
    await expect(openStream(s.port, '', {}).opened).rejects.toThrow(/401/);
    await expect(openStream(s.port, '', { authorization: `Bearer ${PLATFORM_TOKEN}` }).opened).rejects.toThrow(/401/);
    await expect(openStream(s.port, '?cursor=-1').opened).rejects.toThrow(/400/);
    const viaQuery = openStream(s.port, `?token=${SUBSCRIBER_TOKEN}`, {});
    await viaQuery.opened;
    viaQuery.ws.close();
  });

  it('tells subscribers when the hub shuts down (1001), so they reconnect with their cursor', async () => {
    const s = await start();
    const sub = openStream(s.port, '');
    await expect.poll(() => sub.ready()).toBeTruthy();
    s.hub.close();
    expect(await sub.closed).toMatchObject({ code: 1001, reason: expect.stringMatching(/last cursor/) });
  });

  it('closes with 4409 a cursor or feed id this database never issued', async () => {
    const s = await start();
    await s.post(turns('s-1', 0, 2));
    expect(await openStream(s.port, '?cursor=99').closed).toMatchObject({ code: 4409 });
    expect(await openStream(s.port, '?cursor=1&feed=another-feed').closed).toMatchObject({ code: 4409 });
    const ok = openStream(s.port, `?cursor=1&feed=${s.hub.feedId}`);
    await expect.poll(() => ok.ready()).toBeTruthy();
    ok.ws.close();
  });
});

describe('hub: in-process subscribers', () => {
  it('replay then live, in cursor order, even when a subscriber ingests from its own callback', async () => {
    const { logger } = memoryLogger();
    const hub = createHub({ dbFile: path.join(tempDir(), 'feed.sqlite'), platforms: [], subscriberTokens: [], log: logger.child('hub') });
    hub.ingest('lab', turns('s-1', 0, 1200));
    const seen: number[] = [];
    const echo: number[] = [];
    const unsubscribe = hub.subscribe(0, (cursor, event) => {
      seen.push(cursor);
      // An in-process producer reacting to what it sees: its events land during the replay and during live delivery.
      if (event.sessionId === 's-1' && event.seq % 400 === 0) hub.ingest('lab', turns(`echo-${event.seq}`, 0, 2));
    });
    const other = hub.subscribe(null, (cursor) => echo.push(cursor));
    hub.ingest('lab', turns('s-1', 1200, 1));
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
    expect(seen.length).toBe(hub.head());
    expect(echo).toEqual(Array.from({ length: echo.length }, (_, i) => hub.head() - echo.length + 1 + i));
    unsubscribe();
    hub.ingest('lab', turns('s-1', 1201, 1));
    expect(seen.at(-1)).toBe(hub.head() - 1);
    hub.close();
  });
});

describe('hub: a database it cannot use', () => {
  it('moves a corrupt database aside, reports it in the log and as a host notice, and starts fresh', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'hub'));
    fs.writeFileSync(path.join(dir, 'hub', 'feed.sqlite'), Buffer.alloc(8192, 0x5a));
    const s = await start({}, dir);
    expect(s.hub.available).toBe(true);
    expect(s.notices.list()).toEqual([expect.objectContaining({ level: 'error', message: expect.stringMatching(/moved to .*feed\.sqlite\.corrupt-/) })]);
    expect(s.lines).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringMatching(/moved aside/) }));
    expect((await s.post(sessionEvents('s-1'))).status).toBe(200);
  });

  it('never crashes when no database can be opened: every route answers 503 and the user is told', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'hub'), 'a file where the folder should be');
    const notices = new NoticeBoard();
    const s = await start({ notices }, dir);
    expect(s.hub.available).toBe(false);
    expect(notices.list()[0]?.message).toMatch(/session feed is unavailable/);
    expect((await s.post(sessionEvents('s-1'))).status).toBe(503);
    expect((await s.get('/feed/v1/sessions')).status).toBe(503);
    await expect(openStream(s.port, '').opened).rejects.toThrow(/503/);
    expect(s.hub.ingest('lab', sessionEvents('s-1')).status).toBe(503);
  });
});
