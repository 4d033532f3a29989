import type { EventPayload } from '../../shared/contract/bridge';
import { CdrFilterSchema, type CdrFacts, type CdrFilter } from '../../shared/contract/cdr';
import { formatBillingIncrement } from '../../shared/billing/billing-increment';
import { ProviderRatesSchema, type ProviderRates, type ProviderRatesInput } from '../../shared/billing/call-cost';
import { formatMicros } from '../../shared/billing/money';
import { CONTEXT_FETCH_TIMEOUT_MS } from '../../shared/context/carriers';
import type { TransferContext } from '../../shared/context/transfer-context';
import { adviceFor } from '../../shared/errors/catalog';
import { CALL_OUTCOMES } from '../../shared/history/call-record';
import { consentOf, decideRecording, type DeskRecording, type RecordingState } from '../../shared/history/recording-policy';
import type { HostError } from '../../shared/result';
import type { CallAudio } from '../../shared/telephony/phone-port';
import type { HostApi } from '../platform';
import { useAppStore } from '../store/app-store';
import type { CallView } from '../store/calls-slice';
import type { RecordingView } from '../store/cdr-slice';
import type { Clock } from '../telephony/background-clock';
import { recordCall, type CallRecorder } from '../telephony/audio/call-recorder';

/**
 * Call detail records (issue #10) from the renderer's side: each call reported
 * when it starts (cdr.begin), the history view's queries, paging and exports,
 * recording each call the caller agreed to, and the supervisor's and admin's
 * billing views (reconciliation, rates, retention, erasure). Components call
 * these and read the store; the host validates everything again.
 */
const store = () => useAppStore.getState();

export type CdrEnv = {
  host: HostApi;
  clock: Clock;
  /** The call's audio on whichever phone carries it. */
  callAudio: (callId: string) => CallAudio;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
};

export type Outcome = { ok: true } | { ok: false; reason: string };
type ExportProgress = EventPayload<'cdr.exportProgress'>;

export const HISTORY_PAGE = 50;
const MAX_QUERY = 1000;
const NOT_CONNECTED = 'Not connected to the Warmline host.';
/** A fetched context (and with it the caller's consent) arrives within the host's fetch limit; wait that long and a little more. */
const CONSENT_WAIT_MS = CONTEXT_FETCH_TIMEOUT_MS + 1000;
/** The last chunk of a recording is a second of audio: five seconds to store it is plenty, and the history record waits no longer. */
const FLUSH_WAIT_MS = 5000;

let env: CdrEnv | null = null;
let lastRole: string | null = null;
/** Progress that arrived before cdr.export answered with its id (the host may stream at once). */
const earlyProgress = new Map<string, ExportProgress>();
const recorders = new Map<string, CallRecorder>();

const message = (e: HostError): string => (e.code === 'FORBIDDEN' ? `${e.message} ${adviceFor('FORBIDDEN')}` : e.message);
const failed = (reason: string): Outcome => ({ ok: false, reason });

/** Called once by the phone controller with the host; returns the stop. */
export function configureCdrController(e: CdrEnv): () => void {
  env = e;
  lastRole = null;
  const stop = e.host.on('cdr.exportProgress', exportProgressed);
  return () => {
    stop();
    if (env === e) env = null;
  };
}

/** Settings arrived or changed: a new role sees other records and may read the desk's recording setting. */
export function followRoleForCdr(): void {
  const role = store().settings?.profile.role ?? null;
  if (!env || role === null || role === lastRole) return;
  lastRole = role;
  void loadDeskRecording();
  void queryCdrs(store().cdrFilter);
}

// ── call start ────────────────────────────────────────────────────────────────

/** Report a call to the host's CDR store; called when it is added and again when it is answered. */
export function beginCdr(call: CallView, facts: CdrFacts = {}): void {
  const e = env;
  if (!e) return;
  void e.host
    .call('cdr.begin', {
      id: call.id,
      direction: call.direction,
      remote: call.remoteUri.slice(0, 512),
      remoteName: call.remoteName.slice(0, 200),
      accountId: call.accountId,
      startedAt: new Date(call.startedAt).toISOString(),
      answeredAt: call.answeredAt ? new Date(call.answeredAt).toISOString() : null,
      context: call.context.context,
      facts,
    })
    .then((r) => {
      if (!r.ok) e.log('warn', `cdr.begin for call ${call.id}: ${r.error.message}`);
    });
}

// ── history view ──────────────────────────────────────────────────────────────

export async function queryCdrs(filter: CdrFilter = store().cdrFilter, limit = HISTORY_PAGE): Promise<void> {
  const host = env?.host;
  if (!host) return;
  store().cdrsLoading(filter);
  const r = await host.call('cdr.query', { filter, limit, offset: 0 });
  if (store().cdrFilter !== filter) return; // a newer query replaced this one
  if (r.ok) store().cdrsLoaded(r.value.rows, r.value.total, false);
  else store().cdrsFailed(message(r.error));
}

/** After a call ended or notes changed: the same filter and as many rows as were paged in. */
export function refreshCdrs(): Promise<void> {
  return queryCdrs(store().cdrFilter, Math.min(MAX_QUERY, Math.max(HISTORY_PAGE, store().cdrRows.length)));
}

export async function loadMoreCdrs(): Promise<void> {
  const host = env?.host;
  const s = store();
  if (!host || s.cdrLoading) return;
  const filter = s.cdrFilter;
  s.cdrsLoading(filter);
  const r = await host.call('cdr.query', { filter, limit: HISTORY_PAGE, offset: s.cdrRows.length });
  if (store().cdrFilter !== filter) return;
  if (r.ok) store().cdrsLoaded(r.value.rows, r.value.total, true);
  else store().cdrsFailed(message(r.error));
}

export const OUTCOME_FILTERS = [...CALL_OUTCOMES, 'interrupted'] as const;
export type HistoryFilterForm = Record<'from' | 'to' | 'agent' | 'outcome' | 'provider' | 'mosBelow' | 'number', string>;
export type FilterIssues = Partial<Record<keyof HistoryFilterForm, string>>;
export const EMPTY_HISTORY_FILTERS: HistoryFilterForm = { from: '', to: '', agent: '', outcome: '', provider: '', mosBelow: '', number: '' };

const FILTER_KEYS = Object.keys(EMPTY_HISTORY_FILTERS) as (keyof HistoryFilterForm)[];
const isFilterKey = (k: unknown): k is keyof HistoryFilterForm => FILTER_KEYS.includes(k as keyof HistoryFilterForm);

/** The filter form as typed (datetime-local is local time) → the contract's filter, or what to fix. */
export function filterFromForm(f: HistoryFilterForm): { ok: true; filter: CdrFilter } | { ok: false; issues: FilterIssues } {
  const issues: FilterIssues = {};
  const out: Record<string, unknown> = {};
  for (const key of ['from', 'to'] as const) {
    const v = f[key].trim();
    if (!v) continue;
    const ms = Date.parse(v);
    if (Number.isFinite(ms)) out[key] = new Date(ms).toISOString();
    else issues[key] = 'Enter a date and time';
  }
  if (typeof out.from === 'string' && typeof out.to === 'string' && out.from > out.to) issues.to = 'Must be after "From"';
  for (const key of ['agent', 'provider', 'number'] as const) if (f[key].trim()) out[key] = f[key].trim();
  if (f.outcome) {
    if ((OUTCOME_FILTERS as readonly string[]).includes(f.outcome)) out.outcome = f.outcome;
    else issues.outcome = 'Choose an outcome from the list';
  }
  const mos = f.mosBelow.trim();
  if (mos) {
    const n = Number(mos);
    if (Number.isFinite(n) && n >= 1 && n <= 5) out.mosBelow = n;
    else issues.mosBelow = 'Enter a MOS between 1 and 5';
  }
  if (Object.keys(issues).length > 0) return { ok: false, issues };
  const parsed = CdrFilterSchema.safeParse(out);
  if (parsed.success) return { ok: true, filter: parsed.data };
  const issue = parsed.error.issues[0];
  const key = isFilterKey(issue?.path[0]) ? issue.path[0] : 'number';
  return { ok: false, issues: { [key]: issue?.message ?? 'is invalid' } };
}

/** Returns what to fix, or null once the query ran. */
export async function applyHistoryFilters(form: HistoryFilterForm): Promise<FilterIssues | null> {
  const r = filterFromForm(form);
  if (!r.ok) return r.issues;
  await queryCdrs(r.filter);
  return null;
}

/** Notes completed after the call: stored by the host, shown at once in both lists. */
export async function saveCallNotes(id: string, notes: string): Promise<boolean> {
  const r = await env?.host.call('history.updateNotes', { id, notes });
  if (!r?.ok) return false;
  store().setHistory(store().history.map((h) => (h.id === id ? { ...h, notes } : h)));
  store().cdrNotesChanged(id, notes);
  return true;
}

// ── export ────────────────────────────────────────────────────────────────────

/** Export what the history view shows (its filter) as a file the host writes; progress arrives as events. */
export async function startCdrExport(format: 'csv' | 'json'): Promise<void> {
  const base = { exportId: null, format, rows: 0, total: 0, done: false, error: null, location: null };
  const host = env?.host;
  if (!host) return store().cdrExportChanged({ ...base, done: true, error: NOT_CONNECTED });
  earlyProgress.clear();
  store().cdrExportChanged(base);
  const r = await host.call('cdr.export', { format, filter: store().cdrFilter });
  if (!r.ok) return store().cdrExportChanged({ ...base, done: true, error: message(r.error) });
  store().cdrExportChanged({ ...base, exportId: r.value.exportId, total: r.value.total, location: r.value.location });
  const early = earlyProgress.get(r.value.exportId);
  earlyProgress.clear();
  if (early) exportProgressed(early);
}

function exportProgressed(p: ExportProgress): void {
  const cur = store().cdrExport;
  if (!cur) return;
  if (cur.exportId === null) {
    if (!cur.done) earlyProgress.set(p.exportId, p);
    return;
  }
  if (cur.exportId !== p.exportId) return; // another renderer's export, or an earlier one of ours
  store().cdrExportChanged({
    ...cur,
    rows: p.rows,
    total: p.total,
    done: cur.done || p.done || p.error !== null,
    error: p.error ?? cur.error,
    location: p.location ?? cur.location,
  });
}

export type ExportLink = { kind: 'link'; href: string } | { kind: 'path'; path: string };

/**
 * Where the finished export is: the web host gives a same-origin download
 * path ("/exports/…") or a URL, which the page can follow; anything else (the
 * Electron host's file path) is shown as text. "//" would leave the origin.
 */
export function exportLinkOf(location: string, hostKind: 'electron' | 'web'): ExportLink {
  if (/^https?:\/\//i.test(location)) return { kind: 'link', href: location };
  if (hostKind === 'web' && location.startsWith('/') && !location.startsWith('//')) return { kind: 'link', href: location };
  return { kind: 'path', path: location };
}

export function hostKind(): 'electron' | 'web' {
  return env?.host.kind ?? store().hostInfo?.kind ?? 'web';
}

// ── billing settings ──────────────────────────────────────────────────────────

export async function loadBilling(): Promise<Outcome> {
  const r = await env?.host.call('billing.get', {});
  if (!r) return failed(NOT_CONNECTED);
  if (!r.ok) return failed(message(r.error));
  store().billingLoaded(r.value);
  return { ok: true };
}

/** Whether this desk records calls; an agent's host refuses billing.get, and then nothing is recorded. */
async function loadDeskRecording(): Promise<DeskRecording> {
  const r = await loadBilling();
  if (!r.ok) store().deskRecordingChanged('unavailable');
  return store().deskRecording ?? 'unavailable';
}

export const RATE_FIELDS = ['currency', 'inboundPerMinute', 'outboundPerMinute', 'tollFreePerMinute', 'perCallFee', 'increment'] as const;
export type RateField = (typeof RATE_FIELDS)[number];
export type RateForm = Record<RateField, string>;
/** Field issues by account id. */
export type RateIssues = Record<string, Partial<Record<RateField, string>>>;
export type RatesOutcome = { ok: true } | { ok: false; issues: RateIssues; reason: string | null };

export const EMPTY_RATE_FORM: RateForm = { currency: '', inboundPerMinute: '', outboundPerMinute: '', tollFreePerMinute: '', perCallFee: '', increment: '' };
/** The per-call fee may be left empty (no fee); everything else on a rate card is needed to price a call. */
const REQUIRED_RATE_FIELDS: readonly RateField[] = ['currency', 'inboundPerMinute', 'outboundPerMinute', 'tollFreePerMinute', 'increment'];
const isRateField = (k: unknown): k is RateField => (RATE_FIELDS as readonly unknown[]).includes(k);
const RATE_ISSUE = new RegExp(`^billing\\.save: rates\\.(.+)\\.(${RATE_FIELDS.join('|')}) (.+)$`, 's');

/** A stored rate card as the editor shows it: exact decimals, the increment as a/b. */
export function rateFormOf(r: ProviderRates | undefined): RateForm {
  if (!r) return EMPTY_RATE_FORM;
  const money = (micros: number) => formatMicros(micros, r.currency);
  return {
    currency: r.currency,
    inboundPerMinute: money(r.perMinuteMicros.inbound),
    outboundPerMinute: money(r.perMinuteMicros.outbound),
    tollFreePerMinute: money(r.perMinuteMicros.tollFree),
    perCallFee: money(r.perCallFeeMicros),
    increment: formatBillingIncrement(r.increment),
  };
}

function rateInputOf(f: RateForm): ProviderRatesInput {
  return {
    currency: f.currency.trim(),
    inboundPerMinute: f.inboundPerMinute.trim(),
    outboundPerMinute: f.outboundPerMinute.trim(),
    tollFreePerMinute: f.tollFreePerMinute.trim(),
    perCallFee: f.perCallFee.trim() || '0',
    increment: f.increment.trim(),
  };
}

/** Every filled-in rate card checked with the contract's own schema; an account left blank has no rate card. */
export function checkRates(forms: Record<string, RateForm>): { ok: true; rates: Record<string, ProviderRatesInput> } | { ok: false; issues: RateIssues } {
  const issues: RateIssues = {};
  const rates: Record<string, ProviderRatesInput> = {};
  for (const [id, form] of Object.entries(forms)) {
    if (RATE_FIELDS.every((k) => !form[k].trim())) continue;
    const mine: Partial<Record<RateField, string>> = {};
    for (const k of REQUIRED_RATE_FIELDS) if (!form[k].trim()) mine[k] = 'Required';
    if (Object.keys(mine).length === 0) {
      const input = rateInputOf(form);
      const parsed = ProviderRatesSchema.safeParse(input);
      if (parsed.success) rates[id] = input;
      else for (const i of parsed.error.issues) if (isRateField(i.path[0]) && !mine[i.path[0]]) mine[i.path[0]] = i.message;
    }
    if (Object.keys(mine).length > 0) issues[id] = mine;
  }
  return Object.keys(issues).length > 0 ? { ok: false, issues } : { ok: true, rates };
}

/** The host names the field it refused ("billing.save: rates.<account>.<field> <why>"): put it beside that field. */
export function rateIssuesFromHost(e: HostError, accountIds: readonly string[]): RatesOutcome {
  const m = e.code === 'INVALID_REQUEST' ? RATE_ISSUE.exec(e.message) : null;
  if (m && accountIds.includes(m[1]!) && isRateField(m[2])) return { ok: false, issues: { [m[1]!]: { [m[2]]: m[3]! } }, reason: null };
  return { ok: false, issues: {}, reason: message(e) };
}

/** Save the rate cards of the accounts shown; cards of accounts no longer configured are kept as they were. */
export async function saveRates(forms: Record<string, RateForm>): Promise<RatesOutcome> {
  const checked = checkRates(forms);
  if (!checked.ok) return { ok: false, issues: checked.issues, reason: null };
  const host = env?.host;
  if (!host) return { ok: false, issues: {}, reason: NOT_CONNECTED };
  const kept = Object.entries(store().billing?.rates ?? {})
    .filter(([id]) => !(id in forms))
    .map(([id, r]) => [id, rateInputOf(rateFormOf(r))] as const);
  const r = await host.call('billing.save', { rates: { ...Object.fromEntries(kept), ...checked.rates } });
  if (!r.ok) return rateIssuesFromHost(r.error, Object.keys(forms));
  store().billingLoaded(r.value);
  return { ok: true };
}

export const MAX_RETENTION_DAYS = 3650;

export async function saveRetention(daysText: string, recordCalls: boolean): Promise<Outcome> {
  const text = daysText.trim();
  const days = Number(text);
  if (!/^\d+$/.test(text) || days > MAX_RETENTION_DAYS) return failed(`Enter whole days from 0 (keep everything) to ${MAX_RETENTION_DAYS}`);
  const r = await env?.host.call('billing.save', { retentionDays: days, recordCalls });
  if (!r) return failed(NOT_CONNECTED);
  if (!r.ok) return failed(message(r.error));
  store().billingLoaded(r.value);
  return { ok: true };
}

// ── reconciliation and erasure (admins) ──────────────────────────────────────

/** Start and end days (yyyy-mm-dd, local), either may be empty: the whole of each day is included. */
export async function reconcile(startDay: string, endDay: string): Promise<Outcome> {
  const at = (day: string, time: string) => {
    const ms = Date.parse(`${day}T${time}`);
    return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
  };
  const from = startDay ? at(startDay, '00:00:00') : undefined;
  const to = endDay ? at(endDay, '23:59:59.999') : undefined;
  if (from === null || to === null) return failed('Enter the period as dates');
  if (from && to && from > to) return failed('The period must end after it starts');
  const r = await env?.host.call('cdr.reconcile', { ...(from ? { from } : {}), ...(to ? { to } : {}) });
  if (!r) return failed(NOT_CONNECTED);
  if (!r.ok) return failed(message(r.error));
  store().reconciliationLoaded(r.value);
  return { ok: true };
}

/** GDPR/CCPA erasure of one number; the counts the host returns go to the store for the status line. */
export async function eraseNumber(number: string): Promise<Outcome> {
  const n = number.trim();
  if (n.length < 3) return failed('Enter the number to erase (at least 3 characters)');
  const host = env?.host;
  if (!host) return failed(NOT_CONNECTED);
  store().erasureDone(null);
  const r = await host.call('privacy.eraseNumber', { number: n });
  if (!r.ok) return failed(message(r.error));
  store().erasureDone(r.value);
  const history = await host.call('history.list', { limit: 200 });
  if (history.ok) store().setHistory(history.value);
  await refreshCdrs();
  return { ok: true };
}

// ── recording ─────────────────────────────────────────────────────────────────

const CHECKING: RecordingView = { status: 'checking', text: 'Checking whether this call may be recorded…' };
const live = (callId: string) => {
  const c = store().calls[callId];
  return c !== undefined && c.state.phase !== 'ended';
};

/** A call was answered: record it if the desk records calls and the caller agreed. Never affects the call. */
export function startCallRecording(callId: string): void {
  if (!env || store().recordings[callId]) return;
  store().recordingChanged(callId, CHECKING);
  void decideAndRecord(callId).catch((e: unknown) => failRecording(callId, (e as Error).message));
}

async function decideAndRecord(callId: string): Promise<void> {
  const desk = store().deskRecording ?? (await loadDeskRecording());
  const context = await settledContext(callId);
  const e = env;
  if (!e || store().recordings[callId]?.status !== 'checking' || !live(callId)) return; // the call ended meanwhile
  const decision = decideRecording(desk, consentOf(context));
  if (!decision.record) {
    store().recordingChanged(callId, { status: decision.state, text: decision.text });
    e.log('info', `call ${callId} not recorded: ${decision.text}`);
    return;
  }
  const rec = recordCall({
    callId,
    audio: e.callAudio(callId),
    send: async (chunk) => {
      const r = await e.host.call('recording.append', chunk);
      return r.ok ? { ok: true } : { ok: false, reason: r.error.message };
    },
    onFailed: (why) => failRecording(callId, why),
  });
  if (rec.failed) return; // already reported
  recorders.set(callId, rec);
  store().recordingChanged(callId, { status: 'recording', text: decision.text });
  e.log('info', `call ${callId} recording`);
}

/** The consent comes with the context, which may still be on its way from the context server. */
function settledContext(callId: string): Promise<TransferContext | null> {
  const read = () => store().calls[callId]?.context;
  const now = read();
  if (!now || now.status !== 'loading' || !env) return Promise.resolve(now?.context ?? null);
  const clock = env.clock;
  return new Promise((resolve) => {
    let stop = () => undefined as unknown;
    let cancel = () => undefined as unknown;
    const done = () => {
      stop();
      cancel();
      resolve(read()?.context ?? null);
    };
    stop = useAppStore.subscribe(() => {
      if (read()?.status !== 'loading') done();
    });
    cancel = clock.after(CONSENT_WAIT_MS, done);
  });
}

function failRecording(callId: string, why: string): void {
  env?.log('warn', `call ${callId}: recording failed: ${why}`);
  if (!store().recordings[callId]) return;
  store().recordingChanged(callId, { status: 'failed', text: `Recording failed: ${why}` });
  store().addNotices([
    {
      id: `recording-failed-${callId}`,
      level: 'warning',
      message: `The recording of a call failed: ${why}.`,
      advice: 'The call itself is not affected. The part recorded so far is kept; tell your supervisor if it keeps happening.',
      at: new Date().toISOString(),
    },
  ]);
}

/** The call ended: close its recording and say how it went, for the CDR. */
export async function finishCallRecording(callId: string): Promise<RecordingState> {
  const view = store().recordings[callId];
  const rec = recorders.get(callId);
  recorders.delete(callId);
  let state: RecordingState = view && view.status !== 'checking' && view.status !== 'recording' ? view.status : 'not-recorded';
  if (rec) {
    state = await within(rec.stop(), FLUSH_WAIT_MS, 'failed' as const);
    if (state === 'failed' && !rec.failed) failRecording(callId, 'the last part was not stored in time');
  }
  store().recordingCleared(callId);
  return state;
}

function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  const clock = env?.clock;
  if (!clock) return p;
  return new Promise((resolve) => {
    const cancel = clock.after(ms, () => resolve(fallback));
    void p.then((v) => {
      cancel();
      resolve(v);
    });
  });
}
