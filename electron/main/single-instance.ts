import { dialLinkFromArgv } from './dial-link';

/** What single-instance handling uses of Electron's `app`. */
export type InstanceAppPort = {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  /** macOS delivers links (and the launch link) as open-url, not in argv. */
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
};

/** Someone started Warmline again, or opened a link: show the window, and the link if there is one. */
export type Activation = { link: string | null };

export type SingleInstance = {
  /** false: another Warmline runs for this profile; this process must quit at once (it has told the other). */
  readonly primary: boolean;
  /** Start receiving activations; those that came before (a launch link, an early second instance) are delivered now. */
  onActivate(handler: (activation: Activation) => void): void;
};

/**
 * One Warmline per profile: a second start (or a tel:/sip: link opened
 * while it runs) focuses the running window and passes the link on. Must be
 * called before app ready so a launch link on macOS is not lost; the link
 * this process itself was started with comes in argv.
 */
export function claimSingleInstance(app: InstanceAppPort, argv: readonly string[]): SingleInstance {
  if (!app.requestSingleInstanceLock()) {
    return { primary: false, onActivate: () => undefined };
  }
  let handler: ((a: Activation) => void) | null = null;
  const early: Activation[] = [];
  const deliver = (a: Activation) => {
    if (handler) handler(a);
    else early.push(a);
  };
  const launchLink = dialLinkFromArgv(argv.slice(1));
  if (launchLink !== null) early.push({ link: launchLink });
  app.on('second-instance', (_event, otherArgv) => deliver({ link: dialLinkFromArgv(otherArgv.slice(1)) }));
  app.on('open-url', (event, url) => {
    event.preventDefault();
    deliver({ link: url });
  });
  return {
    primary: true,
    onActivate(h) {
      handler = h;
      for (const a of early.splice(0)) h(a);
    },
  };
}
