import type { RingingCall } from './shell-contract';

/** What the notifier uses of an Electron Notification. */
export type CallNotification = {
  show(): void;
  close(): void;
  on(event: 'action', listener: (actionIndex: number) => void): unknown;
  on(event: 'click' | 'close', listener: () => void): unknown;
};

export type CallNotificationOptions = {
  title: string;
  body: string;
  /** Buttons, where the platform has them (macOS, Windows): Answer, then Decline. */
  actions: { type: 'button'; text: string }[];
  /** Critical and never timing out: a ringing call is not a toast to miss. */
  urgency: 'critical';
  timeoutType: 'never';
  /** The app rings itself (renderer ringer); the notification adds no sound. */
  silent: true;
};

export type IncomingCallNotifierDeps = {
  create(options: CallNotificationOptions): CallNotification;
  /** Notification.isSupported(). */
  supported: boolean;
  /** Whether notification buttons exist here (Electron: macOS and Windows). */
  actionsSupported: boolean;
  /** The window is shown and has focus: the call rings in the app, no notification. */
  windowInForeground(): boolean;
  answer(callId: string): void;
  decline(callId: string): void;
  showWindow(): void;
};

const ANSWER = 0;
const DECLINE = 1;

/**
 * One system notification per call ringing while the window is hidden,
 * minimized or in the background: Answer and Decline buttons where the
 * platform has them, a click shows the window everywhere. It closes when the
 * call stops ringing (answered here or elsewhere, cancelled). Notifications
 * are kept referenced: Electron drops the handlers of collected ones.
 */
export class IncomingCallNotifier {
  /** Per ringing call: its open notification, or null once it was used or dismissed (never shown twice). */
  private readonly shown = new Map<string, CallNotification | null>();

  constructor(private readonly deps: IncomingCallNotifierDeps) {}

  /** The calls ringing now (call it on every state change and when the window hides). */
  update(ringing: readonly RingingCall[]): void {
    const ids = new Set(ringing.map((c) => c.callId));
    for (const [callId, n] of this.shown) {
      if (!ids.has(callId)) {
        this.shown.delete(callId);
        n?.close();
      }
    }
    if (!this.deps.supported || this.deps.windowInForeground()) return;
    for (const call of ringing) {
      if (!this.shown.has(call.callId)) this.notify(call);
    }
  }

  /** How many notifications are open (tests, diagnostics). */
  get openCount(): number {
    return [...this.shown.values()].filter((n) => n !== null).length;
  }

  closeAll(): void {
    for (const n of this.shown.values()) n?.close();
    this.shown.clear();
  }

  private notify(call: RingingCall): void {
    const withButtons = this.deps.actionsSupported;
    const n = this.deps.create({
      title: 'Incoming call',
      body: withButtons ? call.caller : `${call.caller}: click to open Warmline`,
      actions: withButtons
        ? [
            { type: 'button', text: 'Answer' },
            { type: 'button', text: 'Decline' },
          ]
        : [],
      urgency: 'critical',
      timeoutType: 'never',
      silent: true,
    });
    this.shown.set(call.callId, n);
    const done = () => {
      if (this.shown.get(call.callId) === n) this.shown.set(call.callId, null);
    };
    // Used: take it off the screen (Windows would keep it in the Action Center).
    const used = () => {
      done();
      n.close();
    };
    n.on('action', (index) => {
      used();
      if (index === ANSWER) {
        this.deps.showWindow();
        this.deps.answer(call.callId);
      } else if (index === DECLINE) {
        this.deps.decline(call.callId);
      }
    });
    n.on('click', () => {
      used();
      this.deps.showWindow();
    });
    // Dismissed: the call keeps ringing in the app (dismissing is not declining).
    n.on('close', done);
    n.show();
  }
}
