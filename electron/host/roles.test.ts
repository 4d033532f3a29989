import { describe, expect, it } from 'vitest';
import { BRIDGE_EVENT_NAMES, BRIDGE_METHOD_NAMES, type BridgeEventName } from '../../shared/contract/names';
import { ROLES, type Role } from '../../shared/settings/schema';
import type { BridgeEventSource } from './hub/bridge-events';
import { decideProfileRole, decideSignIn, gateEvents, refusal, roleGrantedBy, type RoleCredentials } from './roles';

/** Written out here, not derived from METHOD_ACCESS, so a change to the table has to change this test too. */
const SUPERVISOR_ONLY = new Set(['feed.sessions', 'feed.session', 'feed.replay', 'feed.exportCsv', 'feed.guidance']);
/** The emergency location setup and its audit: admins only. Placing emergency calls and confirming a location: everyone. */
const CDR_RULES: Record<string, 'supervisor' | 'admin'> = { 'cdr.export': 'supervisor', 'billing.get': 'supervisor', 'cdr.reconcile': 'admin', 'billing.save': 'admin', 'privacy.eraseNumber': 'admin' };
const ADMIN_ONLY = new Set(['e911.config', 'e911.saveLocation', 'e911.removeLocation', 'e911.importLocations', 'e911.saveConfig', 'e911.audit', 'e911.exportAudit']);
const SUPERVISOR_EVENTS = new Set<BridgeEventName>(['feed.event', 'e911.emergency', 'cdr.exportProgress']);

const CREDS: RoleCredentials = { subscriberTokens: ['supervisor-token-0001', 'supervisor-token-0002'], adminToken: 'admin-token-00000001' };

describe('method access: every method × role', () => {
  const cases = BRIDGE_METHOD_NAMES.flatMap((method) => ROLES.map((role) => [method, role] as const));
  it.each(cases)('%s as %s', (method, role) => {
    const refused = refusal(method, role);
    if (SUPERVISOR_ONLY.has(method) && role === 'agent') expect(refused).toMatch(/^Your role \(agent\) cannot ((read|export) AI sessions|send guidance to the AI): sign in as a supervisor\.$/);
    else if (CDR_RULES[method] === 'admin' && role !== 'admin') expect(refused).toMatch(/sign in as an admin\.$/);
    else if (CDR_RULES[method] === 'supervisor' && role === 'agent') expect(refused).toMatch(/sign in as a supervisor\.$/);
    else if (ADMIN_ONLY.has(method) && role !== 'admin') expect(refused).toMatch(new RegExp(`^Your role \\(${role}\\) cannot .*emergency.*: sign in as an admin\\.$`));
    else expect(refused).toBeNull();
  });

  it('names the role in the refusal', () => {
    expect(refusal('feed.sessions', 'agent')).toBe('Your role (agent) cannot read AI sessions: sign in as a supervisor.');
  });

  it('lets supervisors and admins send guidance to the AI, never agents', () => {
    expect(refusal('feed.guidance', 'agent')).toBe('Your role (agent) cannot send guidance to the AI: sign in as a supervisor.');
    expect(refusal('feed.guidance', 'supervisor')).toBeNull();
    expect(refusal('feed.guidance', 'admin')).toBeNull();
  });
});

describe('event gate', () => {
  function source() {
    const listeners = new Map<BridgeEventName, Set<(p: unknown) => void>>();
    const src: BridgeEventSource = {
      on(event, listener) {
        const set = listeners.get(event) ?? new Set();
        listeners.set(event, set);
        set.add(listener as (p: unknown) => void);
        return () => set.delete(listener as (p: unknown) => void);
      },
    };
    const emit = (event: BridgeEventName, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
    return { src, emit };
  }

  it.each(ROLES)('as %s: feed.event, e911.emergency and cdr.exportProgress only to supervisor and admin, everything else to all', (role) => {
    const { src, emit } = source();
    const got: string[] = [];
    const gated = gateEvents(src, () => role);
    for (const e of BRIDGE_EVENT_NAMES) gated.on(e, () => got.push(e));
    for (const e of BRIDGE_EVENT_NAMES) emit(e, {});
    expect(got).toEqual(role === 'agent' ? BRIDGE_EVENT_NAMES.filter((e) => !SUPERVISOR_EVENTS.has(e)) : [...BRIDGE_EVENT_NAMES]);
  });

  it('decides at delivery, so a role change applies to existing listeners', () => {
    const { src, emit } = source();
    let role: Role = 'supervisor';
    const got: unknown[] = [];
    gateEvents(src, () => role).on('feed.event', (p) => got.push(p));
    emit('feed.event', 1);
    role = 'agent';
    emit('feed.event', 2);
    role = 'admin';
    emit('feed.event', 3);
    expect(got).toEqual([1, 3]);
  });
});

describe('tokens', () => {
  it('grants supervisor for a subscriber token, admin for the admin token, nothing otherwise', () => {
    expect(roleGrantedBy('supervisor-token-0002', CREDS)).toBe('supervisor');
    expect(roleGrantedBy('admin-token-00000001', CREDS)).toBe('admin');
    expect(roleGrantedBy('supervisor-token-000', CREDS)).toBeNull();
    expect(roleGrantedBy('supervisor-token-00011', CREDS)).toBeNull();
    expect(roleGrantedBy('', CREDS)).toBeNull();
    expect(roleGrantedBy('admin-token-00000001', { ...CREDS, adminToken: null })).toBeNull();
  });
});

describe('sign-in', () => {
  const never = (): RoleCredentials => {
    throw new Error('credentials read without need');
  };

  it('needs no token up to the provisioned role, and reads no credentials then', () => {
    expect(decideSignIn({ role: 'agent' }, 'agent', never)).toEqual({ ok: true, role: 'agent' });
    expect(decideSignIn({ role: 'supervisor' }, 'supervisor', never)).toEqual({ ok: true, role: 'supervisor' });
    expect(decideSignIn({ role: 'supervisor', token: 'whatever' }, 'admin', never)).toEqual({ ok: true, role: 'supervisor' });
  });

  it('raises with a good token', () => {
    expect(decideSignIn({ role: 'supervisor', token: 'supervisor-token-0001' }, 'agent', () => CREDS)).toEqual({ ok: true, role: 'supervisor' });
    expect(decideSignIn({ role: 'admin', token: 'admin-token-00000001' }, 'agent', () => CREDS)).toEqual({ ok: true, role: 'admin' });
    // The admin's token is at least a supervisor's.
    expect(decideSignIn({ role: 'supervisor', token: 'admin-token-00000001' }, 'agent', () => CREDS)).toEqual({ ok: true, role: 'supervisor' });
  });

  it('refuses a wrong or missing token, and a supervisor token for admin', () => {
    expect(decideSignIn({ role: 'supervisor', token: 'guess-guess-guess' }, 'agent', () => CREDS)).toEqual({
      ok: false,
      message: 'That token does not grant the supervisor role; ask your admin for one.',
    });
    expect(decideSignIn({ role: 'supervisor' }, 'agent', () => CREDS)).toEqual({ ok: false, message: 'Signing in as a supervisor needs a token; ask your admin for one.' });
    expect(decideSignIn({ role: 'supervisor', token: '' }, 'agent', () => CREDS)).toEqual({ ok: false, message: 'Signing in as a supervisor needs a token; ask your admin for one.' });
    expect(decideSignIn({ role: 'admin', token: 'supervisor-token-0001' }, 'supervisor', () => CREDS)).toEqual({
      ok: false,
      message: 'That token does not grant the admin role; ask your admin for one.',
    });
    expect(decideSignIn({ role: 'supervisor', token: 'x'.repeat(20) }, 'agent', () => ({ subscriberTokens: [], adminToken: null }))).toMatchObject({ ok: false });
  });
});

describe('profile role', () => {
  it.each([
    ['agent', 'agent', true],
    ['agent', 'supervisor', true],
    ['supervisor', 'admin', true],
    ['supervisor', 'agent', false],
    ['admin', 'agent', false],
    ['admin', 'supervisor', false],
  ] as const)('%s while %s: allowed %s', (requested, current, allowed) => {
    expect(decideProfileRole(requested, current).ok).toBe(allowed);
  });
});
