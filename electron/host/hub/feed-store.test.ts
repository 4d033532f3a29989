import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { parseFeedBatch } from '../../../shared/feed/feed-batch';
import type { FeedEvent, FeedEventInput } from '../../../shared/feed/feed-event';
import { SessionQuerySchema } from '../../../shared/feed/session-query';
import { sessionEvents } from '../../../shared/feed/test-support/feed-examples';
import { useTempDirs } from '../../test-support/temp-dir';
import { FeedStore } from './feed-store';

const tempDir = useTempDirs();

function events(input: FeedEventInput[]): FeedEvent[] {
  const r = parseFeedBatch(input);
  if (!r.ok) throw new Error(r.error);
  return r.events;
}

function open(file = path.join(tempDir(), 'feed.sqlite')) {
  const r = FeedStore.open(file);
  if (!r.ok) throw new Error(r.reason);
  return { store: r.store, file, movedAside: r.movedAside };
}

const q = (raw: Record<string, unknown> = {}) => SessionQuerySchema.parse(raw);

describe('FeedStore: storing', () => {
  it('assigns increasing cursors and keeps events across a reopen', () => {
    const { store, file } = open();
    const r = store.append('lab', events(sessionEvents('s-1')));
    expect(r).toMatchObject({ ok: true, duplicates: 0, conflicts: [], cursor: 9 });
    expect(r.ok && r.accepted.map((a) => a.cursor)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    store.close();
    const again = open(file).store;
    expect(again.head()).toBe(9);
    expect(again.readAfter(7, 10).map((e) => e.cursor)).toEqual([8, 9]);
    expect(JSON.parse(again.readAfter(0, 1)[0]!.body)).toMatchObject({ version: 'warmline.feed/1', sessionId: 's-1', seq: 0 });
    again.close();
  });

  it('uses WAL with synchronous=FULL', () => {
    const { store, file } = open();
    store.close();
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('acknowledges a replayed (sessionId, seq) as a duplicate and stores it once', () => {
    const { store } = open();
    const all = events(sessionEvents('s-1'));
    store.append('lab', all.slice(0, 3));
    const r = store.append('lab', all.slice(1, 5));
    expect(r).toMatchObject({ ok: true, duplicates: 2, conflicts: [], cursor: 5 });
    expect(r.ok && r.accepted.map((a) => a.event.seq)).toEqual([3, 4]);
    expect(store.readAfter(0, 100)).toHaveLength(5);
    expect(store.getSession('s-1')?.session.events).toBe(5);
  });

  it('a replay without the optional version is the same event', () => {
    const { store } = open();
    const [first] = events(sessionEvents('s-1'));
    store.append('lab', [first!]);
    const { version: _v, ...without } = first as FeedEvent & { version?: string };
    expect(store.append('lab', [without as FeedEvent])).toMatchObject({ duplicates: 1, conflicts: [] });
  });

  it('reports a replay that differs as a conflict and keeps the stored event', () => {
    const { store } = open();
    const all = events(sessionEvents('s-1'));
    store.append('lab', all.slice(0, 2));
    const changed = { ...all[1]!, text: 'something else' } as FeedEvent;
    const r = store.append('lab', [all[2]!, changed]);
    expect(r).toMatchObject({ ok: true, duplicates: 1, conflicts: [{ index: 1, sessionId: 's-1', seq: 1, cursor: 2 }] });
    expect(JSON.parse(store.readAfter(1, 1)[0]!.body)).toMatchObject({ text: 'Hi, this is Ava. How can I help?' });
  });

  it('the same seq twice in one batch: the first is stored, the second is a duplicate', () => {
    const { store } = open();
    const [a, b] = events(sessionEvents('s-1'));
    expect(store.append('lab', [a!, b!, b!])).toMatchObject({ ok: true, duplicates: 1, conflicts: [] });
  });

  it('refuses a whole batch that touches another platform\'s session, storing nothing of it', () => {
    const { store } = open();
    const all = events(sessionEvents('s-1'));
    store.append('lab', all.slice(0, 1));
    const mine = events(sessionEvents('s-2')).slice(0, 1);
    expect(store.append('other', [...mine, all[1]!])).toEqual({ ok: false, index: 1, sessionId: 's-1' });
    expect(store.head()).toBe(1);
    expect(store.getSession('s-2')).toBeNull();
  });

  it('stores the platform with each event', () => {
    const { store } = open();
    store.append('lab', events(sessionEvents('s-1')).slice(0, 1));
    expect(store.readAfter(0, 1)[0]?.platform).toBe('lab');
    expect(store.getSession('s-1')?.session.platform).toBe('lab');
  });
});

describe('FeedStore: sessions', () => {
  it('derives the session row in the same transaction, and refolds when an event arrives late', () => {
    const { store } = open();
    const all = events(sessionEvents('s-1'));
    // seq 8 (ended) and 4 (updated) first, the rest afterwards, out of order.
    store.append('lab', [all[8]!, all[4]!]);
    expect(store.getSession('s-1')?.session).toMatchObject({ outcome: 'transferred', intent: 'Dispute a charge', turns: 0 });
    store.append('lab', [all[0]!, all[3]!, all[1]!, all[2]!, all[5]!, all[6]!, all[7]!]);
    const s = store.getSession('s-1')!;
    expect(s.session).toMatchObject({ caller: { number: '+14155550100' }, turns: 2, events: 9, maxSeq: 8, transferred: true, targetAgent: 'sip:alice@lab.warmline.test' });
    expect(s.events.map((e) => JSON.parse(e.body).seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  function seed(store: FeedStore) {
    // 30 sessions, one a minute; every third transferred, every fifth abandoned, the rest open.
    for (let i = 0; i < 30; i++) {
      const id = `s-${String(i).padStart(2, '0')}`;
      const start = Date.parse('2026-03-01T10:00:00Z') + i * 60_000;
      const at = (s: number) => new Date(start + s * 1000).toISOString();
      const evs: FeedEventInput[] = [
        { sessionId: id, seq: 0, at: at(0), type: 'session.started', caller: { number: i % 2 ? '+14155550101' : '+14155550102' } },
        { sessionId: id, seq: 1, at: at(1), type: 'session.updated', intent: i % 3 === 0 ? 'Dispute a charge' : 'Reset password' },
      ];
      if (i % 3 === 0) evs.push({ sessionId: id, seq: 2, at: at(2), type: 'session.ended', outcome: 'transferred' });
      else if (i % 5 === 0) evs.push({ sessionId: id, seq: 2, at: at(2), type: 'session.ended', outcome: 'abandoned' });
      store.append('lab', events(evs));
    }
  }

  it('lists newest first and pages without repeats or gaps', () => {
    const { store } = open();
    seed(store);
    const seen: string[] = [];
    let before: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = store.listSessions(q({ limit: '7', ...(before ? { before } : {}) }));
      seen.push(...page.sessions.map((s) => s.sessionId));
      if (!page.next) break;
      before = page.next;
    }
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => `s-${String(29 - i).padStart(2, '0')}`));
  });

  it.each<[string, Record<string, string>, (i: number) => boolean]>([
    ['outcome', { outcome: 'abandoned' }, (i) => i % 3 !== 0 && i % 5 === 0],
    ['open sessions', { outcome: 'open' }, (i) => i % 3 !== 0 && i % 5 !== 0],
    ['intent, any case', { intent: 'dispute A CHARGE' }, (i) => i % 3 === 0],
    ['transferred', { transferred: 'true' }, (i) => i % 3 === 0],
    ['not transferred', { transferred: 'false' }, (i) => i % 3 !== 0],
    ['number', { number: '+14155550101' }, (i) => i % 2 === 1],
    ['time range', { from: '2026-03-01T10:05:00Z', to: '2026-03-01T12:10:00+02:00' }, (i) => i >= 5 && i < 10],
    ['combined', { transferred: 'true', number: '+14155550102', from: '2026-03-01T10:10:00Z' }, (i) => i % 3 === 0 && i % 2 === 0 && i >= 10],
  ])('filters by %s', (_name, filter, expected) => {
    const { store } = open();
    seed(store);
    const got = store.listSessions(q({ ...filter, limit: '200' })).sessions.map((s) => s.sessionId);
    const want = Array.from({ length: 30 }, (_, i) => i)
      .filter(expected)
      .reverse()
      .map((i) => `s-${String(i).padStart(2, '0')}`);
    expect(got).toEqual(want);
  });

  it('reads each filter through its index, never by scanning the table', () => {
    const { store } = open();
    seed(store);
    for (const filter of [{}, { outcome: 'resolved' }, { intent: 'x' }, { transferred: 'true' }, { number: '+1' }, { from: '2026-01-01T00:00:00Z' }]) {
      const plan = store.explainList(q(filter)).join(' | ');
      expect(plan, JSON.stringify(filter)).toMatch(/USING (COVERING )?INDEX/);
      expect(plan, JSON.stringify(filter)).not.toMatch(/SCAN sessions(?! USING)/);
    }
  });

  it('prunes sessions whose last event is older than the cutoff, with their events; cursors are not reused', () => {
    const { store } = open();
    seed(store);
    const head = store.head();
    const r = store.pruneBefore(new Date('2026-03-01T10:10:00Z'));
    expect(r).toEqual({ sessions: 10, events: expect.any(Number) });
    expect(store.listSessions(q({ limit: '200' })).sessions).toHaveLength(20);
    expect(store.getSession('s-00')).toBeNull();
    store.pruneBefore(new Date('2030-01-01T00:00:00Z'));
    const next = store.append('lab', events(sessionEvents('new')));
    expect(next.ok && next.accepted[0]!.cursor).toBe(head + 1);
  });
});

describe('FeedStore: a database it cannot read', () => {
  it('is moved aside with its WAL, reported, and a fresh one started', () => {
    const dir = tempDir();
    const file = path.join(dir, 'feed.sqlite');
    fs.writeFileSync(file, 'this is not a database, it is a note someone saved over it'.repeat(100));
    fs.writeFileSync(`${file}-wal`, 'stale');
    const { store, movedAside } = open(file);
    expect(movedAside).toMatchObject({ from: file, to: expect.stringMatching(/feed\.sqlite\.corrupt-/), reason: expect.stringMatching(/not an SQLite database/) });
    expect(fs.readFileSync(movedAside!.to, 'utf8')).toMatch(/^this is not a database/);
    expect(fs.readdirSync(dir).filter((f) => f.includes('-wal.corrupt-'))).toHaveLength(1);
    expect(store.head()).toBe(0);
    expect(store.append('lab', events(sessionEvents('s-1')))).toMatchObject({ ok: true });
    store.close();
  });

  it('an SQLite file with damaged pages is moved aside too', () => {
    const { store, file } = open();
    store.append('lab', events(sessionEvents('s-1')));
    store.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(3000, 0xab), 0, 3000, 100); // past the 100-byte header: the schema page
    fs.closeSync(fd);
    const again = open(file);
    expect(again.movedAside).toMatchObject({ reason: expect.stringMatching(/malformed/) });
    expect(again.store.head()).toBe(0);
    again.store.close();
  });

  it('a database written by a newer Warmline is left untouched', () => {
    const file = path.join(tempDir(), 'feed.sqlite');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    const r = FeedStore.open(file);
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/newer Warmline/) });
    expect(fs.readdirSync(path.dirname(file)).some((f) => f.includes('corrupt'))).toBe(false);
  });

  it('a fresh database has a new feed id, so old cursors can be recognised', () => {
    const dir = tempDir();
    const a = open(path.join(dir, 'a.sqlite')).store;
    const b = open(path.join(dir, 'b.sqlite')).store;
    expect(a.feedId).not.toBe(b.feedId);
    const file = path.join(dir, 'a.sqlite');
    a.close();
    expect(open(file).store.feedId).toBe(a.feedId);
  });
});
