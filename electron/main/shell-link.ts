import type { ShellAction } from './shell-contract';

/**
 * What HostServices offers the desktop shell once the contract has
 * `shell.update` and `shell.action` (issue #11 report): a port it forwards
 * each validated shell.update to, and an emitter of shell.action events
 * (which then reach the renderer through registerIpc like every event).
 */
export type ShellHostHooks = {
  shell: { update(state: unknown): void } | null;
  emitShellAction(action: ShellAction): void;
};

export type ShellLink = {
  attach(shell: { update(state: unknown): void }): void;
  sendAction(action: ShellAction): void;
};

/**
 * The host's shell hooks, or null while this HostServices has none (the
 * contract addition is not in yet): then the tray, notifications and links
 * cannot reach the renderer and the shell says so once in the log.
 */
export function shellLinkOf(host: object): ShellLink | null {
  const h = host as Partial<ShellHostHooks>;
  if (!('shell' in h) || typeof h.emitShellAction !== 'function') return null;
  const emit = h.emitShellAction.bind(host);
  return {
    attach: (shell) => {
      h.shell = shell;
    },
    sendAction: (action) => emit(action),
  };
}
