import {
  Inviter,
  Invitation,
  Registerer,
  RegistererState,
  SessionState,
  UserAgent,
  Web,
  type Core,
  type Session,
} from 'sip.js';
import type { SipAccount } from '../../../shared/settings/account';
import { reconnectDelayMs } from '../../../shared/telephony/backoff';
import { outcomeForUnanswered } from '../../../shared/telephony/call-state';
import type { DialResult, PhoneEvents, PhonePort } from '../../../shared/telephony/phone-port';
import { failureForStatus } from '../../../shared/telephony/registration-state';
import type { Clock } from '../background-clock';
import { playRemote, stopRemote } from '../audio/remote-audio';
import { OptionsWatchdog } from './options-watchdog';

type TrackedCall = {
  session: Session;
  direction: 'inbound' | 'outbound';
  established: boolean;
  endedByUs: boolean;
  finalStatus: number | null;
  finalReason: string;
};

const AUDIO_ONLY = { constraints: { audio: true, video: false } };
/** Reconnect waits grow to this, so a PBX back from maintenance sees agents within 15 s. */
const RECONNECT = { baseMs: 500, maxMs: 15_000 };

/**
 * The sip.js adapter: the only module that imports sip.js. Turns UserAgent,
 * Registerer and Session callbacks into PhoneEvents, and owns reconnects.
 */
export class SipJsPhone implements PhonePort {
  private readonly ua: UserAgent;
  private readonly registerer: Registerer;
  private readonly calls = new Map<string, TrackedCall>();
  private readonly watchdog: OptionsWatchdog;
  private attempt = 0;
  private cancelRetry: (() => void) | null = null;
  private stopped = false;
  private authFailed = false;

  constructor(
    private readonly account: SipAccount,
    password: string,
    private readonly out: PhoneEvents,
    private readonly clock: Clock,
  ) {
    const uri = UserAgent.makeURI(account.uri);
    if (!uri) throw new Error(`"${account.uri}" is not a valid SIP URI`);
    this.ua = new UserAgent({
      uri,
      displayName: account.displayName || undefined,
      authorizationUsername: account.authorizationUsername,
      authorizationPassword: password,
      transportOptions: { server: account.server, connectionTimeout: 5, traceSip: false },
      reconnectionAttempts: 0,
      userAgentString: 'Warmline',
      logBuiltinEnabled: false,
      logLevel: 'warn',
      logConnector: (level, category, _label, content) => {
        if (level === 'error' || level === 'warn') this.out.log(level, `${category}: ${content}`);
      },
      sessionDescriptionHandlerFactoryOptions: {
        // sip.js defaults to a public STUN server and waits up to 5 s for it; we never wait longer than configured.
        peerConnectionConfiguration: { iceServers: account.iceServers },
        iceGatheringTimeout: account.iceGatheringTimeoutMs,
      },
      delegate: {
        onConnect: () => this.onConnected(),
        onDisconnect: (error) => this.onDisconnected(error),
        onInvite: (invitation) => this.onInvite(invitation),
      },
    });
    this.registerer = new Registerer(this.ua, { expires: account.registerExpiresSec, refreshFrequency: 85 });
    this.registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Registered) {
        this.out.registration({ type: 'registered', at: Date.now(), expiresSec: account.registerExpiresSec });
      } else if (state === RegistererState.Unregistered && !this.stopped && this.ua.isConnected() && !this.authFailed) {
        // A refresh failed behind our back: register again rather than sit silently unreachable.
        this.scheduleRegister();
      }
    });
    this.watchdog = new OptionsWatchdog(this.ua, clock, () => this.onServerSilent());
  }

  start(): void {
    this.stopped = false;
    this.out.registration({ type: 'connect', attempt: 0 });
    this.ua.start().catch((e: unknown) => this.onDisconnected(e instanceof Error ? e : new Error(String(e))));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelRetry?.();
    this.watchdog.stop();
    for (const id of [...this.calls.keys()]) this.hangup(id);
    try {
      if (this.registerer.state === RegistererState.Registered) await this.registerer.unregister();
    } catch {
      /* going away anyway */
    }
    await this.ua.stop();
    this.out.registration({ type: 'unregistered' });
  }

  dial(target: string, remoteName: string): DialResult {
    const uri = UserAgent.makeURI(target);
    if (!uri) return { ok: false, reason: `"${target}" is not a valid SIP address` };
    if (!this.ua.isConnected()) return { ok: false, reason: 'Not connected to the phone server yet; wait until it says Registered' };
    const id = crypto.randomUUID();
    const inviter = new Inviter(this.ua, uri, { sessionDescriptionHandlerOptions: AUDIO_ONLY, earlyMedia: true });
    const call = this.track(id, inviter, 'outbound');
    this.out.log('info', `dialing ${target}${remoteName ? ` (${remoteName})` : ''}`);
    inviter
      .invite({
        requestDelegate: {
          onProgress: (r) => {
            if (r.message.statusCode === 180 || r.message.statusCode === 183) this.out.callEvent(id, { type: 'progress' });
          },
          onReject: (r) => this.noteFinal(call, r),
        },
      })
      .catch((e: unknown) => {
        call.finalReason = `Could not start the call: ${(e as Error).message}`;
        this.out.log('error', call.finalReason);
      });
    return { ok: true, id };
  }

  answer(id: string): void {
    const call = this.calls.get(id);
    if (!call || !(call.session instanceof Invitation)) return;
    this.out.callEvent(id, { type: 'answer' });
    call.session.accept({ sessionDescriptionHandlerOptions: AUDIO_ONLY }).catch((e: unknown) => {
      call.finalReason = `Could not answer: ${(e as Error).message}`;
      this.out.log('error', call.finalReason);
    });
  }

  decline(id: string): void {
    const call = this.calls.get(id);
    if (!call || !(call.session instanceof Invitation)) return;
    call.endedByUs = true;
    call.session.reject({ statusCode: 603, reasonPhrase: 'Decline' }).catch(() => undefined);
  }

  hangup(id: string): void {
    const call = this.calls.get(id);
    if (!call) return;
    call.endedByUs = true;
    const s = call.session;
    const done = (p: Promise<unknown>) => p.catch((e: unknown) => this.out.log('warn', `hang up: ${(e as Error).message}`));
    switch (s.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (s instanceof Inviter) done(s.cancel());
        else if (s instanceof Invitation) done(s.reject({ statusCode: 603 }));
        break;
      case SessionState.Established:
        done(s.bye());
        break;
      case SessionState.Terminating:
      case SessionState.Terminated:
        break;
    }
  }

  private track(id: string, session: Session, direction: 'inbound' | 'outbound'): TrackedCall {
    const call: TrackedCall = { session, direction, established: false, endedByUs: false, finalStatus: null, finalReason: '' };
    this.calls.set(id, call);
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        call.established = true;
        const sdh = session.sessionDescriptionHandler;
        if (sdh instanceof Web.SessionDescriptionHandler) playRemote(id, sdh.remoteMediaStream);
        this.out.callEvent(id, { type: 'accepted', at: Date.now() });
      } else if (state === SessionState.Terminated) {
        stopRemote(id);
        this.calls.delete(id);
        // sip.js terminates the session before it hands the final response to our
        // request delegate; wait a microtask so the SIP status is in the reason.
        queueMicrotask(() => this.out.callEvent(id, {
          type: 'ended',
          at: Date.now(),
          outcome: call.established ? 'answered' : outcomeForUnanswered(direction, call.finalStatus, call.endedByUs),
          reason: this.endReason(call),
        }));
      }
    });
    return call;
  }

  private endReason(call: TrackedCall): string {
    if (call.finalStatus !== null) return `${call.finalStatus} ${call.finalReason}`.trim();
    if (call.finalReason) return call.finalReason;
    if (call.established) return call.endedByUs ? 'You hung up' : 'The other party hung up';
    if (call.direction === 'inbound') return call.endedByUs ? 'You declined' : 'The caller hung up before it was answered';
    return call.endedByUs ? 'You cancelled the call' : 'The call ended before it was answered';
  }

  private noteFinal(call: TrackedCall, r: Core.IncomingResponse): void {
    call.finalStatus = r.message.statusCode ?? 0;
    call.finalReason = r.message.reasonPhrase ?? '';
  }

  private onInvite(invitation: Invitation): void {
    const id = crypto.randomUUID();
    const busy = [...this.calls.values()].some((c) => c.session.state !== SessionState.Terminated);
    const remote = invitation.remoteIdentity;
    const call = this.track(id, invitation, 'inbound');
    this.out.incoming({ id, remoteUri: remote.uri.toString(), remoteName: remote.displayName ?? '' });
    if (busy) {
      // Call waiting arrives with the call-controls work; until then the caller hears busy, and history shows it.
      call.finalStatus = 486;
      call.finalReason = 'Busy Here (already on a call)';
      invitation.reject({ statusCode: 486 }).catch(() => undefined);
    }
  }

  private onConnected(): void {
    this.attempt = 0;
    this.cancelRetry?.();
    this.cancelRetry = null;
    this.out.registration({ type: 'transport-up' });
    this.watchdog.start();
    this.register();
  }

  private register(): void {
    if (this.stopped) return;
    this.registerer
      .register({
        requestDelegate: {
          // The Registerer stays "Registered" across a lost connection, so its stateChange
          // does not fire on the 200 OK after a reconnect: report every accepted REGISTER.
          onAccept: () => {
            this.attempt = 0;
            this.authFailed = false;
            this.out.registration({ type: 'registered', at: Date.now(), expiresSec: this.account.registerExpiresSec });
          },
          onReject: (r) => {
            const code = r.message.statusCode ?? 0;
            const failure = failureForStatus(code);
            const detail = `${code} ${r.message.reasonPhrase}`.trim();
            this.authFailed = failure === 'auth';
            // Wrong credentials do not fix themselves and retrying can lock the account: wait for the agent.
            const retryAt = failure === 'auth' ? null : this.scheduleRegister();
            this.out.registration({ type: 'failed', failure, detail, retryAt });
          },
        },
      })
      .catch((e: unknown) => this.out.log('warn', `REGISTER not sent: ${(e as Error).message}`));
  }

  private scheduleRegister(): number {
    const delay = reconnectDelayMs(this.attempt++, Math.random(), RECONNECT);
    this.cancelRetry?.();
    this.cancelRetry = this.clock.after(delay, () => {
      this.cancelRetry = null;
      if (this.ua.isConnected()) this.register();
    });
    return this.clock.now() + delay;
  }

  private onDisconnected(error?: Error): void {
    if (this.stopped) return;
    this.watchdog.stop();
    if (this.cancelRetry) return; // a reconnect is already scheduled
    const delay = reconnectDelayMs(this.attempt++, Math.random(), RECONNECT);
    this.out.registration({
      type: 'failed',
      failure: 'unreachable',
      detail: error?.message ? shortTransportError(error.message) : 'connection closed',
      retryAt: this.clock.now() + delay,
    });
    this.cancelRetry = this.clock.after(delay, () => {
      this.cancelRetry = null;
      if (this.stopped) return;
      this.out.registration({ type: 'connect', attempt: this.attempt });
      this.ua.reconnect().catch((e: unknown) => this.onDisconnected(e instanceof Error ? e : new Error(String(e))));
    });
  }

  /** The server stopped answering OPTIONS while the socket stayed open (hung, or a dead NAT path). */
  private onServerSilent(): void {
    this.out.log('warn', 'phone server stopped answering keep-alives; reconnecting');
    void this.ua.transport.disconnect().then(() => this.onDisconnected(new Error('server stopped answering')));
  }
}

function shortTransportError(message: string): string {
  if (/websocket closed|connection|refused|error/i.test(message)) return 'cannot reach the WebSocket server';
  return message.slice(0, 120);
}
