import { EventEmitter } from 'events';
import type { Call, Device } from '@twilio/voice-sdk';
import type { Clock } from '../../background-clock';
import type { TokenFetch, TokenHttpResponse } from '../token-source';
import type { CallEventMap, DeviceConstructor, DeviceEventMap, DeviceOptions, RTCSample, SdkAudio, SdkCall, SdkDevice, TwilioError } from '../twilio-sdk-port';

/**
 * Fakes for @twilio/voice-sdk at its public boundary: Device, Call and the
 * AudioHelper subset, on Node's EventEmitter like the SDK. They implement the
 * adapter's SdkDevice / SdkCall types, which are Picks of the SDK's own
 * classes, and emit only through `fire`, whose arguments are the SDK's
 * documented event signatures: a renamed method or a changed payload in a
 * new SDK version fails to compile here. Behaviour follows the SDK source
 * (2.18): register() refuses unless unregistered; reject() and disconnect()
 * emit synchronously; sendDigits throws on characters other than 0-9 * # w.
 */

export class FakeCall extends EventEmitter implements SdkCall {
  readonly customParameters: Map<string, string>;
  parameters: Record<string, string>;
  readonly callerInfo: Call.CallerInfo | null;
  accepted = false;
  rejected = false;
  disconnected = false;
  private muted = false;
  readonly digits: string[] = [];

  constructor(o: { custom?: Record<string, string>; parameters?: Record<string, string> } = {}) {
    super();
    this.customParameters = new Map(Object.entries(o.custom ?? {}));
    this.parameters = o.parameters ?? {};
    // As the SDK derives it (call.ts): verified only for A-level attestation that passed.
    const stir = this.parameters.StirStatus;
    this.callerInfo = stir ? { isVerified: stir === 'TN-Validation-Passed-A' } : null;
  }

  /** Emit an SDK event with exactly the SDK's listener arguments. */
  fire<K extends keyof CallEventMap>(event: K, ...args: Parameters<CallEventMap[K]>): void {
    this.emit(event, ...args);
  }

  accept(_options?: Call.AcceptOptions): void {
    this.accepted = true; // the SDK emits 'accept' later, once media is up: tests fire it
  }

  disconnect(): void {
    if (this.disconnected) return;
    this.disconnected = true;
    this.fire('disconnect', this);
  }

  reject(): void {
    this.rejected = true;
    this.fire('reject');
  }

  ignore(): void {
    this.rejected = true;
  }

  mute(shouldMute = true): void {
    const changed = shouldMute !== this.muted;
    this.muted = shouldMute;
    if (changed) this.fire('mute', shouldMute, this);
  }

  isMuted(): boolean {
    return this.muted;
  }

  sendDigits(digits: string): void {
    if (/[^0-9*#w]/.test(digits)) throw new Error('Illegal character passed into sendDigits');
    this.digits.push(digits);
  }
}

export class FakeAudio implements SdkAudio {
  incomingSound: boolean | null = null;
  outgoingSound: boolean | null = null;
  disconnectSound: boolean | null = null;
  input: string | null = null;
  readonly inputHistory: (string | null)[] = [];

  incoming(doEnable?: boolean): boolean {
    if (doEnable !== undefined) this.incomingSound = doEnable;
    return this.incomingSound ?? true;
  }

  outgoing(doEnable?: boolean): boolean {
    if (doEnable !== undefined) this.outgoingSound = doEnable;
    return this.outgoingSound ?? true;
  }

  disconnect(doEnable?: boolean): boolean {
    if (doEnable !== undefined) this.disconnectSound = doEnable;
    return this.disconnectSound ?? true;
  }

  setInputDevice(deviceId: string): Promise<void> {
    this.input = deviceId;
    this.inputHistory.push(deviceId);
    return Promise.resolve();
  }

  unsetInputDevice(): Promise<void> {
    this.input = null;
    this.inputHistory.push(null);
    return Promise.resolve();
  }
}

type State = `${Device.State}`;

export class FakeDevice extends EventEmitter implements SdkDevice {
  state: State = 'unregistered';
  readonly tokens: string[];
  readonly audio = new FakeAudio();
  readonly connects: { options: Device.ConnectOptions | undefined; call: FakeCall }[] = [];
  /** When set, the next connect() rejects with it (microphone denied, bad token...). */
  failNextConnect: Error | null = null;
  /** Register answers 'registered' on its own (as Twilio does within a few hundred ms). */
  autoRegister = true;

  constructor(
    token: string,
    readonly options?: DeviceOptions,
  ) {
    super();
    this.tokens = [token];
  }

  fire<K extends keyof DeviceEventMap>(event: K, ...args: Parameters<DeviceEventMap[K]>): void {
    this.emit(event, ...args);
  }

  register(): Promise<void> {
    if (this.state !== 'unregistered') return Promise.reject(new Error(`Attempt to register when device is in state "${this.state}".`));
    this.state = 'registering';
    this.fire('registering');
    if (this.autoRegister) queueMicrotask(() => this.completeRegistration());
    return Promise.resolve();
  }

  completeRegistration(): void {
    this.state = 'registered';
    this.fire('registered');
  }

  unregister(): Promise<void> {
    if (this.state !== 'registered') return Promise.reject(new Error(`Attempt to unregister when device is in state "${this.state}".`));
    this.state = 'unregistered';
    this.fire('unregistered');
    return Promise.resolve();
  }

  updateToken(token: string): void {
    if (this.state === 'destroyed') throw new Error('Attempt to "updateToken" when device is in state "destroyed".');
    this.tokens.push(token);
  }

  destroy(): void {
    this.state = 'destroyed';
    this.removeAllListeners();
  }

  connect(options?: Device.ConnectOptions): Promise<SdkCall> {
    if (this.failNextConnect) {
      const e = this.failNextConnect;
      this.failNextConnect = null;
      return Promise.reject(e);
    }
    const call = new FakeCall({ custom: options?.params ?? {} });
    this.connects.push({ options, call });
    return Promise.resolve(call);
  }

  /** Twilio rings this Device: an incoming call with TwiML <Parameter>s and Twilio's call parameters. */
  ring(custom: Record<string, string>, parameters: Record<string, string> = {}): FakeCall {
    const call = new FakeCall({ custom, parameters: { CallSid: 'CA0123456789abcdef0123456789abcdef', ...parameters } });
    this.fire('incoming', call);
    return call;
  }
}

/** A Device class whose instances the test can reach (one per adapter under test). */
export function fakeTwilioSdk(): { Device: DeviceConstructor; devices: FakeDevice[]; device(): FakeDevice } {
  const devices: FakeDevice[] = [];
  class Recorded extends FakeDevice {
    constructor(token: string, options?: DeviceOptions) {
      super(token, options);
      devices.push(this);
    }
  }
  return {
    Device: Recorded,
    devices,
    device() {
      const d = devices[devices.length - 1];
      if (!d) throw new Error('no Device was constructed');
      return d;
    },
  };
}

/** A TwilioError as the SDK builds them (errors/generated.ts): code, description, explanation, causes, solutions. */
export function twilioError(code: number, description: string): TwilioError {
  return { name: 'TwilioError', code, description, message: `${description}`, explanation: description, causes: [], solutions: [] };
}

export type SampleSecond = { rttMs: number; jitterMs: number; lossPct?: number; codec?: 'opus' | 'pcmu'; mos?: number | null };

/** RTCSamples as the SDK's StatsMonitor builds them each second: per-second deltas plus cumulative totals. */
export class SampleFeed {
  private n = 0;
  private readonly totals = { bytesReceived: 0, bytesSent: 0, packetsLost: 0, packetsReceived: 0, packetsSent: 0 };

  next(o: SampleSecond): RTCSample {
    const perSecond = 50; // 20 ms packets
    const lost = Math.round((perSecond * (o.lossPct ?? 0)) / 100);
    const received = perSecond - lost;
    const t = this.totals;
    this.n++;
    t.bytesReceived += received * 160;
    t.bytesSent += perSecond * 160;
    t.packetsLost += lost;
    t.packetsReceived += received;
    t.packetsSent += perSecond;
    return {
      audioInputLevel: 12000,
      audioOutputLevel: 11000,
      bytesReceived: received * 160,
      bytesSent: perSecond * 160,
      codecName: o.codec ?? 'opus',
      jitter: o.jitterMs,
      mos: o.mos ?? null,
      packetsLost: lost,
      packetsLostFraction: (100 * lost) / perSecond,
      packetsReceived: received,
      packetsSent: perSecond,
      rtt: o.rttMs,
      timestamp: 1_700_000_000_000 + this.n * 1000,
      totals: { ...t, packetsLostFraction: t.packetsReceived + t.packetsLost > 0 ? (100 * t.packetsLost) / (t.packetsReceived + t.packetsLost) : 100 },
    };
  }
}

/** A clock the test moves by hand; timers scheduled while advancing run in time order. */
export class ManualClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: { at: number; seq: number; fn: () => void }[] = [];

  constructor(start = 1_700_000_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }

  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next || next.at > end) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }

  pending(): number {
    return this.timers.length;
  }
}

/** An unsigned JWT with the claims the adapter reads (Twilio's AccessToken has the same shape, signed). */
export function accessToken(o: { iat: number; exp: number; identity?: string }): string {
  const b64 = (v: object) => btoa(JSON.stringify(v)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${b64({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' })}.${b64({ iat: o.iat, exp: o.exp, grants: { identity: o.identity ?? 'agent-7', voice: { incoming: { allow: true } } } })}.c2ln`;
}

export type FetchCall = { url: string; headers: Record<string, string> };
type Answer = { status: number; body?: string } | Error | 'hang';

/** A token URL that answers from a script of responses (the last one repeats). */
export function scriptedTokenUrl(answers: Answer[]): { fetch: TokenFetch; calls: FetchCall[] } {
  const calls: FetchCall[] = [];
  const fetch: TokenFetch = (url, init) => {
    calls.push({ url, headers: init.headers });
    const a = answers.length > 1 ? answers.shift() : answers[0];
    if (a === undefined) return Promise.reject(new Error('no scripted answer'));
    if (a === 'hang') {
      return new Promise<TokenHttpResponse>((_resolve, reject) => init.signal.addEventListener('abort', () => reject(new Error('The operation was aborted'))));
    }
    if (a instanceof Error) return Promise.reject(a);
    const res: TokenHttpResponse = { ok: a.status >= 200 && a.status < 300, status: a.status, statusText: STATUS_TEXT[a.status] ?? '', text: () => Promise.resolve(a.body ?? '') };
    return Promise.resolve(res);
  };
  return { fetch, calls };
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 401: 'Unauthorized', 403: 'Forbidden', 500: 'Internal Server Error', 503: 'Service Unavailable' };

/** Let promise chains (fetch -> text -> token -> Device) settle. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
