import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFeedBatch } from './feed-batch';
import type { FeedEvent, FeedEventInput } from './feed-event';
import {
  applyDetail,
  applyFeedEntries,
  boardCounters,
  boardRows,
  DEFAULT_BOARD_QUERY,
  DETAIL_QUALITY_POINTS,
  EMPTY_BOARD,
  foldRow,
  NO_RECORDING_CONSENT,
  NO_RECORDING_MADE,
  openDetail,
  pruneBoard,
  recordingStatus,
  rowComparator,
  seedBoard,
  SENTIMENT_TREND_LENGTH,
  utcDay,
  type Board,
  type BoardRow,
  type FeedEntry,
} from './session-board';
import { summarizeSession } from './session-summary';
import { csvObjects, filterCsvRows, parseCsv, writeCsv } from './sessions-csv';
import { sessionEvents } from './test-support/feed-examples';

const opts = { dayOf: utcDay };
const T0 = Date.parse('2026-03-02T14:03:00Z');

function parse(events: FeedEventInput[]): FeedEvent[] {
  const r = parseFeedBatch(events);
  if (!r.ok) throw new Error(r.error);
  return r.events;
}

/** Entries with cursors from `from`, in the order given. */
function entries(events: FeedEvent[], from = 1): FeedEntry[] {
  return events.map((event, i) => ({ cursor: from + i, event }));
}

const at = (s: number, base = T0) => new Date(base + s * 1000).toISOString();

function started(sessionId: string, seq = 0, startS = 0, base = T0, caller: { name?: string; number?: string } = { name: 'Dana Reyes', number: '+14155550100' }): FeedEventInput {
  return { sessionId, seq, at: at(startS, base), type: 'session.started', caller };
}

describe('session board: folding every event type', () => {
  it('follows the example session from start to end, counting it once', () => {
    const events = parse(sessionEvents('s-1'));
    const states: string[] = [];
    let board: Board = EMPTY_BOARD;
    for (const [i, e] of events.entries()) {
      board = applyFeedEntries(board, [{ cursor: i + 1, event: e }], opts);
      states.push(board.rows.get('s-1')!.state);
    }
    expect(states).toEqual(['talking', 'talking', 'talking', 'talking', 'talking', 'talking', 'transferring', 'talking', 'ended']);
    const row = board.rows.get('s-1')!;
    expect(row).toMatchObject({
      callerName: 'Dana Reyes',
      callerNumber: '+14155550100',
      aiAgent: 'Ava',
      queue: 'billing',
      intent: 'Dispute a charge',
      sentimentTrend: ['negative'],
      confidence: 0.82,
      quality: { mos: 4.3, jitterMs: 3.5, lossPct: 0.2, rttMs: 38 },
      targetAgent: 'sip:alice@lab.warmline.test',
      agent: 'sip:alice@lab.warmline.test',
      outcome: 'transferred',
      turns: 2,
      maxSeq: 8,
      startedAt: T0,
      endedAt: T0 + 16_000,
    });
    expect(board.cursor).toBe(9);
    // Connected, then ended as transferred: one transfer, not two.
    expect(boardCounters(board, '2026-03-02')).toEqual({
      live: 0,
      transferring: 0,
      onHold: 0,
      transferredToday: 1,
      resolvedByAiToday: 0,
      endedToday: 1,
      averageHandleMs: 16_000,
    });
  });

  it('puts a caller on hold after a failed transfer, and back to talking when someone speaks', () => {
    const events = parse([
      started('h'),
      { sessionId: 'h', seq: 1, at: at(1), type: 'transfer.requested', targetAgent: 'bob', context: { version: 'warmline.context/1', sessionId: 'h' } },
      { sessionId: 'h', seq: 2, at: at(2), type: 'transfer.completed', agent: 'bob', outcome: 'failed' },
      { sessionId: 'h', seq: 3, at: at(3), type: 'transcript.turn', speaker: 'caller', text: 'Hello?', final: false },
      { sessionId: 'h', seq: 4, at: at(4), type: 'transcript.turn', speaker: 'ai', text: 'Sorry, nobody is free.' },
    ]);
    const states = events.map((_, i) => applyFeedEntries(EMPTY_BOARD, entries(events.slice(0, i + 1)), opts).rows.get('h')!.state);
    expect(states).toEqual(['talking', 'transferring', 'on-hold', 'on-hold', 'talking']);
    const board = applyFeedEntries(EMPTY_BOARD, entries(events), opts);
    expect(board.rows.get('h')!.agent).toBeNull();
    expect(boardCounters(board, '2026-03-02')).toMatchObject({ live: 1, transferredToday: 0 });
  });

  it('keeps the last five sentiments as the trend, and the newest session.updated fields even when an older one arrives late', () => {
    const sentiments = ['positive', 'neutral', 'negative', 'mixed', 'negative', 'neutral', 'positive'] as const;
    const events = parse([
      started('t'),
      ...sentiments.map((sentiment, i): FeedEventInput => ({ sessionId: 't', seq: i + 2, at: at(i + 1), type: 'session.updated', sentiment, confidence: (i + 1) / 10 })),
      { sessionId: 't', seq: 1, at: at(0.5), type: 'session.updated', intent: 'Old intent', confidence: 0.99 },
    ]);
    const row = applyFeedEntries(EMPTY_BOARD, entries(events), opts).rows.get('t')!;
    expect(row.sentimentTrend).toEqual(sentiments.slice(-SENTIMENT_TREND_LENGTH));
    expect(row.confidence).toBe(0.7);
    expect(row.intent).toBeNull();
  });

  it('creates a row from whatever event of a session comes first, and widens its start to the earliest time', () => {
    const events = parse([
      { sessionId: 'late', seq: 3, at: at(10), type: 'quality.sample', mos: 3.9 },
      started('late', 0, 0),
    ]);
    const row = applyFeedEntries(EMPTY_BOARD, entries(events), opts).rows.get('late')!;
    expect(row.startedAt).toBe(T0);
    expect(row.callerName).toBe('Dana Reyes');
    expect(row.quality?.mos).toBe(3.9);
  });

  it('counts a session ended as resolved by the AI, and an abandoned one only in handle time', () => {
    const events = parse([
      started('r', 0, 0),
      { sessionId: 'r', seq: 1, at: at(60), type: 'session.ended', outcome: 'resolved' },
      started('a', 0, 0),
      { sessionId: 'a', seq: 1, at: at(20), type: 'session.ended', outcome: 'abandoned' },
      // A second session.ended changes nothing.
      { sessionId: 'a', seq: 2, at: at(30), type: 'session.ended', outcome: 'resolved' },
    ]);
    const board = applyFeedEntries(EMPTY_BOARD, entries(events), opts);
    expect(board.rows.get('a')!.outcome).toBe('abandoned');
    expect(boardCounters(board, '2026-03-02')).toEqual({
      live: 0,
      transferring: 0,
      onHold: 0,
      transferredToday: 0,
      resolvedByAiToday: 1,
      endedToday: 2,
      averageHandleMs: 40_000,
    });
  });

  it('does not count as resolved by the AI a session a human resolved after a transfer', () => {
    const events = parse([
      started('x'),
      { sessionId: 'x', seq: 1, at: at(5), type: 'transfer.completed', agent: 'alice', outcome: 'connected' },
      { sessionId: 'x', seq: 2, at: at(9), type: 'session.ended', outcome: 'resolved' },
    ]);
    expect(boardCounters(applyFeedEntries(EMPTY_BOARD, entries(events), opts), '2026-03-02')).toMatchObject({ transferredToday: 1, resolvedByAiToday: 0, endedToday: 1 });
  });

  it('foldRow never changes its input', () => {
    const [e] = parse([started('p')]);
    const { row } = foldRow(null, e!);
    const frozen = Object.freeze({ ...row });
    const [u] = parse([{ sessionId: 'p', seq: 1, at: at(1), type: 'session.updated', sentiment: 'mixed' }]);
    const next = foldRow(frozen, u!).row;
    expect(next).not.toBe(frozen);
    expect(frozen.sentimentTrend).toEqual([]);
  });
});

describe('session board: duplicates and resume', () => {
  it('skips entries at or below its cursor, so a replay overlapping the pushes applies nothing twice', () => {
    const events = parse(sessionEvents('d'));
    const all = entries(events);
    const pushed = applyFeedEntries(EMPTY_BOARD, all.slice(0, 6), opts);
    const resumed = applyFeedEntries(pushed, all.slice(3), opts);
    expect(resumed).toEqual(applyFeedEntries(EMPTY_BOARD, all, opts));
    expect(applyFeedEntries(resumed, all, opts)).toBe(resumed);
  });

  it('any split of the feed into batches gives the same board (property)', () => {
    const feed = entries(parse([...sessionEvents('a', T0), ...sessionEvents('b', T0 + 3000), ...sessionEvents('c', T0 + 7000)]));
    const expected = applyFeedEntries(EMPTY_BOARD, feed, opts);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: feed.length }), { maxLength: 8 }), fc.integer({ min: 0, max: 5 }), (cuts, overlap) => {
        const points = [...new Set([0, ...cuts, feed.length])].sort((x, y) => x - y);
        let board = EMPTY_BOARD;
        for (let i = 1; i < points.length; i++) board = applyFeedEntries(board, feed.slice(Math.max(0, points[i - 1]! - overlap), points[i]), opts);
        expect(board).toEqual(expected);
      }),
    );
  });

  it('seeds from summaries: open sessions become rows, ended ones count once, and seeded events are not applied again', () => {
    const open = parse(sessionEvents('open')).slice(0, 5);
    const ended = parse(sessionEvents('ended', T0 - 60_000));
    const summaries = [summarizeSession(open, 'lab')!, summarizeSession(ended, 'lab')!];
    let board = seedBoard(EMPTY_BOARD, summaries, opts);
    board = seedBoard(board, summaries, opts); // seeding twice counts nothing twice
    expect([...board.rows.keys()]).toEqual(['open']);
    expect(board.rows.get('open')).toMatchObject({ state: 'talking', intent: 'Dispute a charge', sentimentTrend: ['negative'], turns: 2, seededSeq: 4 });
    expect(boardCounters(board, '2026-03-02')).toMatchObject({ live: 1, transferredToday: 1, endedToday: 1, averageHandleMs: 16_000 });

    // The stream then brings events from the start of the open session (already in its summary) and beyond.
    const rest = parse(sessionEvents('open'));
    board = applyFeedEntries(board, entries([...rest, ...ended], 100), opts);
    expect(board.rows.get('open')).toMatchObject({ turns: 2, state: 'ended', outcome: 'transferred' });
    expect(board.rows.get('ended')).toBeUndefined();
    expect(boardCounters(board, '2026-03-02')).toMatchObject({ live: 0, transferredToday: 2, endedToday: 2 });
  });

  it('prunes ended rows into the closed list, ignores their late events, then forgets them', () => {
    const events = parse(sessionEvents('gone'));
    let board = applyFeedEntries(EMPTY_BOARD, entries(events), opts);
    const endedAt = board.rows.get('gone')!.endedAt!;
    expect(pruneBoard(board, { endedBefore: endedAt, forgetClosedBefore: 0, keepDays: ['2026-03-02'] })).toBe(board);
    board = pruneBoard(board, { endedBefore: endedAt + 1, forgetClosedBefore: 0, keepDays: ['2026-03-02'] });
    expect(board.rows.size).toBe(0);
    expect(board.closed).toEqual(new Map([['gone', endedAt]]));
    const late = parse([{ sessionId: 'gone', seq: 20, at: at(30), type: 'quality.sample', mos: 4 }]);
    board = applyFeedEntries(board, entries(late, 50), opts);
    expect(board.rows.size).toBe(0);
    expect(board.cursor).toBe(50);
    board = pruneBoard(board, { endedBefore: endedAt + 1, forgetClosedBefore: endedAt + 1, keepDays: [] });
    expect(board.closed.size).toBe(0);
    expect(board.tallies).toEqual({});
  });
});

describe('session board: today', () => {
  it('counts by the day of the event, as the injected dayOf says', () => {
    const midnight = Date.parse('2026-03-03T00:00:00Z');
    const events = parse([
      started('y', 0, -120, midnight),
      { sessionId: 'y', seq: 1, at: at(-1, midnight), type: 'session.ended', outcome: 'resolved' }, // 23:59:59 on the 2nd
      started('z', 0, -60, midnight),
      { sessionId: 'z', seq: 1, at: at(0, midnight), type: 'session.ended', outcome: 'resolved' }, // 00:00:00 on the 3rd
    ]);
    const board = applyFeedEntries(EMPTY_BOARD, entries(events), opts);
    expect(boardCounters(board, utcDay(midnight - 1))).toMatchObject({ resolvedByAiToday: 1, averageHandleMs: 119_000 });
    expect(boardCounters(board, utcDay(midnight))).toMatchObject({ resolvedByAiToday: 1, averageHandleMs: 60_000 });
    expect(boardCounters(board, '2026-03-04')).toMatchObject({ resolvedByAiToday: 0, endedToday: 0, averageHandleMs: null });

    // A supervisor in UTC+1 sees both sessions ending on the 3rd.
    const plusOne = { dayOf: (ms: number) => utcDay(ms + 3_600_000) };
    const local = applyFeedEntries(EMPTY_BOARD, entries(events), plusOne);
    expect(boardCounters(local, '2026-03-03')).toMatchObject({ resolvedByAiToday: 2, endedToday: 2 });
  });
});

describe('session board: filters and sorts', () => {
  function row(p: Partial<BoardRow> & { sessionId: string }): BoardRow {
    const e = parse([started(p.sessionId)])[0]!;
    return { ...foldRow(null, e).row, ...p };
  }
  const rows = new Map(
    [
      row({ sessionId: 'a', callerName: 'Dana Reyes', intent: 'Dispute a charge', startedAt: T0, sentimentTrend: ['positive', 'negative'], confidence: 0.9 }),
      row({ sessionId: 'b', callerName: 'Lee Park', callerNumber: '+14155550199', intent: 'Change address', startedAt: T0 + 10_000, sentimentTrend: ['positive'], confidence: 0.4, state: 'transferring' }),
      row({ sessionId: 'c', callerName: null, callerNumber: '+442071838750', intent: null, startedAt: T0 + 5000, sentimentTrend: [], confidence: null, state: 'on-hold' }),
      row({ sessionId: 'd', callerName: 'Ann Dale', intent: 'Refund', startedAt: T0 - 30_000, endedAt: T0 + 1000, state: 'ended', sentimentTrend: ['mixed'], confidence: 0.6 }),
    ].map((r) => [r.sessionId, r]),
  );
  const now = T0 + 60_000;
  const ids = (q: Partial<typeof DEFAULT_BOARD_QUERY>) => boardRows(rows, { ...DEFAULT_BOARD_QUERY, ...q }, now).map((r) => r.sessionId);

  it('searches caller name, number and intent, ignoring case and spaces around', () => {
    expect(ids({ text: '  DALE ' })).toEqual(['d']);
    expect(ids({ text: 'charge' })).toEqual(['a']);
    expect(ids({ text: '+44' })).toEqual(['c']);
    expect(ids({ text: 'nobody' })).toEqual([]);
  });

  it('filters by state, "live" meaning not ended', () => {
    expect(ids({ state: 'transferring' })).toEqual(['b']);
    expect(ids({ state: 'on-hold' })).toEqual(['c']);
    expect(ids({ state: 'ended' })).toEqual(['d']);
    expect(ids({ state: 'live' })).toEqual(['a', 'c', 'b']);
  });

  it('sorts by duration (longest first; an ended session keeps its own length), sentiment (worst first) and confidence (lowest first)', () => {
    expect(ids({ sort: 'duration' })).toEqual(['a', 'c', 'b', 'd']);
    expect(ids({ sort: 'duration', reversed: true })).toEqual(['d', 'b', 'c', 'a']);
    expect(ids({ sort: 'sentiment' })).toEqual(['a', 'd', 'b', 'c']);
    expect(ids({ sort: 'sentiment', reversed: true })).toEqual(['b', 'd', 'a', 'c']);
    expect(ids({ sort: 'confidence' })).toEqual(['b', 'd', 'a', 'c']);
    expect(ids({ sort: 'confidence', reversed: true })).toEqual(['a', 'd', 'b', 'c']);
  });

  it('every comparator is a total order (property)', () => {
    const list = [...rows.values()];
    for (const sort of ['duration', 'sentiment', 'confidence'] as const) {
      for (const reversed of [false, true]) {
        const cmp = rowComparator(sort, now, reversed);
        fc.assert(
          fc.property(fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }), (order) => {
            expect([...order].sort(cmp)).toEqual([...list].sort(cmp));
          }),
        );
      }
    }
  });
});

describe('session detail', () => {
  it('builds transcript, quality and the transfer from the session, then streams turns as they come', () => {
    const events = parse(sessionEvents('v'));
    const feed = entries(events);
    const first = feed.slice(0, 4);
    const summary = summarizeSession(first.map((f) => f.event), 'lab')!;
    let d = openDetail(summary, first);
    expect(d.transcript.map((t) => t.text)).toEqual(['Hi, this is Ava. How can I help?', "There's a charge I don't recognise."]);
    expect(d.interim).toEqual([]);
    expect(d.cursor).toBe(4);

    d = applyDetail(d, feed.slice(2)); // overlapping: cursors 3 and 4 again
    expect(d.transcript).toHaveLength(2);
    expect(d.summary).toEqual(summarizeSession(events, 'lab'));
    expect(d.quality).toEqual([{ at: T0 + 10_000, mos: 4.3, jitterMs: 3.5, lossPct: 0.2, rttMs: 38 }]);
    expect(d.transfers).toHaveLength(1);
    expect(d.transfers[0]).toMatchObject({
      targetAgent: 'sip:alice@lab.warmline.test',
      reason: 'Refunds over $25 need a human',
      context: { intent: 'Dispute a charge', caller: { name: 'Dana Reyes', verified: true } },
      completed: { agent: 'sip:alice@lab.warmline.test', outcome: 'connected' },
    });
    expect(applyDetail(d, feed)).toBe(d);
  });

  it('shows an interim turn until the same speaker finishes it, and ignores other sessions', () => {
    const summary = summarizeSession(parse([started('i')]), 'lab')!;
    let d = openDetail(summary, []);
    const live = parse([
      { sessionId: 'i', seq: 1, at: at(1), type: 'transcript.turn', speaker: 'caller', text: 'I want', final: false },
      { sessionId: 'i', seq: 2, at: at(2), type: 'transcript.turn', speaker: 'caller', text: 'I want to cancel', final: false },
      { sessionId: 'other', seq: 3, at: at(2), type: 'transcript.turn', speaker: 'ai', text: 'Not this one' },
    ]);
    d = applyDetail(d, entries(live, 10));
    expect(d.interim.map((t) => t.text)).toEqual(['I want to cancel']);
    expect(d.transcript).toEqual([]);
    const done = parse([{ sessionId: 'i', seq: 3, at: at(3), type: 'transcript.turn', speaker: 'caller', text: 'I want to cancel my plan.' }]);
    d = applyDetail(d, entries(done, 20));
    expect(d.interim).toEqual([]);
    expect(d.transcript.map((t) => t.text)).toEqual(['I want to cancel my plan.']);
  });

  it('keeps the last quality samples only', () => {
    const summary = summarizeSession(parse([started('q')]), 'lab')!;
    const samples = parse(Array.from({ length: DETAIL_QUALITY_POINTS + 15 }, (_, i): FeedEventInput => ({ sessionId: 'q', seq: i + 1, at: at(i), type: 'quality.sample', mos: 1 + (i % 40) / 10 })));
    const d = applyDetail(openDetail(summary, []), entries(samples));
    expect(d.quality).toHaveLength(DETAIL_QUALITY_POINTS);
    expect(d.quality.at(-1)!.at).toBe(T0 + (DETAIL_QUALITY_POINTS + 14) * 1000);
  });
});

describe('recording', () => {
  it('links a recording only when one exists and the caller consented, and says why otherwise', () => {
    expect(recordingStatus('https://rec.example.com/1', 'granted')).toEqual({ kind: 'link', url: 'https://rec.example.com/1' });
    expect(recordingStatus('https://rec.example.com/1', 'declined')).toEqual({ kind: 'none', reason: NO_RECORDING_CONSENT });
    expect(recordingStatus(null, 'declined')).toEqual({ kind: 'none', reason: NO_RECORDING_CONSENT });
    expect(recordingStatus('https://rec.example.com/1', 'unknown')).toEqual({ kind: 'none', reason: NO_RECORDING_CONSENT });
    expect(recordingStatus(null, 'granted')).toEqual({ kind: 'none', reason: NO_RECORDING_MADE });
    expect(recordingStatus(null, null)).toEqual({ kind: 'none', reason: NO_RECORDING_MADE });
  });
});

describe('at wallboard scale', () => {
  it('folds 1000 live sessions and 40 000 events a frame-sized batch at a time, with the same result as one batch', () => {
    const raw: FeedEventInput[] = [];
    for (let s = 0; s < 1000; s++) raw.push(started(`w-${s}`, 0, s / 10, T0, { name: `Caller ${s}`, number: `+1415555${String(s).padStart(4, '0')}` }));
    const kinds = ['transcript.turn', 'session.updated', 'quality.sample'] as const;
    for (let i = 0; i < 39_000; i++) {
      const s = (i * 7919) % 1000;
      const seq = 1 + Math.floor(i / 1000);
      const kind = kinds[i % 3]!;
      const base = { sessionId: `w-${s}`, seq, at: at(100 + i / 200) };
      raw.push(
        kind === 'transcript.turn'
          ? { ...base, type: kind, speaker: i % 2 ? 'ai' : 'caller', text: `turn ${i}` }
          : kind === 'session.updated'
            ? { ...base, type: kind, sentiment: (['positive', 'neutral', 'negative', 'mixed'] as const)[i % 4], confidence: (i % 100) / 100 }
            : { ...base, type: kind, mos: 3 + (i % 15) / 10 },
      );
    }
    const events: FeedEvent[] = [];
    for (let i = 0; i < raw.length; i += 500) events.push(...parse(raw.slice(i, i + 500)));
    const feed = entries(events);
    let board = EMPTY_BOARD;
    for (let i = 0; i < feed.length; i += 4) board = applyFeedEntries(board, feed.slice(i, i + 4), opts);
    expect(board.rows.size).toBe(1000);
    expect(boardCounters(board, '2026-03-02').live).toBe(1000);
    expect(board).toEqual(applyFeedEntries(EMPTY_BOARD, feed, opts));
    const shown = boardRows(board.rows, { ...DEFAULT_BOARD_QUERY, sort: 'confidence' }, T0 + 3_600_000);
    expect(shown).toHaveLength(1000);
    expect(shown[0]!.confidence).toBe(0);
  });
});

// The client-side reading of the host's CSV export (shared/feed/sessions-csv.ts) lives beside the board it serves.
describe('sessions csv', () => {
  const csv = 'sessionId,callerName,targetAgent\r\ns-1,"Reyes, Dana",sip:alice@x.test\r\ns-2,"Say ""hi""\nthere",\r\ns-3,\'=HYPERLINK(1),sip:bob@x.test\r\n';
  it('reads RFC 4180 records: quoted commas, doubled quotes, line breaks inside quotes, CRLF', () => {
    expect(parseCsv(csv)).toEqual([
      ['sessionId', 'callerName', 'targetAgent'],
      ['s-1', 'Reyes, Dana', 'sip:alice@x.test'],
      ['s-2', 'Say "hi"\nthere', ''],
      ['s-3', "'=HYPERLINK(1)", 'sip:bob@x.test'],
    ]);
    expect(writeCsv(parseCsv(csv))).toBe(csv);
    expect(csvObjects(csv)[0]).toEqual({ sessionId: 's-1', callerName: 'Reyes, Dana', targetAgent: 'sip:alice@x.test' });
  });
  it('keeps only the rows whose column contains the text, ignoring case, header always', () => {
    expect(filterCsvRows(csv, 'targetAgent', ' ALICE ')).toEqual({ csv: 'sessionId,callerName,targetAgent\r\ns-1,"Reyes, Dana",sip:alice@x.test\r\n', rows: 1 });
    expect(filterCsvRows(csv, 'nope', 'alice')).toEqual({ csv: 'sessionId,callerName,targetAgent\r\n', rows: 0 });
  });
});
