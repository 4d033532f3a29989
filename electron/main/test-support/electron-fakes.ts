import type { BrowserWindowConstructorOptions } from 'electron';
import type { CallNotification, CallNotificationOptions } from '../incoming-call-notifier';
import type { PermissionCheckDetails, PermissionRequestDetails } from '../permissions';
import type { SecureSessionLike, SecureWindowLike } from '../secure-window';
import type { ShortcutRegistry } from '../global-shortcuts';
import type { TrayView } from '../desktop-shell';
import type { TrayIcon, TrayMenuItem } from '../tray-menu';

/**
 * Fakes of the narrow Electron ports the main-process modules take, so their
 * tests run in plain Node (no Electron binary needed).
 */

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  removeListener(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
}

/** A navigation-like event: records preventDefault. */
export function navEvent(url: string): { url: string; prevented: boolean; preventDefault(): void } {
  return {
    url,
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

export class FakeWebContents extends Emitter {
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
}

/** A BrowserWindow constructor that records the options of every window made. */
export function fakeBrowserWindowClass() {
  const made: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends Emitter implements SecureWindowLike {
    readonly webContents = new FakeWebContents();
    shown = false;
    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      made.push(this);
    }
    show(): void {
      this.shown = true;
    }
  }
  return { BrowserWindow: FakeBrowserWindow, made };
}
export type FakeBrowserWindow = InstanceType<ReturnType<typeof fakeBrowserWindowClass>['BrowserWindow']>;

type RequestHandler = Parameters<SecureSessionLike['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<SecureSessionLike['setPermissionCheckHandler']>[0];
type HeadersListener = Parameters<SecureSessionLike['webRequest']['onHeadersReceived']>[0];

export class FakeSession implements SecureSessionLike {
  requestHandler: RequestHandler | null = null;
  checkHandler: CheckHandler | null = null;
  deviceHandler: (() => boolean) | null = null;
  headersListener: HeadersListener | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: RequestHandler): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: CheckHandler): void {
    this.checkHandler = handler;
  }
  setDevicePermissionHandler(handler: () => boolean): void {
    this.deviceHandler = handler;
  }

  /** Runs the request handler and resolves with what it granted. */
  request(permission: string, details: PermissionRequestDetails): Promise<boolean> {
    return new Promise((resolve) => this.requestHandler!(null, permission, resolve, details));
  }
  check(permission: string, origin: string, details: PermissionCheckDetails = {}): boolean {
    return this.checkHandler!(null, permission, origin, details);
  }
  /** The response headers after our listener, for a response to `url`. */
  headersFor(url: string, responseHeaders: Record<string, string[]> = {}): Record<string, string[]> | undefined {
    let out: Record<string, string[]> | undefined;
    this.headersListener!({ url, responseHeaders }, (r) => {
      out = r.responseHeaders;
    });
    return out;
  }
}

export class FakeNotification extends Emitter implements CallNotification {
  shown = false;
  closed = false;
  constructor(readonly options: CallNotificationOptions) {
    super();
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
  }
  /** The user pressed button `index` (0 Answer, 1 Decline). */
  press(index: number): void {
    this.emit('action', index);
  }
  click(): void {
    this.emit('click');
  }
}

export function fakeNotifications() {
  const made: FakeNotification[] = [];
  return {
    made,
    create: (options: CallNotificationOptions) => {
      const n = new FakeNotification(options);
      made.push(n);
      return n;
    },
  };
}

export class FakeTray implements TrayView {
  icon: TrayIcon | null = null;
  tooltip = '';
  menu: TrayMenuItem[] = [];
  renders = 0;
  render(icon: TrayIcon, tooltip: string, menu: TrayMenuItem[]): void {
    this.icon = icon;
    this.tooltip = tooltip;
    this.menu = menu;
    this.renders++;
  }
  item(label: string): Extract<TrayMenuItem, { label: string }> {
    const found = this.menu.find((i): i is Extract<TrayMenuItem, { label: string }> => i.type !== 'separator' && i.label === label);
    if (!found) throw new Error(`no tray item "${label}" in ${this.menu.map((i) => (i.type === 'separator' ? '---' : i.label)).join(', ')}`);
    return found;
  }
}

export class FakeShortcutRegistry implements ShortcutRegistry {
  readonly registered = new Map<string, () => void>();
  /** Accelerators another application holds. */
  readonly taken = new Set<string>();
  register(accelerator: string, callback: () => void): boolean {
    if (this.taken.has(accelerator) || this.registered.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  }
  unregister(accelerator: string): void {
    this.registered.delete(accelerator);
  }
  press(accelerator: string): void {
    const cb = this.registered.get(accelerator);
    if (!cb) throw new Error(`${accelerator} is not registered`);
    cb();
  }
}

/** Electron's app, as far as single-instance handling uses it. */
export class FakeInstanceApp extends Emitter {
  constructor(private readonly lock: boolean) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.lock;
  }
}

export class FakePower extends Emitter {}
