import { beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload, MethodRequest, MethodResponse } from '../../shared/contract/bridge';
import type { BillingSettings } from '../../shared/contract/cdr';
import type { TransferContext } from '../../shared/context/transfer-context';
import type { BridgeEventName, BridgeMethodName } from '../../shared/contract/names';
import type { Result } from '../../shared/result';
import type { HostApi } from '../platform';
import { useAppStore, type AppState } from '../store/app-store';
import type { ContextView } from '../store/calls-slice';
import {
  checkRates,
  configureCdrController,
  EMPTY_HISTORY_FILTERS,
  EMPTY_RATE_FORM,
  exportLinkOf,
  filterFromForm,
  finishCallRecording,
  rateFormOf,
  rateIssuesFromHost,
  saveRates,
  startCallRecording,
  startCdrExport,
} from './cdr-controller';

type Handler = (payload: unknown) => Result<unknown> | Promise<Result<unknown>>;

function fakeHost(handlers: Partial<Record<BridgeMethodName, Handler>>) {
  const calls: { method: BridgeMethodName; payload: unknown }[] = [];
  const listeners = new Map<BridgeEventName, Set<(p: unknown) => void>>();
  const host: HostApi = {
    kind: 'web',
    async call<M extends BridgeMethodName>(method: M, payload: MethodRequest<M>): Promise<Result<MethodResponse<M>>> {
      calls.push({ method, payload });
      const h = handlers[method];
      const r = h ? await h(payload) : { ok: false as const, error: { code: 'INTERNAL' as const, message: `no handler for ${method}` } };
      return r as Result<MethodResponse<M>>;
    },
    on<E extends BridgeEventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    onConnectionChange: () => () => undefined,
  };
  const emit = (event: BridgeEventName, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  return { host, calls, emit };
}

const clock = { now: () => Date.now(), after: (ms: number, fn: () => void) => { const t = setTimeout(fn, ms); return () => clearTimeout(t); } };
const flush = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 0));
};
const initial = useAppStore.getState();
const s = () => useAppStore.getState();
const setRole = (role: 'agent' | 'supervisor' | 'admin') =>
  useAppStore.setState({ settings: { profile: { name: 'Alice', role }, accounts: [{ id: 'acc1' }] } as unknown as AppState['settings'] });

function setup(handlers: Partial<Record<BridgeMethodName, Handler>>) {
  const f = fakeHost(handlers);
  const logs: string[] = [];
  configureCdrController({ host: f.host, clock, callAudio: () => ({ local: null, remote: null }), log: (_l, m) => logs.push(m) });
  return { ...f, logs };
}

const context = (consent?: 'granted' | 'declined' | 'unknown'): TransferContext =>
  ({ version: 'warmline.context/1', sessionId: 's1', ...(consent ? { compliance: { recordingConsent: consent } } : {}) }) as TransferContext;
const ctxView = (c: TransferContext | null, status: ContextView['status'] = c ? 'ready' : 'none'): ContextView =>
  ({ status, context: c, source: c ? 'x-header' : null, issues: [], ignored: [], attestation: null });

function connectedCall(id: string, ctx: ContextView = ctxView(null)) {
  s().callAdded({ id, accountId: 'acc1', direction: 'inbound', remoteUri: 'sip:caller@example.com', remoteName: 'Caller', phase: 'ringing-in', startedAt: 1 });
  s().contextChanged(id, ctx);
  s().callChanged(id, { type: 'accepted', at: 2 });
}

const billing = (recordCalls: boolean): Result<BillingSettings> => ({ ok: true, value: { rates: {}, retentionDays: 30, recordCalls } });
const FORBIDDEN: Result<never> = { ok: false, error: { code: 'FORBIDDEN', message: 'Only supervisors may read rates and retention.' } };

beforeEach(() => useAppStore.setState(initial, true));

describe('filterFromForm', () => {
  it('turns the typed form into the contract filter, local times as ISO instants', () => {
    const r = filterFromForm({ ...EMPTY_HISTORY_FILTERS, from: '2025-03-01T09:00', outcome: 'interrupted', mosBelow: '3.5', number: ' 415 ', agent: 'Alice' });
    expect(r).toEqual({ ok: true, filter: { from: new Date(2025, 2, 1, 9, 0).toISOString(), outcome: 'interrupted', mosBelow: 3.5, number: '415', agent: 'Alice' } });
    expect(filterFromForm(EMPTY_HISTORY_FILTERS)).toEqual({ ok: true, filter: {} });
  });

  it('says what to fix, per field', () => {
    const r = filterFromForm({ ...EMPTY_HISTORY_FILTERS, from: '2025-03-02T09:00', to: '2025-03-01T09:00', mosBelow: '7', outcome: 'lost' });
    expect(r).toEqual({ ok: false, issues: { to: 'Must be after "From"', mosBelow: 'Enter a MOS between 1 and 5', outcome: 'Choose an outcome from the list' } });
    expect(filterFromForm({ ...EMPTY_HISTORY_FILTERS, from: 'yesterday' })).toEqual({ ok: false, issues: { from: 'Enter a date and time' } });
  });
});

describe('export', () => {
  it('follows progress events for its own export, including those that beat the answer', async () => {
    let answer: (r: Result<unknown>) => void = () => undefined;
    const f = setup({ 'cdr.export': () => new Promise((r) => (answer = r)) });
    s().cdrsLoading({ outcome: 'failed' });
    const started = startCdrExport('csv');
    expect(s().cdrExport).toMatchObject({ exportId: null, done: false });
    f.emit('cdr.exportProgress', { exportId: 'x1', rows: 2, total: 3, done: false, error: null, location: null });
    answer({ ok: true, value: { exportId: 'x1', total: 3, location: null } });
    await started;
    expect(f.calls[0]).toEqual({ method: 'cdr.export', payload: { format: 'csv', filter: { outcome: 'failed' } } });
    expect(s().cdrExport).toMatchObject({ exportId: 'x1', rows: 2, total: 3, done: false });
    f.emit('cdr.exportProgress', { exportId: 'other', rows: 9, total: 9, done: true, error: null, location: '/nope' });
    f.emit('cdr.exportProgress', { exportId: 'x1', rows: 3, total: 3, done: true, error: null, location: '/exports/x1.csv' });
    expect(s().cdrExport).toMatchObject({ rows: 3, total: 3, done: true, error: null, location: '/exports/x1.csv' });
  });

  it('shows the host’s message when the export is refused or fails', async () => {
    const f = setup({ 'cdr.export': () => FORBIDDEN });
    await startCdrExport('json');
    expect(s().cdrExport).toMatchObject({ done: true, error: expect.stringContaining('Only supervisors') });
    s().cdrExportChanged({ exportId: 'x2', format: 'csv', rows: 1, total: 5, done: false, error: null, location: null });
    f.emit('cdr.exportProgress', { exportId: 'x2', rows: 1, total: 5, done: true, error: 'Disk full: free some space.', location: null });
    expect(s().cdrExport).toMatchObject({ done: true, error: 'Disk full: free some space.' });
  });

  it('links same-origin paths and URLs, shows file paths as text', () => {
    expect(exportLinkOf('/exports/a.csv', 'web')).toEqual({ kind: 'link', href: '/exports/a.csv' });
    expect(exportLinkOf('https://host/a.csv', 'electron')).toEqual({ kind: 'link', href: 'https://host/a.csv' });
    expect(exportLinkOf('//evil.example/a.csv', 'web')).toEqual({ kind: 'path', path: '//evil.example/a.csv' });
    expect(exportLinkOf('/home/alice/Downloads/a.csv', 'electron')).toEqual({ kind: 'path', path: '/home/alice/Downloads/a.csv' });
    expect(exportLinkOf('C:\\Users\\a.csv', 'web')).toEqual({ kind: 'path', path: 'C:\\Users\\a.csv' });
  });
});

describe('rates', () => {
  const card = { currency: 'usd', inboundPerMinute: '0.0085', outboundPerMinute: '0.013', tollFreePerMinute: '0.022', perCallFee: '', increment: '60/60' };

  it('checks every filled-in card with the contract schema and skips blank ones', () => {
    expect(checkRates({ a: card, b: EMPTY_RATE_FORM })).toEqual({ ok: true, rates: { a: { ...card, perCallFee: '0' } } });
    const r = checkRates({ a: { ...card, inboundPerMinute: '-1', increment: '60' }, b: { ...EMPTY_RATE_FORM, currency: 'EUR' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.a).toEqual({ inboundPerMinute: 'must not be negative', increment: expect.stringContaining('is not a billing increment') });
    expect(r.issues.b).toEqual({ inboundPerMinute: 'Required', outboundPerMinute: 'Required', tollFreePerMinute: 'Required', increment: 'Required' });
  });

  it('puts the host’s refusal beside the field it names', () => {
    const e = { code: 'INVALID_REQUEST' as const, message: 'billing.save: rates.acc.1.currency must be an ISO 4217 currency code such as USD, EUR or GBP' };
    expect(rateIssuesFromHost(e, ['acc.1'])).toEqual({ ok: false, issues: { 'acc.1': { currency: 'must be an ISO 4217 currency code such as USD, EUR or GBP' } }, reason: null });
    expect(rateIssuesFromHost({ code: 'INTERNAL', message: 'billing.save failed: disk' }, ['acc.1'])).toEqual({ ok: false, issues: {}, reason: 'billing.save failed: disk' });
  });

  it('round-trips a stored card through the editor and keeps cards of removed accounts', async () => {
    const stored = { currency: 'USD', perMinuteMicros: { inbound: 8500, outbound: 13000, tollFree: 22000 }, perCallFeeMicros: 0, increment: { firstSec: 6, stepSec: 6 } };
    expect(rateFormOf(stored)).toEqual({ currency: 'USD', inboundPerMinute: '0.0085', outboundPerMinute: '0.013', tollFreePerMinute: '0.022', perCallFee: '0.00', increment: '6/6' });
    const f = setup({ 'billing.save': () => billing(false) });
    s().billingLoaded({ rates: { old: stored }, retentionDays: 30, recordCalls: false });
    expect(await saveRates({ acc1: card })).toEqual({ ok: true });
    expect(f.calls[0]?.payload).toEqual({ rates: { old: rateFormOf(stored), acc1: { ...card, perCallFee: '0' } } });
  });
});

describe('recording', () => {
  it('records nothing on a desk whose role may not read the setting, and says so', async () => {
    setRole('agent');
    setup({ 'billing.get': () => FORBIDDEN });
    connectedCall('c1', ctxView(context('granted')));
    startCallRecording('c1');
    expect(s().recordings.c1).toEqual({ status: 'checking', text: expect.any(String) });
    await flush();
    expect(s().recordings.c1).toEqual({ status: 'not-recorded', text: 'Recording is off on this desk' });
    s().callRemoved('c1');
    expect(await finishCallRecording('c1')).toBe('not-recorded');
    expect(s().recordings.c1).toBeUndefined();
  });

  it('refuses a caller who declined, and one whose consent is unknown', async () => {
    setup({ 'billing.get': () => billing(true) });
    connectedCall('c1', ctxView(context('declined')));
    connectedCall('c2');
    startCallRecording('c1');
    startCallRecording('c2');
    await flush();
    expect(s().recordings.c1).toEqual({ status: 'refused-no-consent', text: 'The caller declined recording' });
    expect(s().recordings.c2).toEqual({ status: 'refused-consent-unknown', text: "The caller's consent to recording is unknown" });
    expect(await finishCallRecording('c1')).toBe('refused-no-consent');
  });

  it('waits for a context still being fetched before deciding', async () => {
    setup({ 'billing.get': () => billing(true) });
    connectedCall('c1', ctxView(null, 'loading'));
    startCallRecording('c1');
    await flush();
    expect(s().recordings.c1?.status).toBe('checking');
    s().contextChanged('c1', ctxView(context('declined')));
    await flush();
    expect(s().recordings.c1?.status).toBe('refused-no-consent');
  });

  it('marks a recording that cannot start as failed, with a notice, and the call goes on', async () => {
    const f = setup({ 'billing.get': () => billing(true) });
    connectedCall('c1', ctxView(context('granted')));
    startCallRecording('c1');
    await flush();
    expect(s().recordings.c1).toEqual({ status: 'failed', text: 'Recording failed: the call has no audio to record' });
    expect(s().notices.map((n) => n.id)).toContain('recording-failed-c1');
    expect(s().calls.c1?.state.phase).toBe('connected');
    expect(f.calls.some((c) => c.method === 'recording.append')).toBe(false);
    expect(await finishCallRecording('c1')).toBe('failed');
  });
});
