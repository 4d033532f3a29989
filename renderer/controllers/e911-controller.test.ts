import { beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload, MethodRequest, MethodResponse } from '../../shared/contract/bridge';
import type { E911Status, EmergencyAlert, EmergencyCallPlan } from '../../shared/contract/e911';
import type { BridgeEventName, BridgeMethodName } from '../../shared/contract/names';
import type { Result } from '../../shared/result';
import type { HostApi } from '../platform';
import { useAppStore, type AppState } from '../store/app-store';
import { CHECKING_LOCATION, selectMayGoAvailable } from '../store/e911-slice';
import { attachE911, confirmAddress, confirmLocation, saveE911Config } from './e911-controller';

const ADDRESS = { country: 'US', A1: 'NY', A3: 'New York', HNO: '350', A6: 'Fifth', STS: 'Ave', FLR: '21', PC: '10118' };

const status = (state: E911Status['state'], reason = ''): E911Status => ({
  state,
  location: state === 'none' ? null : { address: ADDRESS, locationId: 'hq-21', source: 'mapped', confirmedAt: '2025-01-01T00:00:00Z' },
  proposal: { kind: 'none' },
  network: { summary: 'cable 10.0.0.5/24', fingerprint: 'f1', changedAt: null },
  numbers: [{ number: '911', country: 'US', test: false }],
  reason,
});

const alert = (id: string): EmergencyAlert => ({
  type: 'warmline.emergency/1',
  emergencyId: id,
  number: '911',
  test: false,
  agent: { name: 'Alice', aor: 'sip:alice@warmline.test' },
  locationText: '350 Fifth Ave, Floor 21, New York, NY 10118',
  address: null,
  unconfirmed: false,
  callbackNumber: null,
  at: '2025-01-01T00:00:00Z',
});

type Handler = (payload: unknown) => Result<unknown>;

/** A host with canned answers, recording calls and letting the test push events. */
function fakeHost(handlers: Partial<Record<BridgeMethodName, Handler>>) {
  const calls: { method: BridgeMethodName; payload: unknown }[] = [];
  const listeners = new Map<BridgeEventName, Set<(p: unknown) => void>>();
  const host: HostApi = {
    kind: 'web',
    call<M extends BridgeMethodName>(method: M, payload: MethodRequest<M>): Promise<Result<MethodResponse<M>>> {
      calls.push({ method, payload });
      const h = handlers[method];
      const r = h ? h(payload) : { ok: false as const, error: { code: 'INTERNAL' as const, message: `no handler for ${method}` } };
      return Promise.resolve(r as Result<MethodResponse<M>>);
    },
    on<E extends BridgeEventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    onConnectionChange(listener) {
      listener(true);
      return () => undefined;
    },
  };
  const emit = (event: BridgeEventName, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  const listening = (event: BridgeEventName) => listeners.get(event)?.size ?? 0;
  return { host, calls, emit, listening };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const initial = useAppStore.getState();
const setRole = (role: 'agent' | 'supervisor' | 'admin') =>
  useAppStore.setState({ settings: { profile: { name: 'Alice', role } } as unknown as AppState['settings'] });

beforeEach(() => useAppStore.setState(initial, true));

describe('selectMayGoAvailable', () => {
  it('waits for the host, then follows the status, returning the same object while unchanged', () => {
    expect(selectMayGoAvailable(useAppStore.getState())).toEqual({ ok: false, reason: CHECKING_LOCATION });
    useAppStore.getState().e911StatusChanged(status('none', 'Confirm where you are before taking calls.'));
    const a = selectMayGoAvailable(useAppStore.getState());
    expect(a).toEqual({ ok: false, reason: 'Confirm where you are before taking calls.' });
    expect(selectMayGoAvailable(useAppStore.getState())).toBe(a);
    useAppStore.getState().e911StatusChanged(status('confirmed'));
    expect(selectMayGoAvailable(useAppStore.getState())).toEqual({ ok: true });
  });
});

describe('e911 slice', () => {
  it('keeps alerts newest first without duplicates and ignores progress without an emergency', () => {
    const s = () => useAppStore.getState();
    s().emergencyAlertReceived(alert('a'));
    s().emergencyAlertReceived(alert('b'));
    s().emergencyAlertReceived(alert('a'));
    expect(s().emergencyAlerts.map((x) => x.emergencyId)).toEqual(['a', 'b']);
    s().emergencyAlertDismissed('a');
    expect(s().emergencyAlerts.map((x) => x.emergencyId)).toEqual(['b']);

    s().emergencyProgress('connected', 'x');
    expect(s().emergency).toBeNull();
    s().emergencyStarted({ emergencyId: 'e1' } as EmergencyCallPlan);
    s().emergencyProgress('connected', 'Connected', 'call-1');
    s().emergencyProgress('ended', 'Call ended');
    expect(s().emergency).toMatchObject({ phase: 'ended', detail: 'Call ended', callId: 'call-1' });
    s().emergencyCleared();
    expect(s().emergency).toBeNull();
  });
});

describe('attachE911', () => {
  it('loads the status, follows e911.changed, and stops on detach', async () => {
    const f = fakeHost({ 'e911.status': () => ({ ok: true, value: status('none', 'Confirm your location') }) });
    const stop = attachE911(f.host);
    await flush();
    expect(useAppStore.getState().e911Status?.state).toBe('none');
    f.emit('e911.changed', status('confirmed'));
    expect(useAppStore.getState().e911Status?.state).toBe('confirmed');
    stop();
    expect(f.listening('e911.changed')).toBe(0);
  });

  it('listens for emergency alerts only while the role is supervisor or admin', async () => {
    setRole('agent');
    const f = fakeHost({ 'e911.status': () => ({ ok: true, value: status('confirmed') }) });
    const stop = attachE911(f.host);
    expect(f.listening('e911.emergency')).toBe(0);
    setRole('supervisor');
    expect(f.listening('e911.emergency')).toBe(1);
    f.emit('e911.emergency', alert('a'));
    expect(useAppStore.getState().emergencyAlerts).toHaveLength(1);
    setRole('agent');
    expect(f.listening('e911.emergency')).toBe(0);
    stop();
  });

  it('shows why the status could not be read', async () => {
    const f = fakeHost({ 'e911.status': () => ({ ok: false, error: { code: 'INTERNAL', message: 'disk full' } }) });
    const stop = attachE911(f.host);
    await flush();
    expect(selectMayGoAvailable(useAppStore.getState())).toEqual({ ok: false, reason: 'Could not check your emergency location: disk full' });
    stop();
  });
});

describe('confirming a location', () => {
  it('returns field issues for a bad address without asking the host', async () => {
    const f = fakeHost({ 'e911.status': () => ({ ok: true, value: status('none') }) });
    const stop = attachE911(f.host);
    const r = await confirmAddress({ ...ADDRESS, FLR: '', PC: '1234', A6: 'PO Box 12' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.field).sort()).toEqual(['A6', 'FLR', 'PC']);
    expect(f.calls.some((c) => c.method === 'e911.confirm')).toBe(false);
    stop();
  });

  it('stores the confirmed status and closes the dialog; host issues come back per field', async () => {
    let answer: Result<unknown> = { ok: true, value: { confirmed: true, status: status('confirmed') } };
    const f = fakeHost({ 'e911.status': () => ({ ok: true, value: status('none') }), 'e911.confirm': () => answer });
    const stop = attachE911(f.host);
    useAppStore.getState().locationDialogChanged(true);
    expect(await confirmAddress(ADDRESS)).toEqual({ ok: true });
    expect(useAppStore.getState().e911Status?.state).toBe('confirmed');
    expect(useAppStore.getState().locationDialogOpen).toBe(false);

    answer = { ok: true, value: { confirmed: false, issues: [{ field: 'address.PC', message: 'unknown ZIP' }] } };
    expect(await confirmLocation('hq-21')).toEqual({ ok: false, issues: [{ field: 'PC', message: 'unknown ZIP' }], reason: null });
    expect(f.calls.at(-1)).toEqual({ method: 'e911.confirm', payload: { locationId: 'hq-21' } });
    stop();
  });
});

describe('saveE911Config', () => {
  it('names the fields the contract would refuse, before the host sees them', async () => {
    const f = fakeHost({});
    const stop = attachE911(f.host);
    const r = await saveE911Config({
      numbers: [{ number: '9-1-1', country: 'US', test: false }],
      mappings: { subnets: [{ cidr: '10.0.0.0/99', locationId: 'hq' }], gatewayMacs: [], bssids: [] },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.field)).toEqual(['numbers[0].number', 'mappings.subnets[0].cidr']);
    expect(f.calls.some((c) => c.method === 'e911.saveConfig')).toBe(false);
    stop();
  });
});
