import { FeedGuidanceRequestSchema, type FeedExportCsvRequest, type FeedSessionsRequest } from '../../shared/contract/feed-bridge';
import { adviceFor } from '../../shared/errors/catalog';
import { applyDetail, openDetail, type BoardOptions, type FeedEntry } from '../../shared/feed/session-board';
import type { SessionSummary } from '../../shared/feed/session-summary';
import { filterCsvRows } from '../../shared/feed/sessions-csv';
import type { HostError } from '../../shared/result';
import type { MonitorMode } from '../../shared/telephony/monitor-address';
import type { HostApi } from '../platform';
import { useAppStore } from '../store/app-store';
import type { ReviewFilters } from '../store/supervisor-slice';
import { setMonitorMode, startMonitor, stopMonitor } from './monitor-controller';
import { currentHost, log } from './phone-controller';

/**
 * The supervisor console's side effects: the live board fed from the host's
 * feed.event stream, batched to one store update per animation frame; catching
 * up with feed.replay from the last cursor when the host comes back; the open
 * session's detail; Review searches and the CSV export; sign-in as supervisor.
 */
const store = () => useAppStore.getState();

/** The supervisor's local day, so "today" on the counters is the day on their wall clock. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
const BOARD_OPTIONS: BoardOptions = { dayOf: localDay };

/** Summaries per page when seeding the board (the hub's maximum). */
const SEED_PAGE = 200;
/** Seeding stops after this many sessions of today; the counters then start from what was read. */
const SEED_MAX_SESSIONS = 20_000;
const REPLAY_PAGE = 2000;
/**
 * A frame applies at most this many entries (about 1 ms of folding); a backlog
 * from a replay spreads over the next frames instead of one long task.
 */
const MAX_ENTRIES_PER_FRAME = 1000;
/** rAF does not run in a hidden window; this keeps the board current there, less often. */
const HIDDEN_FLUSH_MS = 500;
/** An ended session stays on the board, marked ended, this long. */
const ENDED_VISIBLE_MS = 60_000;
/** Late events of a session ended longer ago than this are not expected. */
const CLOSED_MEMORY_MS = 15 * 60_000;
const PRUNE_EVERY_MS = 5000;

type Feed = {
  host: HostApi;
  /** Bumped on detach: answers of requests made before are dropped. */
  generation: number;
  /** Pushed entries wait here while the board is seeded or catches up, so they apply after what they follow. */
  holding: boolean;
  held: FeedEntry[];
  queue: FeedEntry[];
  /** The highest cursor received (applied or queued): the point to resume from. */
  lastCursor: number;
  frame: number | null;
  timer: ReturnType<typeof setTimeout> | null;
  /** Entries of the live session being opened, kept until its detail is loaded. */
  opening: { sessionId: string; entries: FeedEntry[] } | null;
  wasOffline: boolean;
  /** A catch-up is running; another reconnect meanwhile asks for one more pass after it. */
  resuming: boolean;
  resumeAgain: boolean;
  stops: (() => void)[];
};

let feed: Feed | null = null;
let generation = 0;

const message = (e: HostError): string => (e.code === 'FORBIDDEN' ? `${e.message} ${adviceFor('FORBIDDEN')}` : e.message);

/**
 * Start the console's feed (the App mounts the supervisor views); returns the
 * stop. Safe to call again after a stop (StrictMode mounts twice in development).
 */
export function attachSupervisorConsole(host: HostApi | null = currentHost()): () => void {
  if (!host) return () => undefined;
  detach();
  const f: Feed = {
    host,
    generation: ++generation,
    holding: true,
    held: [],
    queue: [],
    lastCursor: 0,
    frame: null,
    timer: null,
    opening: null,
    wasOffline: false,
    resuming: false,
    resumeAgain: false,
    stops: [],
  };
  feed = f;
  f.stops.push(host.on('feed.event', (entry) => receive(f, [entry])));
  f.stops.push(
    host.onConnectionChange((connected) => {
      if (!connected) {
        f.wasOffline = true;
        if (store().feedLink.phase !== 'loading') store().feedLinkChanged({ phase: 'offline', error: null });
      } else if (f.wasOffline) {
        f.wasOffline = false;
        void resume(f);
      }
    }),
  );
  const prune = setInterval(() => {
    const now = Date.now();
    store().boardPruned({ endedBefore: now - ENDED_VISIBLE_MS, forgetClosedBefore: now - CLOSED_MEMORY_MS, keepDays: [localDay(now), localDay(now - 86_400_000)] });
  }, PRUNE_EVERY_MS);
  f.stops.push(() => clearInterval(prune));
  void seed(f);
  return () => {
    if (feed === f) detach();
  };
}

function detach(): void {
  const f = feed;
  if (!f) return;
  feed = null;
  generation++;
  f.stops.forEach((s) => s());
  if (f.frame !== null) cancelAnimationFrame(f.frame);
  if (f.timer !== null) clearTimeout(f.timer);
  store().boardReset();
  store().feedLinkChanged({ phase: 'off', error: null });
}

const current = (f: Feed) => feed === f && f.generation === generation;

function receive(f: Feed, entries: FeedEntry[]): void {
  if (!current(f)) return;
  if (f.holding) {
    f.held.push(...entries);
    return;
  }
  enqueue(f, entries);
}

function enqueue(f: Feed, entries: readonly FeedEntry[]): void {
  for (const e of entries) {
    f.queue.push(e);
    if (e.cursor > f.lastCursor) f.lastCursor = e.cursor;
  }
  schedule(f);
}

/** One flush per animation frame, or every HIDDEN_FLUSH_MS when frames do not run (hidden window). */
function schedule(f: Feed): void {
  if (f.frame !== null || f.timer !== null || f.queue.length === 0) return;
  f.frame = requestAnimationFrame(() => flush(f));
  f.timer = setTimeout(() => flush(f), HIDDEN_FLUSH_MS);
}

function flush(f: Feed): void {
  if (f.frame !== null) cancelAnimationFrame(f.frame);
  if (f.timer !== null) clearTimeout(f.timer);
  f.frame = null;
  f.timer = null;
  if (!current(f)) return;
  // Pushes and replay pages can interleave around a reconnect; the board skips anything at or below its cursor, so order first.
  f.queue.sort((a, b) => a.cursor - b.cursor);
  const batch = f.queue.splice(0, MAX_ENTRIES_PER_FRAME);
  const opening = f.opening;
  if (opening) for (const e of batch) if (e.event.sessionId === opening.sessionId) opening.entries.push(e);
  store().feedApplied(batch, BOARD_OPTIONS);
  schedule(f);
}

function release(f: Feed): void {
  f.holding = false;
  const held = f.held.splice(0);
  if (held.length) enqueue(f, held);
}

/** All pages of one listing, up to `max` sessions. */
async function listAll(f: Feed, req: Omit<FeedSessionsRequest, 'limit' | 'before'>, max: number): Promise<SessionSummary[] | HostError> {
  const out: SessionSummary[] = [];
  let before: string | undefined;
  do {
    const r = await f.host.call('feed.sessions', { ...req, limit: SEED_PAGE, ...(before ? { before } : {}) });
    if (!r.ok) return r.error;
    out.push(...r.value.sessions);
    before = r.value.next ?? undefined;
  } while (before && out.length < max);
  return out;
}

/**
 * The board's starting point: the head cursor first, then the sessions open
 * now and those of today. Events stored meanwhile arrive as pushes (held
 * until the seed is in); rows skip what their summary already holds.
 */
async function seed(f: Feed): Promise<void> {
  store().feedLinkChanged({ phase: 'loading', error: null });
  const head = await f.host.call('feed.replay', { after: 0, limit: 1 });
  if (!current(f)) return;
  if (!head.ok) return failed(f, head.error);
  const dayStart = new Date();
  dayStart.setHours(0, 0, 0, 0);
  const [open, today] = await Promise.all([listAll(f, { live: true }, SEED_MAX_SESSIONS), listAll(f, { from: dayStart.toISOString() }, SEED_MAX_SESSIONS)]);
  if (!current(f)) return;
  if (!Array.isArray(open)) return failed(f, open);
  if (!Array.isArray(today)) return failed(f, today);
  f.lastCursor = Math.max(f.lastCursor, head.value.head);
  store().boardSeeded([...open, ...today], head.value.head, BOARD_OPTIONS);
  release(f);
  store().feedLinkChanged({ phase: 'live', error: null });
}

function failed(f: Feed, e: HostError): void {
  if (!current(f)) return;
  store().feedLinkChanged({ phase: 'failed', error: message(e) });
  log('warn', 'supervisor', `session feed unavailable: ${e.code} ${e.message}`);
}

/**
 * The host came back: everything stored after the last cursor we had, page by
 * page, then the pushes that arrived meanwhile. The board drops what it has
 * already (by cursor), so nothing is missed or applied twice.
 */
async function resume(f: Feed): Promise<void> {
  if (!current(f)) return;
  if (f.resuming) {
    f.resumeAgain = true;
    return;
  }
  f.resuming = true;
  try {
    do {
      f.resumeAgain = false;
      await catchUp(f);
    } while (f.resumeAgain && current(f));
  } finally {
    f.resuming = false;
  }
}

async function catchUp(f: Feed): Promise<void> {
  if (store().feedLink.phase === 'loading' || store().feedLink.phase === 'failed') {
    // Never seeded (or refused): start over rather than replay from a cursor we never had.
    f.holding = true;
    f.held = [];
    return seed(f);
  }
  f.holding = true;
  store().feedLinkChanged({ phase: 'resuming', error: null });
  for (;;) {
    const after = f.lastCursor;
    const r = await f.host.call('feed.replay', { after, limit: REPLAY_PAGE });
    if (!current(f)) return;
    if (!r.ok) return failed(f, r.error);
    if (r.value.head < after) {
      // The hub's database was replaced (cursors started again): start the board over.
      log('warn', 'supervisor', `feed head ${r.value.head} is behind our cursor ${after}: reloading the board`);
      f.queue = [];
      f.held = [];
      f.lastCursor = 0;
      store().boardReset();
      return seed(f);
    }
    enqueue(f, r.value.events);
    const last = r.value.events.at(-1)?.cursor ?? after;
    if (r.value.events.length < REPLAY_PAGE || last >= r.value.head) break;
  }
  release(f);
  store().feedLinkChanged({ phase: 'live', error: null });
}

// ---- the live session view ----

export async function openLiveSession(sessionId: string | null): Promise<void> {
  const f = feed;
  if (!f || sessionId === null) {
    if (f) f.opening = null;
    store().liveSessionChanged(null);
    return;
  }
  if (store().liveSession?.sessionId === sessionId) return;
  f.opening = { sessionId, entries: [] };
  store().liveSessionChanged({ sessionId, status: 'loading', detail: null, error: null });
  const r = await f.host.call('feed.session', { id: sessionId });
  if (!current(f) || f.opening?.sessionId !== sessionId) return;
  const opening = f.opening;
  f.opening = null;
  if (!r.ok) {
    store().liveSessionChanged({ sessionId, status: 'failed', detail: null, error: message(r.error) });
    return;
  }
  // Pushes applied while it loaded: the detail skips those its events already had (by cursor).
  const loaded = openDetail(r.value.summary, r.value.events);
  const detail = applyDetail(loaded, opening.entries.filter((e) => e.cursor > loaded.cursor));
  store().liveSessionChanged({ sessionId, status: 'ready', detail, error: null });
}

// ---- guidance to the AI ----

export type GuidanceResult = { ok: true; id: number } | { ok: false; reason: string };

/** A note to the AI of a live session; the hub relays it to the session's platform. */
export async function sendGuidance(sessionId: string, text: string): Promise<GuidanceResult> {
  const host = feed?.host ?? currentHost();
  if (!host) return { ok: false, reason: 'Not connected to the Warmline host.' };
  // The host checks the same schema; checking here gives the supervisor the reason before a round trip.
  const req = FeedGuidanceRequestSchema.safeParse({ sessionId, text });
  if (!req.success) {
    const blank = text.trim().length === 0;
    return { ok: false, reason: blank ? 'Write the guidance first.' : `Guidance ${req.error.issues[0]?.message ?? 'is not valid'}.` };
  }
  const r = await host.call('feed.guidance', req.data);
  if (!r.ok) {
    // NOT_FOUND and INVALID_REQUEST here are about this session (unknown, ended): the host's message says which.
    const reason = r.error.code === 'NOT_FOUND' || r.error.code === 'INVALID_REQUEST' ? r.error.message : message(r.error);
    log('warn', 'supervisor', `guidance not sent: ${r.error.code}`);
    return { ok: false, reason };
  }
  log('info', 'supervisor', `guidance ${r.value.id} sent to ${sessionId}`);
  return { ok: true, id: r.value.id };
}

// ---- monitoring (the calls themselves are monitor-controller's) ----

async function monitorStep(what: string, step: () => Promise<void>): Promise<void> {
  store().monitorErrorChanged(null);
  try {
    await step();
  } catch (e) {
    const text = `Could not ${what}: ${e instanceof Error ? e.message : String(e)}`;
    store().monitorErrorChanged(text);
    log('warn', 'supervisor', text);
  }
}

export const listenTo = (sessionId: string) => monitorStep('start listening', () => startMonitor(sessionId, 'listen'));
export const switchMonitorMode = (mode: MonitorMode) => monitorStep(mode === 'listen' ? 'go back to listening' : mode === 'whisper' ? 'whisper' : 'barge in', () => setMonitorMode(mode));
export const stopListening = () => monitorStep('stop listening', () => stopMonitor());
export const dismissMonitorError = () => store().monitorErrorChanged(null);

// ---- Review ----

/** The host's filters for the Review form; the agent filter is applied here (the host has none). */
export function reviewRequest(filters: ReviewFilters): FeedExportCsvRequest | { error: string } {
  const req: FeedExportCsvRequest = {};
  for (const key of ['from', 'to'] as const) {
    if (!filters[key]) continue;
    const t = new Date(filters[key]);
    if (Number.isNaN(t.getTime())) return { error: `${key === 'from' ? 'From' : 'To'} is not a date and time.` };
    req[key] = t.toISOString();
  }
  if (filters.number.trim()) req.number = filters.number.trim();
  if (filters.intent.trim()) req.intent = filters.intent.trim();
  switch (filters.outcome) {
    case 'any':
      break;
    case 'resolved-by-ai':
      req.outcome = 'resolved';
      req.transferred = false;
      break;
    case 'transferred':
      req.transferred = true;
      break;
    case 'abandoned':
    case 'failed':
    case 'open':
      req.outcome = filters.outcome;
      break;
    default:
      return missingCase(filters.outcome);
  }
  return req;
}

const agentMatches = (s: SessionSummary, agent: string) => !agent.trim() || (s.targetAgent ?? '').toLowerCase().includes(agent.trim().toLowerCase());

/** Search (more = the next page of the current search). */
export async function searchReview(filters: ReviewFilters, more = false): Promise<void> {
  const host = feed?.host ?? currentHost();
  if (!host) return;
  const req = reviewRequest(filters);
  if ('error' in req) {
    store().reviewChanged({ status: 'failed', error: req.error, filters });
    return;
  }
  const before = more ? store().review.next : null;
  store().reviewChanged({ status: 'loading', error: null, filters, ...(more ? {} : { sessions: [], next: null }) });
  const r = await host.call('feed.sessions', { ...req, limit: 50, ...(before ? { before } : {}) });
  if (store().review.filters !== filters) return; // a newer search started
  if (!r.ok) {
    store().reviewChanged({ status: 'failed', error: message(r.error) });
    return;
  }
  const found = r.value.sessions.filter((s) => agentMatches(s, filters.agent));
  store().reviewChanged({ status: 'ready', sessions: more ? [...store().review.sessions, ...found] : found, next: r.value.next });
}

export async function openPastSession(sessionId: string | null): Promise<void> {
  const host = feed?.host ?? currentHost();
  if (!host || sessionId === null) {
    store().reviewSessionChanged(null);
    return;
  }
  store().reviewSessionChanged({ sessionId, status: 'loading', detail: null, error: null });
  const r = await host.call('feed.session', { id: sessionId });
  if (store().reviewSession?.sessionId !== sessionId) return;
  store().reviewSessionChanged(
    r.ok
      ? { sessionId, status: 'ready', detail: openDetail(r.value.summary, r.value.events), error: null }
      : { sessionId, status: 'failed', detail: null, error: message(r.error) },
  );
}

export type ExportResult = { ok: true; rows: number; truncated: boolean; fileName: string } | { ok: false; reason: string };

/** The sessions of the Review search as a CSV file, downloaded by the browser. */
export async function exportReviewCsv(filters: ReviewFilters): Promise<ExportResult> {
  const host = feed?.host ?? currentHost();
  if (!host) return { ok: false, reason: 'Not connected to the Warmline host.' };
  const req = reviewRequest(filters);
  if ('error' in req) return { ok: false, reason: req.error };
  const r = await host.call('feed.exportCsv', req);
  if (!r.ok) return { ok: false, reason: message(r.error) };
  const { csv, rows } = filters.agent.trim() ? filterCsvRows(r.value.csv, 'targetAgent', filters.agent) : r.value;
  const fileName = `warmline-sessions-${new Date().toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.csv`;
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once started; a minute is ample for the browser to take it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  log('info', 'supervisor', `exported ${rows} sessions${r.value.truncated ? ' (truncated)' : ''}`);
  return { ok: true, rows, truncated: r.value.truncated, fileName };
}

// ---- sign-in ----

export async function signInAsSupervisor(token: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const host = currentHost();
  if (!host) return { ok: false, reason: 'Not connected to the Warmline host.' };
  if (!token.trim()) return { ok: false, reason: 'Enter the supervisor token your admin gave you.' };
  const r = await host.call('session.signIn', { role: 'supervisor', token: token.trim() });
  if (!r.ok) return { ok: false, reason: r.error.code === 'FORBIDDEN' ? r.error.message : `${r.error.message} ${adviceFor(r.error.code)}` };
  store().setSettings(r.value);
  return { ok: true };
}

function missingCase(x: never): never {
  throw new Error(`unhandled case ${JSON.stringify(x)}`);
}
