import type { ScopedLogger } from '../host/logger';
import { parseDialLink } from './dial-link';
import type { ShortcutName } from './global-shortcuts';
import { IncomingCallNotifier, type IncomingCallNotifierDeps } from './incoming-call-notifier';
import { INITIAL_SHELL_STATE, ShellStateSchema, type ShellAction, type ShellState } from './shell-contract';
import type { Activation } from './single-instance';
import { trayIcon, trayMenu, trayTooltip, type TrayCommand, type TrayIcon, type TrayMenuItem } from './tray-menu';

/** The tray as the shell draws it (electron-shell.ts maps it to Tray + Menu). */
export type TrayView = { render(icon: TrayIcon, tooltip: string, menu: TrayMenuItem[]): void };

export type ShellWindow = {
  show(): void;
  /** Shown, not minimized, and focused. */
  inForeground(): boolean;
};

export type DesktopShellDeps = {
  /** null where the desktop has no tray (some Linux desktops): everything else still works. */
  tray: TrayView | null;
  window: ShellWindow;
  notifications: Pick<IncomingCallNotifierDeps, 'create' | 'supported' | 'actionsSupported'>;
  /** Deliver to the renderer (bridge event shell.action). */
  sendAction(action: ShellAction): void;
  /** What only the shell does, from the tray menu. */
  commands: {
    quit(): void;
    exportDiagnostics(): void;
    startAtLogin(): boolean;
    setStartAtLogin(enabled: boolean): void;
  };
  /** A message for the user (the host's notice board). */
  notice(level: 'info' | 'warning' | 'error', message: string, advice: string): void;
  log: ScopedLogger;
};

/** Actions waiting for the renderer: at most one of each kind (the newest wins). */
type Pending = Map<ShellAction['action'], ShellAction>;

/**
 * The desktop shell's state and decisions, Electron-free: the renderer
 * reports the phone (shell.update), the shell draws the tray, raises and
 * closes incoming-call notifications, turns shortcuts, menu clicks and
 * notification buttons into call actions, and opens tel:/sip: links in the
 * dialer. Actions wait while the renderer is not listening (starting,
 * reloading) and go out when it next reports.
 */
export class DesktopShell {
  private state: ShellState = INITIAL_SHELL_STATE;
  private rendererReady = false;
  private readonly pending: Pending = new Map();
  private readonly notifier: IncomingCallNotifier;

  constructor(private readonly deps: DesktopShellDeps) {
    this.notifier = new IncomingCallNotifier({
      ...deps.notifications,
      windowInForeground: () => deps.window.inForeground(),
      answer: (callId) => this.send({ action: 'answer', callId }),
      decline: (callId) => this.send({ action: 'decline', callId }),
      showWindow: () => deps.window.show(),
    });
    this.redraw();
  }

  /** The renderer's report (shell.update). Anything not matching the schema is ignored and logged. */
  update(raw: unknown): void {
    const parsed = ShellStateSchema.safeParse(raw);
    if (!parsed.success) {
      this.deps.log.warn('shell state from the renderer refused', { issue: parsed.error.issues[0]?.message ?? 'invalid' });
      return;
    }
    this.state = parsed.data;
    this.redraw();
    if (!this.rendererReady) {
      this.rendererReady = true;
      const queued = [...this.pending.values()];
      this.pending.clear();
      for (const a of queued) this.deps.sendAction(a);
    }
  }

  /** The page is (re)loading or gone: what it told us no longer holds, and actions must wait for it. */
  rendererReset(): void {
    this.rendererReady = false;
    this.state = INITIAL_SHELL_STATE;
    this.redraw();
  }

  /** The window was hidden, minimized or lost focus: calls ringing now need a notification. */
  windowBackgrounded(): void {
    this.notifier.update(this.state.ringing);
  }

  /** A second start, or a tel:/sip: link from the OS. */
  activate(activation: Activation): void {
    this.deps.window.show();
    if (activation.link === null) return;
    const link = parseDialLink(activation.link);
    if (!link.ok) {
      this.deps.log.warn('dial link refused', { reason: link.reason });
      this.deps.notice('warning', `A link could not be opened in the dialer: ${link.reason}.`, 'Type the number in Number to dial instead.');
      return;
    }
    this.send({ action: 'prefillDial', target: link.target });
  }

  shortcut(name: ShortcutName): void {
    const call = this.state.activeCall;
    switch (name) {
      case 'answer': {
        const ringing = this.state.ringing[0];
        if (!ringing) return;
        this.deps.window.show();
        this.send({ action: 'answer', callId: ringing.callId });
        return;
      }
      case 'hangup':
        if (call) this.send({ action: 'hangup', callId: call.callId });
        return;
      case 'mute':
        if (call) this.send({ action: 'setMuted', callId: call.callId, muted: !call.muted });
        return;
      default:
        return missing(name);
    }
  }

  tray(command: TrayCommand): void {
    if (command.to === 'renderer') {
      if (command.action.action === 'answer') this.deps.window.show();
      this.send(command.action);
      return;
    }
    switch (command.command) {
      case 'show':
        return this.deps.window.show();
      case 'exportDiagnostics':
        return this.deps.commands.exportDiagnostics();
      case 'toggleStartAtLogin':
        this.deps.commands.setStartAtLogin(!this.deps.commands.startAtLogin());
        return this.redraw();
      case 'quit':
        return this.deps.commands.quit();
      default:
        return missing(command.command);
    }
  }

  /** What the shell believes now (tests, diagnostics). */
  current(): ShellState {
    return this.state;
  }

  dispose(): void {
    this.notifier.closeAll();
  }

  private send(action: ShellAction): void {
    if (this.rendererReady) this.deps.sendAction(action);
    else this.pending.set(action.action, action);
  }

  private redraw(): void {
    this.deps.tray?.render(trayIcon(this.state), trayTooltip(this.state), trayMenu(this.state, { startAtLogin: this.deps.commands.startAtLogin() }));
    this.notifier.update(this.state.ringing);
  }
}

function missing(x: never): never {
  throw new Error(`unhandled case ${String(x)}`);
}
