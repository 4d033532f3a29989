import type { ContextIssue, TransferContext } from '../context/transfer-context';
import type { FeedEvent, SessionOutcome } from './feed-event';
import { foldSession, type SessionSummary } from './session-summary';

/**
 * The supervisor wallboard as data: feed events folded into one row per live
 * session, per-day tallies for the counters, and the open session's detail.
 * Pure: no clock (the caller passes `now` and a `dayOf` function), no I/O, no
 * mutation of its inputs. The renderer applies a frame's worth of events at a
 * time, so every function here takes a batch and copies each map at most once.
 */

export const BOARD_STATES = ['talking', 'transferring', 'on-hold', 'ended'] as const;
/**
 * What the caller is going through now, from the feed alone (it has no hold
 * event): `transferring` from a transfer.requested until its transfer.completed;
 * `on-hold` after a transfer that failed, until someone speaks again (the caller
 * is parked while the AI platform retries or takes them back); `ended` after
 * session.ended, whatever comes later.
 */
export type BoardState = (typeof BOARD_STATES)[number];
export type Sentiment = 'positive' | 'neutral' | 'negative' | 'mixed';

/** The trend shows this many sentiment readings: enough to see a call turning, few enough for a table cell. */
export const SENTIMENT_TREND_LENGTH = 5;
/** Worst first: the order a supervisor scans for calls to step into. Unknown sorts after all. */
export const SENTIMENT_RANK: Record<Sentiment, number> = { negative: 0, mixed: 1, neutral: 2, positive: 3 };

export type BoardQuality = { at: number; mos: number | null; jitterMs: number | null; lossPct: number | null; rttMs: number | null };

export type BoardRow = {
  sessionId: string;
  callerName: string | null;
  callerNumber: string | null;
  aiAgent: string | null;
  queue: string | null;
  /** Epoch ms: the earliest `at` seen for the session. */
  startedAt: number;
  endedAt: number | null;
  lastEventAt: number;
  intent: string | null;
  /** The last SENTIMENT_TREND_LENGTH sentiments, oldest first. */
  sentimentTrend: readonly Sentiment[];
  confidence: number | null;
  quality: BoardQuality | null;
  state: BoardState;
  /** From the latest transfer.requested. */
  targetAgent: string | null;
  /** The human who took the call (a transfer.completed as connected). */
  agent: string | null;
  outcome: SessionOutcome | null;
  turns: number;
  maxSeq: number;
  /** Events at or below this seq were already in the summary the row was seeded from; -1 when none. */
  seededSeq: number;
  /** seq of the session.updated whose fields are shown: an older one arriving late changes nothing. */
  updateSeq: number;
  /** Counted in "transferred today" already (a connected transfer, then session.ended as transferred, counts once). */
  transferCounted: boolean;
};

export type DayTally = { transferred: number; resolvedByAi: number; ended: number; handleMsTotal: number };
const NO_TALLY: DayTally = { transferred: 0, resolvedByAi: 0, ended: 0, handleMsTotal: 0 };

export type Board = {
  /** The highest feed cursor applied; -1 before any. Entries at or below it are duplicates. */
  cursor: number;
  /** By session id. A Map: copying one per batch costs a tenth of copying an object with 1000 keys. */
  rows: ReadonlyMap<string, BoardRow>;
  /** Ended sessions taken off the board, with their end time, so late events do not bring them back. */
  closed: ReadonlyMap<string, number>;
  /** By day key (BoardOptions.dayOf). */
  tallies: Readonly<Record<string, DayTally>>;
};

export type FeedEntry = { cursor: number; event: FeedEvent };

export type BoardOptions = {
  /**
   * The day an instant belongs to, as a key ("2026-03-02"): the supervisor's
   * local day in the app, UTC in tests. Counters say "today" in those terms.
   */
  dayOf: (ms: number) => string;
};

export const EMPTY_BOARD: Board = { cursor: -1, rows: new Map(), closed: new Map(), tallies: {} };

/** A day key for UTC days: what tests and hosts without a time zone use. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

type Effects = { transferredAt: number | null; ended: { at: number; handleMs: number; resolvedByAi: boolean } | null };

function newRow(e: FeedEvent, at: number): BoardRow {
  return {
    sessionId: e.sessionId,
    callerName: null,
    callerNumber: null,
    aiAgent: null,
    queue: null,
    startedAt: at,
    endedAt: null,
    lastEventAt: at,
    intent: null,
    sentimentTrend: [],
    confidence: null,
    quality: null,
    state: 'talking',
    targetAgent: null,
    agent: null,
    outcome: null,
    turns: 0,
    maxSeq: -1,
    seededSeq: -1,
    updateSeq: -1,
    transferCounted: false,
  };
}

/** The next state on `e`; `ended` is final. */
export function nextBoardState(state: BoardState, e: FeedEvent): BoardState {
  if (state === 'ended') return 'ended';
  switch (e.type) {
    case 'session.ended':
      return 'ended';
    case 'transfer.requested':
      return 'transferring';
    case 'transfer.completed':
      return e.outcome === 'connected' ? 'talking' : 'on-hold';
    case 'transcript.turn':
      return state === 'on-hold' && e.final ? 'talking' : state;
    case 'session.started':
    case 'session.updated':
    case 'quality.sample':
      return state;
    default:
      return missingCase(e);
  }
}

/** One event into one row (null: the session's first event seen). */
export function foldRow(prev: BoardRow | null, e: FeedEvent): { row: BoardRow; effects: Effects } {
  const at = Date.parse(e.at);
  const row: BoardRow = prev ? { ...prev } : newRow(e, at);
  const effects: Effects = { transferredAt: null, ended: null };
  row.maxSeq = Math.max(row.maxSeq, e.seq);
  if (at < row.startedAt) row.startedAt = at;
  if (at > row.lastEventAt) row.lastEventAt = at;
  const wasEnded = row.state === 'ended';
  row.state = nextBoardState(row.state, e);
  switch (e.type) {
    case 'session.started':
      row.callerName = e.caller.name ?? row.callerName;
      row.callerNumber = e.caller.number ?? row.callerNumber;
      row.aiAgent = e.aiAgent?.name ?? row.aiAgent;
      row.queue = e.targetQueue ?? row.queue;
      break;
    case 'session.updated':
      if (e.sentiment !== undefined) row.sentimentTrend = [...row.sentimentTrend, e.sentiment].slice(-SENTIMENT_TREND_LENGTH);
      if (e.seq < row.updateSeq) break;
      row.updateSeq = e.seq;
      if (e.intent !== undefined) row.intent = e.intent;
      if (e.confidence !== undefined) row.confidence = e.confidence;
      break;
    case 'transcript.turn':
      if (e.final) row.turns += 1;
      break;
    case 'quality.sample':
      if (row.quality && row.quality.at > at) break;
      row.quality = { at, mos: e.mos ?? null, jitterMs: e.jitterMs ?? null, lossPct: e.lossPct ?? null, rttMs: e.rttMs ?? null };
      break;
    case 'transfer.requested':
      row.targetAgent = e.targetAgent;
      break;
    case 'transfer.completed':
      if (e.outcome === 'connected') {
        row.agent = e.agent;
        if (!row.transferCounted) {
          row.transferCounted = true;
          effects.transferredAt = at;
        }
      }
      break;
    case 'session.ended':
      if (wasEnded) break;
      row.outcome = e.outcome;
      row.endedAt = at;
      if (e.outcome === 'transferred' && !row.transferCounted) {
        row.transferCounted = true;
        effects.transferredAt = at;
      }
      effects.ended = { at, handleMs: Math.max(0, at - row.startedAt), resolvedByAi: e.outcome === 'resolved' && !row.transferCounted };
      break;
    default:
      return missingCase(e);
  }
  return { row, effects };
}

/** Copy-on-write maps: a batch copies each map once, however many entries touch it. */
class Draft {
  private rows: Map<string, BoardRow> | null = null;
  private closed: Map<string, number> | null = null;
  private tallies: Record<string, DayTally> | null = null;
  cursor: number;
  constructor(private readonly base: Board) {
    this.cursor = base.cursor;
  }
  row(id: string): BoardRow | undefined {
    return (this.rows ?? this.base.rows).get(id);
  }
  isClosed(id: string): boolean {
    return (this.closed ?? this.base.closed).has(id);
  }
  setRow(r: BoardRow): void {
    (this.rows ??= new Map(this.base.rows)).set(r.sessionId, r);
  }
  close(id: string, at: number): void {
    (this.closed ??= new Map(this.base.closed)).set(id, at);
  }
  tally(day: string, patch: (t: DayTally) => DayTally): void {
    const t = (this.tallies ??= { ...this.base.tallies });
    t[day] = patch(t[day] ?? NO_TALLY);
  }
  apply(effects: Effects, opts: BoardOptions): void {
    if (effects.transferredAt !== null) this.tally(opts.dayOf(effects.transferredAt), (t) => ({ ...t, transferred: t.transferred + 1 }));
    const end = effects.ended;
    if (end) {
      this.tally(opts.dayOf(end.at), (t) => ({
        ...t,
        ended: t.ended + 1,
        handleMsTotal: t.handleMsTotal + end.handleMs,
        resolvedByAi: t.resolvedByAi + (end.resolvedByAi ? 1 : 0),
      }));
    }
  }
  done(): Board {
    if (!this.rows && !this.closed && !this.tallies && this.cursor === this.base.cursor) return this.base;
    return { cursor: this.cursor, rows: this.rows ?? this.base.rows, closed: this.closed ?? this.base.closed, tallies: this.tallies ?? this.base.tallies };
  }
}

/**
 * Apply feed entries in cursor order. An entry at or below the board's cursor
 * is a duplicate (a replay overlapping what was pushed) and is skipped, as are
 * events already in a seeded summary and events of sessions taken off the board.
 * Returns `board` itself when nothing changed.
 */
export function applyFeedEntries(board: Board, entries: readonly FeedEntry[], opts: BoardOptions): Board {
  const d = new Draft(board);
  for (const { cursor, event: e } of entries) {
    if (cursor <= d.cursor) continue;
    d.cursor = cursor;
    if (d.isClosed(e.sessionId)) continue;
    const prev = d.row(e.sessionId);
    if (prev && e.seq <= prev.seededSeq) continue;
    const { row, effects } = foldRow(prev ?? null, e);
    d.setRow(row);
    d.apply(effects, opts);
  }
  return d.done();
}

/** A row from the hub's summary of a session (the board's starting point before the stream). */
export function rowFromSummary(s: SessionSummary): BoardRow {
  const startedAt = Date.parse(s.startedAt);
  const transferring = s.targetAgent !== null && s.transferOutcome === null;
  return {
    sessionId: s.sessionId,
    callerName: s.caller.name,
    callerNumber: s.caller.number,
    aiAgent: s.aiAgent,
    queue: s.targetQueue,
    startedAt,
    endedAt: s.endedAt === null ? null : Date.parse(s.endedAt),
    lastEventAt: Date.parse(s.lastEventAt),
    intent: s.intent,
    sentimentTrend: s.sentiment ? [s.sentiment] : [],
    confidence: s.confidence,
    quality: s.lastQuality
      ? { at: Date.parse(s.lastQuality.at), mos: s.lastQuality.mos ?? null, jitterMs: s.lastQuality.jitterMs ?? null, lossPct: s.lastQuality.lossPct ?? null, rttMs: s.lastQuality.rttMs ?? null }
      : null,
    state: s.endedAt !== null ? 'ended' : transferring ? 'transferring' : s.transferOutcome === 'failed' ? 'on-hold' : 'talking',
    targetAgent: s.targetAgent,
    agent: s.transferOutcome === 'connected' ? s.transferAgent : null,
    outcome: s.outcome,
    turns: s.turns,
    maxSeq: s.maxSeq,
    seededSeq: s.maxSeq,
    updateSeq: s.maxSeq,
    transferCounted: s.transferred,
  };
}

/**
 * Seed the board from session summaries (the sessions open now and those of
 * today, listed by the hub). Open sessions become rows; ended ones only count
 * in the tallies. A session already on the board or closed is left alone, so a
 * summary never counts twice.
 */
export function seedBoard(board: Board, summaries: readonly SessionSummary[], opts: BoardOptions): Board {
  const d = new Draft(board);
  for (const s of summaries) {
    if (d.row(s.sessionId) || d.isClosed(s.sessionId)) continue;
    const row = rowFromSummary(s);
    if (row.endedAt !== null) {
      d.close(s.sessionId, row.endedAt);
      d.apply(
        {
          transferredAt: s.transferred ? row.endedAt : null,
          ended: { at: row.endedAt, handleMs: Math.max(0, row.endedAt - row.startedAt), resolvedByAi: s.outcome === 'resolved' && !s.transferred },
        },
        opts,
      );
    } else {
      d.setRow(row);
      if (s.transferred) d.apply({ transferredAt: row.lastEventAt, ended: null }, opts);
    }
  }
  return d.done();
}

export type PruneOptions = {
  /** Ended rows whose end is before this leave the board (they stay in the tallies). */
  endedBefore: number;
  /** Closed sessions ended before this are forgotten: late events for them are not expected any more. */
  forgetClosedBefore: number;
  /** Day keys whose tallies are kept (today, and yesterday for a supervisor working past midnight). */
  keepDays: readonly string[];
};

export function pruneBoard(board: Board, o: PruneOptions): Board {
  const goingRows = [...board.rows.values()].filter((r) => r.endedAt !== null && r.state === 'ended' && r.endedAt < o.endedBefore);
  const goingClosed = [...board.closed].filter(([, at]) => at < o.forgetClosedBefore);
  const goingDays = Object.keys(board.tallies).filter((k) => !o.keepDays.includes(k));
  if (goingRows.length === 0 && goingClosed.length === 0 && goingDays.length === 0) return board;
  const rows = new Map(board.rows);
  const closed = new Map(board.closed);
  for (const [id] of goingClosed) closed.delete(id);
  for (const r of goingRows) {
    rows.delete(r.sessionId);
    if (r.endedAt !== null && r.endedAt >= o.forgetClosedBefore) closed.set(r.sessionId, r.endedAt);
  }
  const tallies = { ...board.tallies };
  for (const k of goingDays) delete tallies[k];
  return { cursor: board.cursor, rows, closed, tallies };
}

export type BoardCounters = {
  live: number;
  transferring: number;
  onHold: number;
  transferredToday: number;
  resolvedByAiToday: number;
  endedToday: number;
  /** Mean duration of the sessions that ended today; null before the first. */
  averageHandleMs: number | null;
};

export function boardCounters(board: Board, today: string): BoardCounters {
  let live = 0;
  let transferring = 0;
  let onHold = 0;
  for (const { state } of board.rows.values()) {
    if (state === 'ended') continue;
    live++;
    if (state === 'transferring') transferring++;
    else if (state === 'on-hold') onHold++;
  }
  const t = board.tallies[today] ?? NO_TALLY;
  return {
    live,
    transferring,
    onHold,
    transferredToday: t.transferred,
    resolvedByAiToday: t.resolvedByAi,
    endedToday: t.ended,
    averageHandleMs: t.ended === 0 ? null : t.handleMsTotal / t.ended,
  };
}

export const sameCounters = (a: BoardCounters, b: BoardCounters): boolean =>
  a.live === b.live &&
  a.transferring === b.transferring &&
  a.onHold === b.onHold &&
  a.transferredToday === b.transferredToday &&
  a.resolvedByAiToday === b.resolvedByAiToday &&
  a.endedToday === b.endedToday &&
  a.averageHandleMs === b.averageHandleMs;

// ---- filters and sorts ----

export const BOARD_SORTS = ['duration', 'sentiment', 'confidence'] as const;
export type BoardSort = (typeof BOARD_SORTS)[number];
export type BoardStateFilter = BoardState | 'all' | 'live';

export type BoardQuery = {
  /** Matched, ignoring case, against caller name, caller number and intent. */
  text: string;
  state: BoardStateFilter;
  /** duration: longest first; sentiment: worst latest sentiment first; confidence: lowest first. */
  sort: BoardSort;
  reversed: boolean;
};

export const DEFAULT_BOARD_QUERY: BoardQuery = { text: '', state: 'all', sort: 'duration', reversed: false };

export function durationMs(row: BoardRow, now: number): number {
  return Math.max(0, (row.endedAt ?? now) - row.startedAt);
}

export function rowMatches(row: BoardRow, text: string, state: BoardStateFilter): boolean {
  if (state === 'live' ? row.state === 'ended' : state !== 'all' && row.state !== state) return false;
  const needle = text.trim().toLowerCase();
  if (!needle) return true;
  return [row.callerName, row.callerNumber, row.intent].some((v) => v !== null && v.toLowerCase().includes(needle));
}

const latestSentimentRank = (r: BoardRow): number => {
  const s = r.sentimentTrend[r.sentimentTrend.length - 1];
  return s === undefined ? Number.POSITIVE_INFINITY : SENTIMENT_RANK[s];
};

/** A comparator for `sort`; ties (and unknown values) fall back to longest first, then session id, so the order is stable. */
export function rowComparator(sort: BoardSort, now: number, reversed = false): (a: BoardRow, b: BoardRow) => number {
  const sign = reversed ? -1 : 1;
  const byDuration = (a: BoardRow, b: BoardRow) => durationMs(b, now) - durationMs(a, now);
  const tie = (a: BoardRow, b: BoardRow) => byDuration(a, b) || (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0);
  switch (sort) {
    case 'duration':
      return (a, b) => sign * byDuration(a, b) || tie(a, b);
    case 'sentiment':
      return (a, b) => {
        const x = latestSentimentRank(a);
        const y = latestSentimentRank(b);
        // Unknown stays last in both directions: reversing shows the happiest calls, not the silent ones.
        if (x === y) return tie(a, b);
        if (x === Number.POSITIVE_INFINITY) return 1;
        if (y === Number.POSITIVE_INFINITY) return -1;
        return sign * (x - y);
      };
    case 'confidence':
      return (a, b) => {
        if (a.confidence === b.confidence) return tie(a, b);
        if (a.confidence === null) return 1;
        if (b.confidence === null) return -1;
        return sign * (a.confidence - b.confidence);
      };
    default:
      return missingCase(sort);
  }
}

/** The rows to show, filtered and sorted. */
export function boardRows(rows: ReadonlyMap<string, BoardRow>, q: BoardQuery, now: number): BoardRow[] {
  const out: BoardRow[] = [];
  for (const r of rows.values()) {
    if (rowMatches(r, q.text, q.state)) out.push(r);
  }
  return out.sort(rowComparator(q.sort, now, q.reversed));
}

// ---- one session in detail ----

export type TranscriptLine = { cursor: number; seq: number; at: string; speaker: 'caller' | 'ai' | 'agent' | 'supervisor'; text: string; final: boolean };
export type QualityPoint = { at: number; mos: number | null; jitterMs: number | null; lossPct: number | null; rttMs: number | null };
export type TransferView = {
  seq: number;
  targetAgent: string;
  reason: string | null;
  /** The screen-pop the agent was given, as the hub read it, with what it had to drop. */
  context: TransferContext;
  contextIssues: ContextIssue[];
  requestedAt: string;
  completed: { agent: string; outcome: 'connected' | 'failed'; at: string } | null;
};

/** The session view keeps this many quality samples: a minute and a half at the usual 1.5 s pace. */
export const DETAIL_QUALITY_POINTS = 60;

export type SessionDetail = {
  summary: SessionSummary;
  /** Highest cursor applied. */
  cursor: number;
  /** Final turns, in seq order. */
  transcript: readonly TranscriptLine[];
  /** The latest interim (partial) turn of each speaker who has not finished speaking yet. */
  interim: readonly TranscriptLine[];
  /** Oldest first, at most DETAIL_QUALITY_POINTS. */
  quality: readonly QualityPoint[];
  /** Every transfer requested, in order; the last is the current one. */
  transfers: readonly TransferView[];
};

/**
 * The detail of a session from the hub's summary and events (feed.session).
 * The summary already reflects the events, so they only build the transcript,
 * quality and transfers here.
 */
export function openDetail(summary: SessionSummary, entries: readonly FeedEntry[]): SessionDetail {
  const base: SessionDetail = { summary, cursor: -1, transcript: [], interim: [], quality: [], transfers: [] };
  return foldDetail(base, [...entries].sort((a, b) => a.event.seq - b.event.seq || a.cursor - b.cursor), false);
}

/** Live events of the open session; entries of other sessions and duplicates (by cursor) are ignored. */
export function applyDetail(detail: SessionDetail, entries: readonly FeedEntry[]): SessionDetail {
  return foldDetail(detail, entries, true);
}

function foldDetail(detail: SessionDetail, entries: readonly FeedEntry[], updateSummary: boolean): SessionDetail {
  let { summary, cursor } = detail;
  let transcript: TranscriptLine[] | null = null;
  let interim: TranscriptLine[] | null = null;
  let quality: QualityPoint[] | null = null;
  let transfers: TransferView[] | null = null;
  for (const { cursor: c, event: e } of entries) {
    if (e.sessionId !== summary.sessionId) continue;
    if (updateSummary && c <= cursor) continue;
    cursor = Math.max(cursor, c);
    if (updateSummary) summary = foldSession(summary, e, summary.platform);
    switch (e.type) {
      case 'transcript.turn': {
        const line: TranscriptLine = { cursor: c, seq: e.seq, at: e.at, speaker: e.speaker, text: e.text, final: e.final };
        const pending = (interim ??= [...detail.interim]);
        const i = pending.findIndex((t) => t.speaker === e.speaker);
        if (e.final) {
          if (i >= 0 && pending[i]!.seq <= e.seq) pending.splice(i, 1);
          insertBySeq((transcript ??= [...detail.transcript]), line);
        } else if (i < 0) pending.push(line);
        else if (pending[i]!.seq <= e.seq) pending[i] = line;
        break;
      }
      case 'quality.sample': {
        const q = (quality ??= [...detail.quality]);
        q.push({ at: Date.parse(e.at), mos: e.mos ?? null, jitterMs: e.jitterMs ?? null, lossPct: e.lossPct ?? null, rttMs: e.rttMs ?? null });
        if (q.length > DETAIL_QUALITY_POINTS) q.splice(0, q.length - DETAIL_QUALITY_POINTS);
        break;
      }
      case 'transfer.requested':
        (transfers ??= [...detail.transfers]).push({
          seq: e.seq,
          targetAgent: e.targetAgent,
          reason: e.reason ?? null,
          context: e.context,
          contextIssues: e.contextIssues,
          requestedAt: e.at,
          completed: null,
        });
        break;
      case 'transfer.completed': {
        const list = (transfers ??= [...detail.transfers]);
        // The latest request before it that is still open (a producer may complete without requesting: nothing to attach to).
        for (let i = list.length - 1; i >= 0; i--) {
          const t = list[i]!;
          if (t.seq < e.seq && t.completed === null) {
            list[i] = { ...t, completed: { agent: e.agent, outcome: e.outcome, at: e.at } };
            break;
          }
        }
        break;
      }
      case 'session.ended':
        // An interim turn never finished by the end of the call stays unfinished: drop it.
        interim = [];
        break;
      case 'session.started':
      case 'session.updated':
        break;
      default:
        return missingCase(e);
    }
  }
  if (cursor === detail.cursor && !transcript && !interim && !quality && !transfers && summary === detail.summary) return detail;
  return {
    summary,
    cursor,
    transcript: transcript ?? detail.transcript,
    interim: interim ?? detail.interim,
    quality: quality ?? detail.quality,
    transfers: transfers ?? detail.transfers,
  };
}

function insertBySeq(list: TranscriptLine[], line: TranscriptLine): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.seq > line.seq) i--;
  if (list[i - 1]?.seq === line.seq) return;
  list.splice(i, 0, line);
}

/** Why a past session has no recording link, or the link. Only a granted consent shows a recording. */
export type RecordingStatus = { kind: 'link'; url: string } | { kind: 'none'; reason: string };
export const NO_RECORDING_CONSENT = 'No recording: the caller did not consent';
export const NO_RECORDING_MADE = 'No recording was made';

export function recordingStatus(url: string | null, consent: 'granted' | 'declined' | 'unknown' | null): RecordingStatus {
  if (consent === 'declined') return { kind: 'none', reason: NO_RECORDING_CONSENT };
  if (url === null) return { kind: 'none', reason: NO_RECORDING_MADE };
  // A recording exists, but without a granted consent it must not be played back.
  if (consent !== 'granted') return { kind: 'none', reason: NO_RECORDING_CONSENT };
  return { kind: 'link', url };
}

function missingCase(x: never): never {
  throw new Error(`unhandled case ${JSON.stringify(x)}`);
}
