import type { CallAudio, DialOptions, DialResult, PhonePort } from '../../shared/telephony/phone-port';

/**
 * The phone the rest of the app talks to (`currentPhone()`), over one phone
 * per provider: new calls, the pre-warmed microphone and "Test my connection"
 * go to the active provider's phone; everything about a call goes to the
 * phone that carries it, so a call that was in progress when its provider
 * failed over keeps its controls until it ends. Holds no state of its own.
 */
export type PhoneRoutes = {
  /** The phone on the active provider; null while there is none. */
  active(): PhonePort | null;
  /** The phone carrying this call; null for an unknown call. */
  carrierOf(callId: string): PhonePort | null;
  all(): PhonePort[];
  /** A call was placed on `phone`: it carries it from now on. */
  dialed(callId: string, phone: PhonePort): void;
};

export class PhoneRouter implements PhonePort {
  constructor(private readonly routes: PhoneRoutes) {}

  /** The controller starts and stops the phones it routes to. */
  start(): void {}

  async stop(): Promise<void> {}

  dial(uri: string, remoteName: string, options?: DialOptions): DialResult {
    const phone = this.routes.active();
    if (!phone) return { ok: false, reason: 'Not connected to any phone server yet; wait until it says Registered' };
    const r = phone.dial(uri, remoteName, options);
    if (r.ok) this.routes.dialed(r.id, phone);
    return r;
  }

  renegotiate(id: string, o: { sendAudio: boolean; extraHeaders: string[] }): Promise<{ ok: true } | { ok: false; reason: string }> {
    return this.on(id)?.renegotiate(id, o) ?? Promise.resolve({ ok: false, reason: 'no such call' });
  }

  answer(id: string): void {
    this.on(id)?.answer(id);
  }

  decline(id: string): void {
    this.on(id)?.decline(id);
  }

  hangup(id: string): void {
    this.on(id)?.hangup(id);
  }

  hold(id: string, on: boolean): void {
    this.on(id)?.hold(id, on);
  }

  mute(id: string, on: boolean): void {
    this.on(id)?.mute(id, on);
  }

  sendDtmf(id: string, tones: string): void {
    this.on(id)?.sendDtmf(id, tones);
  }

  transferBlind(id: string, targetUri: string): void {
    this.on(id)?.transferBlind(id, targetUri);
  }

  /** Both legs must be on one phone (one dialog set, one provider); the original's phone decides. */
  completeAttendedTransfer(originalId: string, consultId: string): void {
    this.on(originalId)?.completeAttendedTransfer(originalId, consultId);
  }

  async useMicrophone(deviceId: string | null): Promise<void> {
    await Promise.all(this.routes.all().map((p) => p.useMicrophone(deviceId)));
  }

  networkChanged(reason: string): void {
    for (const p of this.routes.all()) p.networkChanged(reason);
  }

  callStats(id: string): Promise<readonly unknown[] | null> {
    return this.on(id)?.callStats(id) ?? Promise.resolve(null);
  }

  callAudio(id: string): CallAudio {
    return this.on(id)?.callAudio?.(id) ?? { local: null, remote: null };
  }

  prewarm(holdMs: number): Promise<void> {
    return this.routes.active()?.prewarm(holdMs) ?? Promise.resolve();
  }

  measureRegistration(): Promise<{ ok: true; ms: number } | { ok: false; reason: string }> {
    return this.routes.active()?.measureRegistration() ?? Promise.resolve({ ok: false, reason: 'not connected to the PBX' });
  }

  /** A call nobody claimed (it cannot happen: every call arrives through a phone's events) goes to the active phone. */
  private on(id: string): PhonePort | null {
    return this.routes.carrierOf(id) ?? this.routes.active();
  }
}
