import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  SIPExtension,
  UserAgent,
  Web,
  type Referral,
  type Session,
  type SessionDescriptionHandlerModifier,
} from 'sip.js';
import type { SipAccount } from '../../../shared/settings/account';
import { reconnectDelayMs } from '../../../shared/telephony/backoff';
import type { CallAudio, DialOptions, DialResult, PhoneEvents, PhonePort } from '../../../shared/telephony/phone-port';
import { failureForStatus } from '../../../shared/telephony/registration-state';
import { applyCodecPolicy } from '../../../shared/telephony/sdp-codec-policy';
import type { Clock } from '../background-clock';
import { OptionsWatchdog, type HealthCheckOptions } from './options-watchdog';
import { WarmMicrophone } from './warm-microphone';
import { SipCall, type CallEnvironment } from './sip-call';
import { LocationInviter, locationHeaders } from './location-inviter';

/** Reconnect waits grow to this, so a PBX back from maintenance sees agents within 15 s. */
const RECONNECT = { baseMs: 500, maxMs: 15_000 };

/**
 * The sip.js adapter: with sip-call.ts, the only code that imports sip.js.
 * Turns UserAgent, Registerer and Session callbacks into PhoneEvents, and owns
 * reconnects, call waiting, transfers and ICE restarts.
 */
/** No microphone at all, but an audio m-line we receive on (sip.js passes offerOptions to createOffer). */
function receiveOnlyMedia(): Web.SessionDescriptionHandlerOptions {
  return { constraints: { audio: false, video: false }, offerOptions: { offerToReceiveAudio: true } };
}

export class SipJsPhone implements PhonePort {
  private readonly ua: UserAgent;
  private readonly registerer: Registerer;
  private readonly calls = new Map<string, SipCall>();
  private readonly watchdog: OptionsWatchdog;
  private readonly modifiers: SessionDescriptionHandlerModifier[];
  private microphone: MediaTrackConstraints | true = true;
  private readonly warmMic = new WarmMicrophone();
  private attempt = 0;
  private cancelRetry: (() => void) | null = null;
  private stopped = false;
  private authFailed = false;
  private wasConnected = false;

  constructor(
    private readonly account: SipAccount,
    password: string,
    private readonly out: PhoneEvents,
    private readonly clock: Clock,
    microphoneId: string | null = null,
  ) {
    const uri = UserAgent.makeURI(account.uri);
    if (!uri) throw new Error(`"${account.uri}" is not a valid SIP URI`);
    this.microphone = microphoneId ? { deviceId: { exact: microphoneId } } : true;
    // Opus FEC/DTX are receiver preferences: applied to remote descriptions too, so our sender uses them.
    const policy = { opusFec: true, opusDtx: account.opusDtx };
    this.modifiers = [async (d) => ({ type: d.type, sdp: d.sdp ? applyCodecPolicy(d.sdp, policy) : d.sdp })];
    this.ua = new UserAgent({
      uri,
      displayName: account.displayName || undefined,
      authorizationUsername: account.authorizationUsername,
      authorizationPassword: password,
      transportOptions: { server: account.server, connectionTimeout: 5, traceSip: false },
      reconnectionAttempts: 0,
      sipExtensionReplaces: SIPExtension.Supported,
      userAgentString: 'Warmline',
      logBuiltinEnabled: false,
      logLevel: 'warn',
      logConnector: (level, category, _label, content) => {
        if (level === 'error' || level === 'warn') this.out.log(level, `${category}: ${content}`);
      },
      sessionDescriptionHandlerFactory: Web.defaultSessionDescriptionHandlerFactory(this.warmMic.factory),
      sessionDescriptionHandlerFactoryOptions: {
        // sip.js defaults to a public STUN server and waits up to 5 s for it; we never wait longer than configured.
        peerConnectionConfiguration: { iceServers: account.iceServers, iceTransportPolicy: account.forceRelay ? 'relay' : 'all' },
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
    this.warmMic.drop();
    for (const call of this.calls.values()) call.hangup();
    try {
      if (this.registerer.state === RegistererState.Registered) await this.registerer.unregister();
    } catch {
      /* going away anyway */
    }
    await this.ua.stop();
    this.out.registration({ type: 'unregistered' });
  }

  dial(target: string, remoteName: string, options: DialOptions = {}): DialResult {
    const uri = UserAgent.makeURI(target);
    if (!uri) return { ok: false, reason: `"${target}" is not a valid SIP address` };
    if (!this.ua.isConnected()) return { ok: false, reason: 'Not connected to the phone server yet; wait until it says Registered' };
    const headers = [...(options.extraHeaders ?? []), ...(options.location ? locationHeaders(options.location.contentId) : [])];
    const inviterOptions = {
      sessionDescriptionHandlerOptions: options.receiveOnly ? receiveOnlyMedia() : this.mediaOptions(),
      sessionDescriptionHandlerModifiers: this.modifiers,
      earlyMedia: true,
      ...(headers.length ? { extraHeaders: headers } : {}),
    };
    const id = crypto.randomUUID();
    const inviter = options.location
      ? new LocationInviter(this.ua, uri, inviterOptions, options.location, (why) =>
          this.out.callDetail(id, { type: 'notice', text: `The location could not be attached, the call went out without it: ${why}` }),
        )
      : new Inviter(this.ua, uri, inviterOptions);
    const call = this.track(id, inviter, 'outbound');
    this.out.log('info', `dialing ${target}${remoteName ? ` (${remoteName})` : ''}`);
    this.sendInvite(inviter, call);
    return { ok: true, id: call.id };
  }

  answer(id: string): void {
    const call = this.calls.get(id);
    if (!call || !(call.session instanceof Invitation)) return;
    this.out.callEvent(id, { type: 'answer' });
    call.session
      .accept({ sessionDescriptionHandlerOptions: this.mediaOptions(), sessionDescriptionHandlerModifiers: this.modifiers })
      .catch((e: unknown) => {
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

  prewarm(holdMs: number): Promise<void> {
    return this.warmMic.prewarm({ audio: this.microphone, video: false }, holdMs);
  }

  async renegotiate(id: string, o: { sendAudio: boolean; extraHeaders: string[] }): Promise<{ ok: true } | { ok: false; reason: string }> {
    const call = this.calls.get(id);
    if (!call) return { ok: false, reason: 'no such call' };
    return call.renegotiate({ ...o, constraints: { audio: this.microphone, video: false } });
  }

  callStats(id: string): Promise<readonly unknown[] | null> {
    return this.calls.get(id)?.stats() ?? Promise.resolve(null);
  }

  callAudio(id: string): CallAudio {
    return this.calls.get(id)?.audio() ?? { local: null, remote: null };
  }

  hangup(id: string): void {
    this.calls.get(id)?.hangup();
  }

  hold(id: string, on: boolean): void {
    this.calls.get(id)?.hold(on);
  }

  mute(id: string, on: boolean): void {
    this.calls.get(id)?.mute(on);
  }

  sendDtmf(id: string, tones: string): void {
    void this.calls.get(id)?.sendDtmf(tones);
  }

  transferBlind(id: string, targetUri: string): void {
    const target = UserAgent.makeURI(targetUri);
    const call = this.calls.get(id);
    if (!call) return;
    if (!target) {
      this.out.callDetail(id, { type: 'transfer', progress: 'failed', text: `"${targetUri}" is not a valid SIP address` });
      return;
    }
    call.refer(`<${target.toString()}>`);
  }

  completeAttendedTransfer(originalId: string, consultId: string): void {
    const original = this.calls.get(originalId);
    const consult = this.calls.get(consultId);
    if (!original || !consult) return;
    if (consult.state !== SessionState.Established) {
      this.out.callDetail(originalId, { type: 'transfer', progress: 'failed', text: 'The consulted party has not answered yet' });
      return;
    }
    // Refer-To names the consulted party's address of record, not its Contact: browser
    // Contacts (*.invalid over WebSocket) are only routable inside their own dialog.
    const dialog = consult.session.dialog;
    const aor = consult.session.remoteIdentity.uri.clone();
    aor.clearHeaders();
    const replaces = dialog ? encodeURIComponent(`${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`) : null;
    if (!replaces) {
      this.out.callDetail(originalId, { type: 'transfer', progress: 'failed', text: 'The consult call has no dialog to replace' });
      return;
    }
    original.refer(`<${aor.toString()}?Replaces=${replaces}>`);
  }

  async useMicrophone(deviceId: string | null): Promise<void> {
    this.microphone = deviceId ? { deviceId: { exact: deviceId } } : true;
    for (const call of this.calls.values()) {
      await call.switchMicrophone(this.microphone).catch((e: unknown) => this.out.log('warn', `microphone switch failed: ${(e as Error).message}`));
    }
  }

  networkChanged(reason: string): void {
    for (const call of this.calls.values()) call.restartIce(reason);
  }

  /** The OPTIONS keep-alive's cadence, and a listener for each check (the failover controller's health check). */
  configureHealthCheck(options: HealthCheckOptions): void {
    this.watchdog.configure(options);
  }

  private mediaOptions() {
    return { constraints: { audio: this.microphone, video: false } };
  }

  private environment(): CallEnvironment {
    return {
      out: this.out,
      clock: this.clock,
      dtmfMode: this.account.dtmfMode,
      modifiers: this.modifiers,
      onReferral: (call, referral) => this.followReferral(call, referral),
      onTerminated: (call) => this.calls.delete(call.id),
    };
  }

  private track(id: string, session: Session, direction: 'inbound' | 'outbound'): SipCall {
    const call = new SipCall(id, session, direction, this.environment());
    this.calls.set(id, call);
    return call;
  }

  private sendInvite(inviter: Inviter, call: SipCall): void {
    inviter
      .invite({
        requestDelegate: {
          onProgress: (r) => {
            if (r.message.statusCode === 180 || r.message.statusCode === 183) this.out.callEvent(call.id, { type: 'progress' });
          },
          onReject: (r) => call.noteFinal(r),
        },
      })
      .catch((e: unknown) => {
        call.finalReason = `Could not start the call: ${(e as Error).message}`;
        this.out.log('error', call.finalReason);
      });
  }

  /** An incoming REFER (we are the transferee): accept it and call the new party (RFC 3515). */
  private followReferral(from: SipCall, referral: Referral): void {
    referral
      .accept()
      .then(() => {
        const inviter = referral.makeInviter({
          sessionDescriptionHandlerOptions: this.mediaOptions(),
          sessionDescriptionHandlerModifiers: this.modifiers,
          earlyMedia: true,
        });
        const call = this.track(crypto.randomUUID(), inviter, 'outbound');
        this.out.outgoing({
          id: call.id,
          remoteUri: referral.referTo.uri.toString().replace(/\?.*$/, ''),
          remoteName: referral.referTo.displayName ?? '',
          referredFromId: from.id,
        });
        this.sendInvite(inviter, call);
      })
      .catch((e: unknown) => this.out.log('error', `REFER could not be followed: ${(e as Error).message}`));
  }

  private onInvite(invitation: Invitation): void {
    const id = crypto.randomUUID();
    const replaced = [...this.calls.values()].find((c) => c.session === invitation.replacee) ?? null;
    this.track(id, invitation, 'inbound');
    replaced?.markReplacedBy(id);
    const remote = invitation.remoteIdentity;
    const msg = invitation.request;
    const signalling = {
      xWarmlineContext: msg.getHeader('X-Warmline-Context') ?? null,
      userToUser: msg.getHeaders('User-to-User'),
      callInfo: msg.getHeaders('Call-Info'),
      from: msg.getHeader('From') ?? null,
      pAssertedIdentity: msg.getHeaders('P-Asserted-Identity'),
      identity: msg.getHeaders('Identity'),
    };
    // Call waiting: a second call rings alongside the first; the controller decides what answering does.
    this.out.incoming({ id, remoteUri: remote.uri.toString(), remoteName: remote.displayName ?? '', signalling, replacesId: replaced?.id ?? null });
  }

  private onConnected(): void {
    this.attempt = 0;
    this.cancelRetry?.();
    this.cancelRetry = null;
    this.out.registration({ type: 'transport-up' });
    this.watchdog.start();
    this.register();
    // After a lost connection, our address may have changed: move calls in progress to the new path.
    if (this.wasConnected) this.networkChanged('signalling connection re-established');
    this.wasConnected = true;
  }

  measureRegistration(): Promise<{ ok: true; ms: number } | { ok: false; reason: string }> {
    if (this.stopped || !this.ua.isConnected()) return Promise.resolve({ ok: false, reason: 'not connected to the PBX' });
    return new Promise((resolve) => {
      const started = performance.now();
      this.register((r) => resolve(r.ok ? { ok: true, ms: performance.now() - started } : r));
    });
  }

  private register(onResult?: (r: { ok: true } | { ok: false; reason: string }) => void): void {
    if (this.stopped) return;
    this.registerer
      .register({
        requestDelegate: {
          // The Registerer stays "Registered" across a lost connection, so its stateChange
          // does not fire on the 200 OK after a reconnect: report every accepted REGISTER.
          onAccept: () => {
            onResult?.({ ok: true });
            this.attempt = 0;
            this.authFailed = false;
            this.out.registration({ type: 'registered', at: Date.now(), expiresSec: this.account.registerExpiresSec });
          },
          onReject: (r) => {
            const code = r.message.statusCode ?? 0;
            const failure = failureForStatus(code);
            const detail = `${code} ${r.message.reasonPhrase}`.trim();
            onResult?.({ ok: false, reason: detail });
            this.authFailed = failure === 'auth';
            // Wrong credentials do not fix themselves and retrying can lock the account: wait for the agent.
            const retryAt = failure === 'auth' ? null : this.scheduleRegister();
            this.out.registration({ type: 'failed', failure, detail, retryAt });
          },
        },
      })
      .catch((e: unknown) => {
        onResult?.({ ok: false, reason: `REGISTER not sent: ${(e as Error).message}` });
        this.out.log('warn', `REGISTER not sent: ${(e as Error).message}`);
      });
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
