import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRIDGE_METHODS } from '../../../shared/contract/bridge';
import type { FeedEventInput } from '../../../shared/feed/feed-event';
import { sessionEvents } from '../../../shared/feed/test-support/feed-examples';
import { memoryLogger, useTempDirs } from '../../test-support/temp-dir';
import { HostServices } from '../host-services';
import { gateEvents } from '../roles';
import { createKeyFileCipher } from '../vault';
import { bridgeEvents, watchTransferRequests } from './bridge-events';
import { CSV_COLUMNS, csvCell, FeedAccess, sessionsCsv, watchFeedEvents, withFeedEvents } from './feed-access';
import { createHub } from './hub';

const tempDir = useTempDirs();

function makeHub() {
  const { logger } = memoryLogger();
  const hub = createHub({ dbFile: path.join(tempDir(), 'feed.sqlite'), platforms: [], subscriberTokens: [], log: logger.child('hub') });
  return { hub, logger };
}

/** A session that has started and not ended. */
const openSession = (id: string, startAt?: number): FeedEventInput[] => sessionEvents(id, startAt).slice(0, 6);

/** Parse RFC 4180 text (quoted fields, "" escapes, CRLF records) to check what a spreadsheet would read. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  expect(cell).toBe('');
  expect(row).toEqual([]);
  return rows;
}

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['Reyes, Dana', '"Reyes, Dana"'],
    ['say "hi"', '"say ""hi"""'],
    ['line one\nline two', '"line one\nline two"'],
    ['cr\r\nlf', '"cr\r\nlf"'],
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+14155550100', "'+14155550100"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes null as empty and numbers and booleans as they are', () => {
    expect([csvCell(null), csvCell(12), csvCell(true), csvCell(false)]).toEqual(['', '12', 'true', 'false']);
  });
});

describe('feed.exportCsv', () => {
  it('has a header row and one record per session that a spreadsheet reads back as stored (but guarded)', () => {
    const { hub } = makeHub();
    const events = sessionEvents('s-q');
    (events[0] as { caller: { name: string } }).caller.name = 'Reyes, "Dana"\n=cmd';
    (events[4] as { intent: string }).intent = '=1+2';
    hub.ingest('lab', events);
    hub.ingest('lab', openSession('s-open', Date.parse('2026-03-02T15:00:00Z')));
    const out = new FeedAccess(hub).exportCsv({});
    expect(out).toMatchObject({ rows: 2, truncated: false });
    expect(out.csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(out.csv);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows[0]).toEqual(['sessionId', 'startedAt', 'endedAt', 'callerName', 'callerNumber', 'intent', 'sentiment', 'outcome', 'transferred', 'targetAgent', 'turns']);
    // Newest first: the open session started later.
    expect(rows[1]).toEqual(['s-open', '2026-03-02T15:00:00.000Z', '', 'Dana Reyes', "'+14155550100", 'Dispute a charge', 'negative', '', 'false', '', '2']);
    expect(rows[2]).toEqual([
      's-q',
      '2026-03-02T14:03:00.000Z',
      '2026-03-02T14:03:16.000Z',
      'Reyes, "Dana"\n=cmd',
      "'+14155550100",
      "'=1+2",
      'negative',
      'transferred',
      'true',
      'sip:alice@lab.warmline.test',
      '2',
    ]);
    hub.close();
  });

  it('filters like feed.sessions (live, transferred, dates), pages through the hub and says when it stopped at the cap', () => {
    const { hub } = makeHub();
    const base = Date.parse('2026-03-01T00:00:00Z');
    for (let i = 0; i < 7; i++) hub.ingest('lab', sessionEvents(`done-${i}`, base + i * 60_000));
    for (let i = 0; i < 3; i++) hub.ingest('lab', openSession(`live-${i}`, base + 3_600_000 + i * 60_000));
    const feed = new FeedAccess(hub);
    expect(feed.exportCsv({})).toMatchObject({ rows: 10, truncated: false });
    expect(feed.exportCsv({ live: true })).toMatchObject({ rows: 3, truncated: false });
    expect(feed.exportCsv({ transferred: true })).toMatchObject({ rows: 7 });
    expect(feed.exportCsv({ live: true, outcome: 'resolved' })).toEqual({ csv: `${CSV_COLUMNS.join(',')}\r\n`, rows: 0, truncated: false });
    expect(feed.exportCsv({ to: new Date(base + 2 * 60_000).toISOString() })).toMatchObject({ rows: 2 });
    const capped = feed.exportCsv({}, 4);
    expect(capped).toMatchObject({ rows: 4, truncated: true });
    expect(parseCsv(capped.csv).slice(1).map((r) => r[0])).toEqual(['live-2', 'live-1', 'live-0', 'done-6']);
    expect(feed.exportCsv({}, 10)).toMatchObject({ rows: 10, truncated: false });
    hub.close();
  });

  it('exports the columns of any summary (pure)', () => {
    expect(sessionsCsv([])).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('feed.sessions, feed.session, feed.replay', () => {
  it('lists with live and pages with next; a foreign page token is INVALID_REQUEST', async () => {
    const { hub } = makeHub();
    for (let i = 0; i < 3; i++) hub.ingest('lab', sessionEvents(`done-${i}`, Date.parse('2026-03-01T00:00:00Z') + i * 1000));
    hub.ingest('lab', openSession('live-0'));
    const feed = new FeedAccess(hub);
    const req = (r: unknown) => BRIDGE_METHODS['feed.sessions'].request.parse(r);
    expect(feed.sessions(req({ live: true })).sessions.map((s) => s.sessionId)).toEqual(['live-0']);
    expect(feed.sessions(req({ live: false })).sessions).toHaveLength(4);
    const first = feed.sessions(req({ limit: 2 }));
    expect(first.sessions).toHaveLength(2);
    const second = feed.sessions(req({ limit: 2, before: first.next }));
    expect(second).toMatchObject({ next: null });
    expect([...first.sessions, ...second.sessions].map((s) => s.sessionId)).toEqual(['live-0', 'done-2', 'done-1', 'done-0']);
    expect(BRIDGE_METHODS['feed.sessions'].response.safeParse(first).success).toBe(true);

    const services = new HostServices({ kind: 'web', version: 't', dataDir: tempDir(), cipher: createKeyFileCipher(path.join(tempDir(), 'k')), logger: memoryLogger().logger });
    services.feed = feed;
    // As a provisioned supervisor: a page token the hub did not make is a request error, not INTERNAL.
    services.settings.update((s) => ({ ...s, profile: { ...s.profile, role: 'supervisor' } }));
    expect(await services.dispatch('feed.sessions', { before: 'not-a-token' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('before') } });
    hub.close();
  });

  it('gives one session with its events by cursor, or NOT_FOUND', () => {
    const { hub } = makeHub();
    hub.ingest('lab', sessionEvents('s-1'));
    const feed = new FeedAccess(hub);
    const got = feed.session('s-1');
    expect(got.summary).toMatchObject({ sessionId: 's-1', outcome: 'transferred', turns: 2 });
    expect(got.events.map((e) => e.cursor)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(got.events[0]).toEqual({ cursor: 1, event: expect.objectContaining({ type: 'session.started', seq: 0 }) });
    expect(BRIDGE_METHODS['feed.session'].response.safeParse(got).success).toBe(true);
    expect(() => feed.session('s-2')).toThrow(/No AI session s-2/);
    expect(() => feed.session('bad id!')).toThrow(/No AI session/);
    hub.close();
  });

  it('replays after a cursor a page at a time, without gap or duplicate, with the head', () => {
    const { hub } = makeHub();
    hub.ingest('lab', sessionEvents('a'));
    hub.ingest('lab', sessionEvents('b'));
    const feed = new FeedAccess(hub);
    const seen: number[] = [];
    let after = 0;
    for (;;) {
      const page = feed.replay(after, 4);
      expect(page.head).toBe(18);
      expect(BRIDGE_METHODS['feed.replay'].response.safeParse(page).success).toBe(true);
      if (page.events.length === 0) break;
      seen.push(...page.events.map((e) => e.cursor));
      after = page.events.at(-1)!.cursor;
    }
    expect(seen).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(BRIDGE_METHODS['feed.replay'].request.parse({ after: 3 })).toEqual({ after: 3, limit: 500 });
    expect(BRIDGE_METHODS['feed.replay'].request.safeParse({ after: 0, limit: 2001 }).success).toBe(false);
    hub.close();
  });
});

describe('feed.event', () => {
  it('reaches a renderer only while the host role is supervisor or admin; feed.transferRequested reaches agents', async () => {
    const { hub, logger } = makeHub();
    const services = new HostServices({ kind: 'web', version: 't', dataDir: tempDir(), cipher: createKeyFileCipher(path.join(tempDir(), 'k')), logger });
    services.settings.update((s) => ({ ...s, profile: { ...s.profile, role: 'supervisor' } }));
    const feedEvents = watchFeedEvents(hub, logger.child('hub'));
    const source = withFeedEvents(bridgeEvents(services, watchTransferRequests(hub, logger.child('hub'))), feedEvents);
    // As both transports wire it (web-host/server.ts, main/ipc.ts).
    const renderer = gateEvents(source, () => services.role());
    const got: number[] = [];
    const transfers: string[] = [];
    renderer.on('feed.event', (e) => {
      expect(BRIDGE_METHODS['feed.replay'].response.shape.events.element.safeParse(e).success).toBe(true);
      got.push(e.cursor);
    });
    renderer.on('feed.transferRequested', (t) => transfers.push(t.sessionId));

    await services.dispatch('session.signIn', { role: 'agent' });
    hub.ingest('lab', sessionEvents('as-agent'));
    expect(got).toEqual([]);
    expect(transfers).toEqual(['as-agent']);

    await services.dispatch('session.signIn', { role: 'supervisor' });
    hub.ingest('lab', sessionEvents('as-supervisor').slice(0, 3));
    expect(got).toEqual([10, 11, 12]);

    await services.dispatch('settings.updateProfile', { role: 'agent' });
    hub.ingest('lab', sessionEvents('as-supervisor').slice(3));
    expect(got).toEqual([10, 11, 12]);
    expect(transfers).toEqual(['as-agent', 'as-supervisor']);
    feedEvents.close();
    hub.close();
  });
});
