import crypto from 'node:crypto';
import type { BridgeEventName, BridgeMethodName } from '../../shared/contract/names';
import type { Role } from '../../shared/settings/schema';
import type { BridgeEventSource } from './hub/bridge-events';

/**
 * Who may do what, decided by the host (never by the renderer, which only
 * chooses views): the least role for every bridge method and event, sign-in
 * to a role with a token, and the gate that keeps supervisor events away from
 * an agent's renderer. Tables as data; no I/O.
 */

export const ROLE_RANK: Record<Role, number> = { agent: 0, supervisor: 1, admin: 2 };

export const atLeast = (role: Role, least: Role): boolean => ROLE_RANK[role] >= ROLE_RANK[least];

/** The least role for a method, and what it does in the user's words (the refusal quotes it). */
export type Access = { least: Role; what: string };

const anyone = (what: string): Access => ({ least: 'agent', what });
const supervisors = (what: string): Access => ({ least: 'supervisor', what });
const admins = (what: string): Access => ({ least: 'admin', what });

/**
 * Every method, so adding one to the contract without deciding who may call
 * it does not compile. An agent's own softphone needs all of the agent ones.
 */
export const METHOD_ACCESS: Record<BridgeMethodName, Access> = {
  'host.info': anyone('read host information'),
  'settings.get': anyone('read settings'),
  'settings.updateProfile': anyone('change the profile'),
  'settings.updatePreferences': anyone('change preferences'),
  'accounts.save': anyone('save accounts'),
  'accounts.remove': anyone('remove accounts'),
  'accounts.credentials': anyone('read account credentials'),
  'history.list': anyone('read call history'),
  'history.record': anyone('record calls'),
  'notices.list': anyone('read notices'),
  'log.write': anyone('write the log'),
  'context.fetch': anyone('fetch transfer contexts'),
  'settings.updateContextServer': anyone('change the context server'),
  'history.updateNotes': anyone('edit call notes'),
  'lab.start': anyone('start the Lab'),
  'lab.status': anyone('read the Lab status'),
  'session.signIn': anyone('sign in'),
  'feed.sessions': supervisors('read AI sessions'),
  'feed.session': supervisors('read AI sessions'),
  'feed.replay': supervisors('read AI sessions'),
  'feed.exportCsv': supervisors('export AI sessions'),
  'feed.guidance': supervisors('send guidance to the AI'),
  // Emergency calling is never gated beyond being this host's user: an agent must always reach 911.
  'e911.status': anyone('read the emergency location'),
  'e911.confirm': anyone('confirm the emergency location'),
  'e911.emergencyCall': anyone('place emergency calls'),
  'e911.emergencyCallUpdate': anyone('place emergency calls'),
  'e911.config': admins('read the emergency location setup'),
  'e911.saveLocation': admins('change emergency locations'),
  'e911.removeLocation': admins('change emergency locations'),
  'e911.importLocations': admins('import emergency locations'),
  'e911.saveConfig': admins('change the emergency setup'),
  'e911.audit': admins('read the emergency audit log'),
  'e911.exportAudit': admins('export the emergency audit log'),
  // The agent's own calls are recorded by the agent's host; reading and exporting everyone's CDRs is a supervisor's.
  'cdr.begin': anyone('record calls'),
  'recording.append': anyone('record calls'),
  'cdr.query': anyone('read call records'),
  'cdr.export': supervisors('export call records'),
  'cdr.reconcile': admins('reconcile carrier billing'),
  'billing.get': supervisors('read rates and retention'),
  'billing.save': admins('change rates and retention'),
  'privacy.eraseNumber': admins('erase a caller\'s data'),
  'shell.update': anyone('update the desktop shell'),
  'diagnostics.export': anyone('export diagnostics'),
};

/**
 * Events a renderer may receive. feed.transferRequested goes to agents: it is
 * how their own handoff is prepared; the whole feed is for supervisors.
 */
export const EVENT_ACCESS: Record<BridgeEventName, Role> = {
  'settings.changed': 'agent',
  'host.notice': 'agent',
  'feed.transferRequested': 'agent',
  'feed.event': 'supervisor',
  'e911.changed': 'agent',
  'e911.emergency': 'supervisor',
  // The export's download link goes only where exports may be started.
  'cdr.exportProgress': 'supervisor',
  'shell.action': 'agent',
};

const article = (role: Role) => (role === 'admin' || role === 'agent' ? 'an' : 'a');

/** Null when `role` may call `method`; otherwise the refusal, naming the role. */
export function refusal(method: BridgeMethodName, role: Role): string | null {
  const { least, what } = METHOD_ACCESS[method];
  if (atLeast(role, least)) return null;
  return `Your role (${role}) cannot ${what}: sign in as ${article(least)} ${least}.`;
}

export const mayReceive = (event: BridgeEventName, role: Role): boolean => atLeast(role, EVENT_ACCESS[event]);

/**
 * What the renderers may hear, decided at delivery: when the role drops, the
 * supervisor events stop at once, without resubscribing.
 */
export function gateEvents(source: BridgeEventSource, role: () => Role): BridgeEventSource {
  return {
    on(event, listener) {
      return source.on(event, (payload) => {
        if (mayReceive(event, role())) listener(payload);
      });
    },
  };
}

/** The credentials sign-in checks: the hub's subscriber tokens grant supervisor, the admin token admin. */
export type RoleCredentials = { subscriberTokens: readonly string[]; adminToken: string | null };

const digest = (token: string): Buffer => crypto.createHash('sha256').update(token, 'utf8').digest();

/**
 * The highest role `token` grants. Compared as SHA-256 digests with
 * timingSafeEqual against every credential without stopping early, so
 * neither a token's content nor its length shows in the time taken.
 */
export function roleGrantedBy(token: string, creds: RoleCredentials): Role | null {
  const d = digest(token);
  let granted: Role | null = null;
  const grant = (role: Role) => {
    if (granted === null || ROLE_RANK[role] > ROLE_RANK[granted]) granted = role;
  };
  for (const t of creds.subscriberTokens) if (crypto.timingSafeEqual(d, digest(t))) grant('supervisor');
  if (creds.adminToken !== null && crypto.timingSafeEqual(d, digest(creds.adminToken))) grant('admin');
  return granted;
}

export type RoleDecision = { ok: true; role: Role } | { ok: false; message: string };

/**
 * session.signIn: any role up to the provisioned one needs no token (an admin
 * chose it); above it, a token that grants at least the role asked for.
 * Credentials are read only when a token must be checked.
 */
export function decideSignIn(req: { role: Role; token?: string | undefined }, provisioned: Role, creds: () => RoleCredentials): RoleDecision {
  if (atLeast(provisioned, req.role)) return { ok: true, role: req.role };
  if (req.token === undefined || req.token === '') return { ok: false, message: `Signing in as ${article(req.role)} ${req.role} needs a token; ask your admin for one.` };
  const granted = roleGrantedBy(req.token, creds());
  if (granted !== null && atLeast(granted, req.role)) return { ok: true, role: req.role };
  return { ok: false, message: `That token does not grant the ${req.role} role; ask your admin for one.` };
}

/** settings.updateProfile may keep the role or lower it, never raise it (that takes session.signIn and a token). */
export function decideProfileRole(requested: Role, current: Role): RoleDecision {
  if (atLeast(current, requested)) return { ok: true, role: requested };
  return { ok: false, message: `Your role (${current}) cannot be raised to ${requested} in the profile: sign in as ${article(requested)} ${requested} with a token.` };
}
