import type { ActiveWarning } from '../../../shared/quality/quality-sample';
import type { DialOptions, DialResult, PhoneEvents, PhonePort } from '../../../shared/telephony/phone-port';
import type { RegistrationFailure } from '../../../shared/telephony/registration-state';
import type { Clock } from '../background-clock';
import { TokenSource, type TokenFetch, type TokenFailure, type TokenGrant } from './token-source';
import { describeTwilioError, TwilioCall } from './twilio-call';
import { remoteOf, twilioSignalling } from './twilio-context';
import type { DeviceConstructor, DeviceOptions, SdkCall, SdkDevice, TwilioError } from './twilio-sdk-port';

export type TwilioPhoneOptions = {
  /** The SDK's Device class (twilio-device.ts in the app, a fake in tests). */
  Device: DeviceConstructor;
  /** The admin-set token URL (docs/twilio.md): answers a Voice access token as JSON {"token"} or the bare JWT. */
  tokenUrl: string;
  fetch: TokenFetch;
  /** Sent with every token request, e.g. an Authorization header whose secret the host keeps in its vault. */
  tokenHeaders?: Record<string, string>;
  /** Twilio edge locations in fallback order (e.g. ['ashburn', 'dublin']); the SDK's default ('roaming') when absent. */
  edge?: string | string[];
  microphoneId?: string | null;
  tokenRefreshLeadMs?: number;
  random?: () => number;
  newId?: () => string;
};

/** Token problems Twilio reports: the token server's configuration (API key, account, TTL) is wrong. */
const AUTH_CODES = new Set([20101, 20151, 31201, 31202, 31203, 31204, 31207]);
const EXPIRED_CODES = new Set([20104, 31205]);
/** The signalling WebSocket to Twilio failed; the SDK reconnects it with its own backoff. */
const CONNECTION_CODES = new Set([31005, 31009, 53000, 53001]);

const NOT_SUPPORTED = {
  hold: 'Hold is not available on Twilio calls: the Voice SDK has no hold. Mute instead, or ask your administrator to hold callers through Twilio (a conference or <Enqueue>).',
  transfer: 'Transfers are not available from Warmline on Twilio calls: transfer through Twilio (TwiML <Dial>, a conference, or Flex).',
  receiveOnly: 'Listen-only calls are not possible on a Twilio account: the Twilio SDK always opens the microphone.',
  renegotiate: 'Twilio calls cannot be renegotiated from the client (no re-INVITE in the Voice SDK).',
  location: 'Twilio calls cannot carry a location (PIDF-LO): the call went out without it. Twilio routes 911 by the emergency address registered on the caller ID number.',
};

/**
 * The Twilio adapter: PhonePort over @twilio/voice-sdk's Device and Call
 * (received by injection, so tests run it against a fake and never load the
 * SDK). Registration here means "the Device is registered for incoming
 * calls with a valid access token", which the token source keeps fresh.
 * What the SDK cannot do (hold, transfer, listen-only, renegotiation, PIDF-LO)
 * is said to the agent in words instead of failing silently.
 */
export class TwilioPhone implements PhonePort {
  private device: SdkDevice | null = null;
  private readonly tokens: TokenSource;
  private readonly calls = new Map<string, TwilioCall>();
  /** Outgoing calls between dial() and Device.connect() resolving; true once the agent hung up meanwhile. */
  private readonly pending = new Map<string, { cancelled: boolean }>();
  private registered = false;
  /** We showed the agent a registration failure while the Device was registered (token expiry) and owe a 'registered'. */
  private owesRegistered = false;
  private stopped = true;
  private microphoneId: string | null;
  /** We called setInputDevice (chosen microphone, prewarm) and must release it when idle. */
  private inputHeld = false;
  private cancelPrewarm: (() => void) | null = null;
  private readonly newId: () => string;

  constructor(
    private readonly o: TwilioPhoneOptions,
    private readonly out: PhoneEvents,
    private readonly clock: Clock,
  ) {
    this.microphoneId = o.microphoneId ?? null;
    this.newId = o.newId ?? (() => crypto.randomUUID());
    this.tokens = new TokenSource(
      { url: o.tokenUrl, fetch: o.fetch, clock, headers: o.tokenHeaders, refreshLeadMs: o.tokenRefreshLeadMs, random: o.random },
      { onToken: (g) => this.onToken(g), onFailure: (f) => this.onTokenFailure(f) },
    );
  }

  start(): void {
    this.stopped = false;
    this.out.registration({ type: 'connect', attempt: 0 });
    this.tokens.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.tokens.stop();
    this.cancelPrewarm?.();
    for (const p of this.pending.values()) p.cancelled = true;
    for (const call of this.calls.values()) call.hangup();
    const device = this.device;
    this.device = null;
    if (device) {
      if (this.registered) await device.unregister().catch(() => undefined); // going away anyway
      device.destroy();
    }
    this.registered = false;
    this.out.registration({ type: 'unregistered' });
  }

  dial(uri: string, remoteName: string, options: DialOptions = {}): DialResult {
    const device = this.device;
    if (!device) return { ok: false, reason: 'Not connected to Twilio yet (no access token); wait until it says Registered' };
    if (options.receiveOnly) return { ok: false, reason: NOT_SUPPORTED.receiveOnly };
    const to = uri.trim().replace(/^tel:/i, '');
    if (!to) return { ok: false, reason: 'Nothing to dial' };
    const id = this.newId();
    const pending = { cancelled: false };
    this.pending.set(id, pending);
    this.out.log('info', `dialing ${to}${remoteName ? ` (${remoteName})` : ''} through Twilio`);
    void this.ensureInput()
      .then(() => device.connect({ params: { To: to, ...headerParams(options.extraHeaders ?? []) } }))
      .then(
        (sdk) => {
          this.pending.delete(id);
          const call = this.track(id, sdk, 'outbound');
          if (options.location) call.notice(NOT_SUPPORTED.location);
          if (pending.cancelled || this.stopped) call.hangup();
        },
        (e: unknown) => {
          this.pending.delete(id);
          const reason = `Could not start the call: ${errorText(e)}`;
          this.out.log('error', reason);
          this.out.callEvent(id, { type: 'ended', at: this.clock.now(), outcome: pending.cancelled ? 'cancelled' : 'failed', reason, sipStatus: null });
          this.releaseInputIfIdle();
        },
      );
    return { ok: true, id };
  }

  answer(id: string): void {
    const call = this.calls.get(id);
    if (!call || call.direction !== 'inbound' || call.isAccepted) return;
    void this.ensureInput().then(() => call.answer());
  }

  decline(id: string): void {
    const call = this.calls.get(id);
    if (call && call.direction === 'inbound' && !call.isAccepted) call.decline();
  }

  hangup(id: string): void {
    const pending = this.pending.get(id);
    if (pending) pending.cancelled = true;
    this.calls.get(id)?.hangup();
  }

  hold(id: string, _on: boolean): void {
    this.calls.get(id)?.notice(NOT_SUPPORTED.hold);
  }

  mute(id: string, on: boolean): void {
    this.calls.get(id)?.sdk.mute(on);
  }

  sendDtmf(id: string, tones: string): void {
    const call = this.calls.get(id);
    if (!call) return;
    // The SDK accepts 0-9 * # and w (a half-second pause); anything else makes it throw.
    const digits = tones.replace(/[^0-9*#w]/g, '');
    if (digits !== tones) this.out.log('warn', `DTMF: dropped characters Twilio cannot send from "${tones}"`);
    if (!digits) return;
    try {
      call.sdk.sendDigits(digits);
    } catch (e) {
      this.out.log('warn', `DTMF not sent: ${errorText(e)}`);
    }
  }

  transferBlind(id: string, _targetUri: string): void {
    if (this.calls.has(id)) this.out.callDetail(id, { type: 'transfer', progress: 'failed', text: NOT_SUPPORTED.transfer });
  }

  completeAttendedTransfer(originalId: string, _consultId: string): void {
    if (this.calls.has(originalId)) this.out.callDetail(originalId, { type: 'transfer', progress: 'failed', text: NOT_SUPPORTED.transfer });
  }

  renegotiate(_id: string, _o: { sendAudio: boolean; extraHeaders: string[] }): Promise<{ ok: true } | { ok: false; reason: string }> {
    return Promise.resolve({ ok: false, reason: NOT_SUPPORTED.renegotiate });
  }

  async useMicrophone(deviceId: string | null): Promise<void> {
    this.microphoneId = deviceId;
    // The SDK moves calls in progress to the new input itself.
    if (this.calls.size > 0 || this.inputHeld) await this.holdInput(deviceId ?? 'default');
  }

  networkChanged(reason: string): void {
    // No public ICE-restart API: the SDK restarts ICE itself when media drops (reconnecting / reconnected events).
    if (this.calls.size > 0) this.out.log('info', `network changed (${reason}); the Twilio SDK recovers the media path by itself`);
  }

  callStats(id: string): Promise<readonly unknown[] | null> {
    return Promise.resolve(this.calls.get(id)?.quality.reports() ?? null);
  }

  /** Twilio's own warnings on a call (its thresholds), in shared/quality's shape; the engine's come from callStats. */
  qualityWarnings(id: string): readonly ActiveWarning[] {
    return this.calls.get(id)?.quality.active() ?? [];
  }

  /** Twilio's own MOS for the last second, for a "Twilio-compatible" figure next to ours. */
  twilioMos(id: string): number | null {
    return this.calls.get(id)?.quality.twilioMos() ?? null;
  }

  /** Open the microphone now through the SDK's AudioHelper, so the next call starts with a live input. */
  async prewarm(holdMs: number): Promise<void> {
    await this.holdInput(this.microphoneId ?? 'default');
    this.cancelPrewarm?.();
    this.cancelPrewarm = this.clock.after(holdMs, () => {
      this.cancelPrewarm = null;
      this.releaseInputIfIdle();
    });
  }

  measureRegistration(): Promise<{ ok: true; ms: number } | { ok: false; reason: string }> {
    return Promise.resolve({ ok: false, reason: 'Twilio accounts do not REGISTER over SIP, so there is no registration to time; the status bar shows whether the Twilio Device is registered' });
  }

  // -------------------------------------------------------------------------

  private onToken(grant: TokenGrant): void {
    if (this.stopped) return;
    if (!this.device) {
      this.device = this.createDevice(grant.token);
      this.register();
      return;
    }
    try {
      this.device.updateToken(grant.token);
    } catch (e) {
      this.out.log('warn', `Twilio token update refused: ${errorText(e)}`);
      return;
    }
    if (this.registered && this.owesRegistered) this.reportRegistered();
    else if (!this.registered) this.register();
  }

  private onTokenFailure(f: TokenFailure): void {
    const grant = this.tokens.current();
    // The Device still holds a valid token: calls work; say so in the log and retry, not in the status bar.
    if (this.registered && grant?.expiresAt != null && grant.expiresAt > this.clock.now()) {
      this.out.log('warn', `Twilio token refresh failed (${f.reason}); the current token is valid for ${Math.round((grant.expiresAt - this.clock.now()) / 1000)} s more`);
      return;
    }
    if (this.registered) this.owesRegistered = true;
    this.out.registration({ type: 'failed', failure: f.failure, detail: f.reason, retryAt: f.retryAt });
  }

  private createDevice(token: string): SdkDevice {
    const options: DeviceOptions = {
      // Call waiting: a second call rings alongside the first, as with SIP; the controller decides.
      allowIncomingWhileBusy: true,
      // The renderer decides about leaving the page; the SDK's beforeunload prompt would get in the way.
      closeProtection: false,
      appName: 'Warmline',
      logLevel: 'warn',
      ...(this.o.edge ? { edge: this.o.edge } : {}),
      ...(this.o.tokenRefreshLeadMs !== undefined ? { tokenRefreshMs: this.o.tokenRefreshLeadMs } : {}),
    };
    const device = new this.o.Device(token, options);
    // Warmline rings with its own ringer, on the ringer device the agent chose. The SDK's other
    // sounds load from sdk.twilio.com, which the renderer's CSP (media-src 'self') would refuse anyway.
    device.audio?.incoming(false);
    device.audio?.outgoing(false);
    device.audio?.disconnect(false);
    device.on('registering', () => this.out.registration({ type: 'transport-up' }));
    device.on('registered', () => {
      this.registered = true;
      this.reportRegistered();
    });
    device.on('unregistered', () => {
      const was = this.registered;
      this.registered = false;
      if (was && !this.stopped) {
        this.out.registration({ type: 'failed', failure: 'unreachable', detail: 'lost the connection to Twilio; reconnecting by itself', retryAt: null });
      }
    });
    device.on('error', (error, call) => this.onDeviceError(error, call ?? null));
    device.on('incoming', (call) => this.onIncoming(call));
    device.on('tokenWillExpire', () => this.tokens.refresh());
    return device;
  }

  private register(): void {
    const device = this.device;
    if (!device || this.stopped) return;
    device.register().catch((e: unknown) => {
      // Twilio's own error event carries the reason (token, network); this is the promise side of it.
      this.out.log('warn', `Twilio register failed: ${errorText(e)}`);
    });
  }

  private reportRegistered(): void {
    this.owesRegistered = false;
    const expiresAt = this.tokens.current()?.expiresAt ?? null;
    const expiresSec = expiresAt === null ? 0 : Math.max(0, Math.round((expiresAt - this.clock.now()) / 1000));
    // expiresSec: how long the current access token lasts (Twilio registrations live as long as the token).
    this.out.registration({ type: 'registered', at: this.clock.now(), expiresSec });
  }

  private onDeviceError(error: TwilioError, sdkCall: SdkCall | null): void {
    const call = sdkCall ? [...this.calls.values()].find((c) => c.sdk === sdkCall) : undefined;
    if (call) return; // the Call's own 'error' event reports it
    const code = typeof error.code === 'number' ? error.code : 0;
    const detail = describeTwilioError(error);
    let failure: RegistrationFailure | null = null;
    let retryAt: number | null = null;
    if (EXPIRED_CODES.has(code)) {
      failure = 'rejected';
      retryAt = this.clock.now();
      this.tokens.refresh();
    } else if (AUTH_CODES.has(code)) failure = 'auth';
    else if (CONNECTION_CODES.has(code)) failure = 'unreachable';
    if (failure === null) {
      this.out.log('error', `Twilio Device: ${detail}`);
      return;
    }
    this.out.log('warn', `Twilio Device: ${detail}`);
    if (this.registered) this.owesRegistered = true;
    this.out.registration({ type: 'failed', failure, detail, retryAt });
  }

  private onIncoming(sdk: SdkCall): void {
    const id = this.newId();
    this.track(id, sdk, 'inbound');
    const { remoteUri, remoteName } = remoteOf(sdk);
    this.out.log('info', `incoming Twilio call ${sdk.parameters.CallSid ?? ''} from ${remoteUri}`.replace(/\s+/g, ' '));
    this.out.incoming({ id, remoteUri, remoteName, signalling: twilioSignalling(sdk), replacesId: null });
  }

  private track(id: string, sdk: SdkCall, direction: 'inbound' | 'outbound'): TwilioCall {
    const call = new TwilioCall(id, sdk, direction, {
      out: this.out,
      clock: this.clock,
      onEnded: (c) => {
        this.calls.delete(c.id);
        this.releaseInputIfIdle();
      },
    });
    this.calls.set(id, call);
    return call;
  }

  /** A chosen microphone must be the SDK's input before a call opens its stream. */
  private async ensureInput(): Promise<void> {
    if (this.microphoneId !== null && !this.inputHeld) await this.holdInput(this.microphoneId);
  }

  private async holdInput(deviceId: string): Promise<void> {
    const audio = this.device?.audio;
    if (!audio) return;
    try {
      await audio.setInputDevice(deviceId);
      this.inputHeld = true;
    } catch (e) {
      this.out.log('warn', `microphone ${deviceId} could not be opened through Twilio: ${errorText(e)}`);
    }
  }

  /** setInputDevice keeps the microphone open (and its indicator lit) until unset: release it between calls. */
  private releaseInputIfIdle(): void {
    if (!this.inputHeld || this.calls.size > 0 || this.pending.size > 0 || this.cancelPrewarm) return;
    this.inputHeld = false;
    void this.device?.audio?.unsetInputDevice().catch(() => undefined);
  }
}

/**
 * Twilio calls carry no SIP headers from the client. Each `Name: value` line
 * becomes a connect parameter named after the header, which the TwiML app
 * receives with the call and may turn back into a header (`<Sip>` URI
 * `?X-Name=value`) or use otherwise.
 */
function headerParams(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const m = /^([A-Za-z0-9-]{1,64})\s*:\s*(.*)$/.exec(line.trim());
    if (m?.[1] && m[1].toLowerCase() !== 'to') Object.defineProperty(out, m[1], { value: (m[2] ?? '').slice(0, 1024), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as TwilioError).code === 'number') return describeTwilioError(e as TwilioError);
  return e instanceof Error ? e.message : String(e);
}
