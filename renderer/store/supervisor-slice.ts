import type { StateCreator } from 'zustand';
import type { SessionSummary } from '../../shared/feed/session-summary';
import {
  applyDetail,
  applyFeedEntries,
  DEFAULT_BOARD_QUERY,
  EMPTY_BOARD,
  pruneBoard,
  seedBoard,
  type Board,
  type BoardOptions,
  type BoardQuery,
  type FeedEntry,
  type PruneOptions,
  type SessionDetail,
} from '../../shared/feed/session-board';
import type { AppState } from './app-store';

/** The console's link to the feed: loading the board, live, catching up after the host came back, or refused. */
export type FeedLink = { phase: 'off' | 'loading' | 'live' | 'offline' | 'resuming' | 'failed'; error: string | null };

/** One session opened in detail (the live session view or a past one in Review). */
export type DetailView = { sessionId: string; status: 'loading' | 'ready' | 'failed'; detail: SessionDetail | null; error: string | null };

export const REVIEW_OUTCOMES = ['any', 'resolved-by-ai', 'transferred', 'abandoned', 'failed', 'open'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** What the supervisor searches past sessions by; '' is "any". Times are the datetime-local inputs' values. */
export type ReviewFilters = { from: string; to: string; number: string; intent: string; outcome: ReviewOutcome; agent: string };
export const EMPTY_REVIEW_FILTERS: ReviewFilters = { from: '', to: '', number: '', intent: '', outcome: 'any', agent: '' };

export type ReviewList = {
  status: 'idle' | 'loading' | 'ready' | 'failed';
  /** The filters the list was searched with (the export uses these too). */
  filters: ReviewFilters;
  sessions: SessionSummary[];
  next: string | null;
  error: string | null;
};

export type SupervisorSlice = {
  feedLink: FeedLink;
  board: Board;
  boardQuery: BoardQuery;
  /** The live session open beside the wallboard. */
  liveSession: DetailView | null;
  /** Why the last Listen / Whisper / Barge / Stop did not happen (the monitor call itself is the monitor slice's). */
  monitorError: string | null;
  review: ReviewList;
  reviewSession: DetailView | null;

  feedLinkChanged: (link: FeedLink) => void;
  boardReset: () => void;
  /** Sessions the hub listed when the console started, and the cursor the stream continues from. */
  boardSeeded: (summaries: readonly SessionSummary[], cursor: number, opts: BoardOptions) => void;
  /** One frame's worth of feed entries, in cursor order, into the board and the open session. */
  feedApplied: (entries: readonly FeedEntry[], opts: BoardOptions) => void;
  boardPruned: (o: PruneOptions) => void;
  boardQueryChanged: (patch: Partial<BoardQuery>) => void;
  liveSessionChanged: (view: DetailView | null) => void;
  monitorErrorChanged: (error: string | null) => void;
  reviewChanged: (patch: Partial<ReviewList>) => void;
  reviewSessionChanged: (view: DetailView | null) => void;
};

export const createSupervisorSlice: StateCreator<AppState, [], [], SupervisorSlice> = (set) => ({
  feedLink: { phase: 'off', error: null },
  board: EMPTY_BOARD,
  boardQuery: DEFAULT_BOARD_QUERY,
  liveSession: null,
  monitorError: null,
  review: { status: 'idle', filters: EMPTY_REVIEW_FILTERS, sessions: [], next: null, error: null },
  reviewSession: null,

  feedLinkChanged: (feedLink) => set({ feedLink }),
  boardReset: () => set({ board: EMPTY_BOARD, liveSession: null }),
  boardSeeded: (summaries, cursor, opts) => set((s) => ({ board: { ...seedBoard(s.board, summaries, opts), cursor: Math.max(s.board.cursor, cursor) } })),
  feedApplied: (entries, opts) =>
    set((s) => {
      const board = applyFeedEntries(s.board, entries, opts);
      const live = s.liveSession;
      const detail = live?.status === 'ready' && live.detail ? applyDetail(live.detail, entries) : null;
      const liveSession = live && detail && detail !== live.detail ? { ...live, detail } : live;
      return board === s.board && liveSession === live ? {} : { board, liveSession };
    }),
  boardPruned: (o) => set((s) => ({ board: pruneBoard(s.board, o) })),
  boardQueryChanged: (patch) => set((s) => ({ boardQuery: { ...s.boardQuery, ...patch } })),
  liveSessionChanged: (liveSession) => set({ liveSession }),
  monitorErrorChanged: (monitorError) => set({ monitorError }),
  reviewChanged: (patch) => set((s) => ({ review: { ...s.review, ...patch } })),
  reviewSessionChanged: (reviewSession) => set({ reviewSession }),
});
