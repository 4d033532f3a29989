/**
 * Method and event names only, with no schema code, so the sandboxed Electron
 * preload can build one function per method without bundling zod.
 */
export const BRIDGE_METHOD_NAMES = [
  'host.info',
  'settings.get',
  'settings.updateProfile',
  'settings.updatePreferences',
  'accounts.save',
  'accounts.remove',
  'accounts.credentials',
  'history.list',
  'history.record',
  'notices.list',
  'log.write',
  'context.fetch',
  'settings.updateContextServer',
  'history.updateNotes',
  'lab.start',
  'lab.status',
  'session.signIn',
  'feed.sessions',
  'feed.session',
  'feed.replay',
  'feed.exportCsv',
  'feed.guidance',
  'e911.status',
  'e911.confirm',
  'e911.emergencyCall',
  'e911.emergencyCallUpdate',
  'e911.config',
  'e911.saveLocation',
  'e911.removeLocation',
  'e911.importLocations',
  'e911.saveConfig',
  'e911.audit',
  'e911.exportAudit',
  'cdr.begin',
  'cdr.query',
  'cdr.export',
  'cdr.reconcile',
  'billing.get',
  'billing.save',
  'privacy.eraseNumber',
  'recording.append',
  'shell.update',
  'diagnostics.export',
] as const;
export type BridgeMethodName = (typeof BRIDGE_METHOD_NAMES)[number];

export const BRIDGE_EVENT_NAMES = ['settings.changed', 'host.notice', 'feed.transferRequested', 'feed.event', 'e911.changed', 'e911.emergency', 'cdr.exportProgress', 'shell.action'] as const;
export type BridgeEventName = (typeof BRIDGE_EVENT_NAMES)[number];

export const IPC_METHOD_PREFIX = 'warmline:call:';
export const IPC_EVENT_PREFIX = 'warmline:event:';

export function isBridgeMethod(name: string): name is BridgeMethodName {
  return (BRIDGE_METHOD_NAMES as readonly string[]).includes(name);
}
export function isBridgeEvent(name: string): name is BridgeEventName {
  return (BRIDGE_EVENT_NAMES as readonly string[]).includes(name);
}

/** What the Electron preload exposes on `window.warmlineHost`: one function per method, plus event subscription. */
export type ElectronBridge = {
  readonly [M in BridgeMethodName]: (payload: unknown) => Promise<unknown>;
} & {
  readonly on: (event: BridgeEventName, listener: (payload: unknown) => void) => () => void;
};
