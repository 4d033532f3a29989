import { outcomeForUnanswered } from '../../../shared/telephony/call-state';
import type { PhoneEvents } from '../../../shared/telephony/phone-port';
import type { Clock } from '../background-clock';
import { TwilioCallQuality } from './twilio-quality';
import type { RTCWarning, SdkCall, TwilioError } from './twilio-sdk-port';

/** Said in the same words as the sip.js adapter's, so history reads the same whatever the provider. */
const CODEC_LABELS: Readonly<Record<string, string>> = { opus: 'Opus 48 kHz', pcmu: 'G.711 µ-law (PCMU) 8 kHz' };

export type TwilioCallEnv = { out: PhoneEvents; clock: Clock; onEnded(call: TwilioCall): void };

/**
 * One Twilio call: SDK Call events in, PhoneEvents out. The SDK's lifecycle
 * is simpler than SIP's (no hold, no re-INVITE, no REFER); what it does have
 * maps onto shared/telephony's call events as follows:
 *   ringing (outgoing)  -> progress           accept      -> accepted
 *   cancel (incoming)   -> ended 'missed'      reject      -> ended 'declined' (we rejected)
 *   disconnect          -> ended: 'answered' once accepted, else by the Twilio error that came with it
 */
export class TwilioCall {
  readonly quality = new TwilioCallQuality();
  private accepted = false;
  private ended = false;
  private endedByUs = false;
  private lastError: TwilioError | null = null;
  private codecReported = false;
  /** The notice each active Twilio warning put up, so clearing it takes down only its own text. */
  private readonly warningNotices = new Map<string, string>();
  private shownNotice: string | null = null;

  constructor(
    readonly id: string,
    readonly sdk: SdkCall,
    readonly direction: 'inbound' | 'outbound',
    private readonly env: TwilioCallEnv,
  ) {
    const { out, clock } = env;
    sdk.on('ringing', () => {
      if (direction === 'outbound' && !this.accepted) out.callEvent(id, { type: 'progress' });
    });
    sdk.on('accept', () => {
      if (this.accepted || this.ended) return;
      this.accepted = true;
      out.callEvent(id, { type: 'accepted', at: clock.now() });
    });
    sdk.on('cancel', () => this.end());
    sdk.on('reject', () => {
      this.endedByUs = true;
      this.end();
    });
    sdk.on('disconnect', () => this.end());
    sdk.on('error', (error) => {
      this.lastError = error;
      out.log('warn', `Twilio call ${id}: ${describeTwilioError(error)}`);
    });
    sdk.on('mute', (isMuted) => out.callDetail(id, { type: 'muted', muted: isMuted }));
    sdk.on('reconnecting', (error) => {
      out.log('warn', `Twilio call ${id} reconnecting: ${describeTwilioError(error)}`);
      this.notice('Network problem: reconnecting the audio…');
    });
    sdk.on('reconnected', () => this.notice('Audio reconnected.'));
    sdk.on('sample', (sample) => {
      this.quality.addSample(sample);
      const label = typeof sample.codecName === 'string' ? CODEC_LABELS[sample.codecName.toLowerCase()] : undefined;
      if (!this.codecReported && label) {
        this.codecReported = true;
        out.callDetail(id, { type: 'codec', codec: label });
      }
    });
    sdk.on('warning', (name, data) => {
      const text = this.quality.raise(name, isRecord(data) ? (data as RTCWarning) : null);
      out.log('warn', `Twilio call ${id}: quality warning ${name}: ${text}`);
      this.warningNotices.set(name, text);
      this.notice(text);
    });
    sdk.on('warning-cleared', (name) => {
      this.quality.clear(name);
      out.log('info', `Twilio call ${id}: quality warning ${name} cleared`);
      const text = this.warningNotices.get(name);
      this.warningNotices.delete(name);
      if (text !== undefined && this.shownNotice === text) this.notice('');
    });
  }

  get isAccepted(): boolean {
    return this.accepted;
  }

  answer(): void {
    this.env.out.callEvent(this.id, { type: 'answer' });
    this.sdk.accept();
  }

  decline(): void {
    this.endedByUs = true;
    this.sdk.reject();
  }

  hangup(): void {
    this.endedByUs = true;
    // An incoming call that is still ringing is rejected (Twilio's reject is the SIP 603 of this world).
    if (this.direction === 'inbound' && !this.accepted) this.sdk.reject();
    else this.sdk.disconnect();
  }

  notice(text: string): void {
    this.shownNotice = text;
    this.env.out.callDetail(this.id, { type: 'notice', text });
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    const sipStatus = this.accepted ? null : sipStatusOf(this.lastError);
    this.env.out.callEvent(this.id, {
      type: 'ended',
      at: this.env.clock.now(),
      outcome: this.accepted ? 'answered' : outcomeForUnanswered(this.direction, sipStatus, this.endedByUs),
      reason: this.reason(sipStatus),
      sipStatus,
    });
    this.sdk.removeAllListeners();
    this.env.onEnded(this);
  }

  private reason(sipStatus: number | null): string {
    const e = this.lastError;
    if (e && !this.endedByUs) return sipStatus !== null ? `${sipStatus} ${e.description || e.message}`.trim() : describeTwilioError(e);
    if (this.accepted) return this.endedByUs ? 'You hung up' : 'The other party hung up';
    if (this.direction === 'inbound') return this.endedByUs ? 'You declined' : 'The caller hung up before it was answered';
    return this.endedByUs ? 'You cancelled the call' : 'The call ended before it was answered';
  }
}

/**
 * Twilio numbers the SIP-derived call failures 31000 + the SIP status
 * (31486 Busy Here, 31603 Decline, 31480 Temporarily Unavailable), so the
 * shared outcome rules (busy, declined, failed) apply to them unchanged.
 */
export function sipStatusOf(error: TwilioError | null): number | null {
  const code = error?.code;
  return typeof code === 'number' && code >= 31400 && code <= 31699 ? code - 31000 : null;
}

export function describeTwilioError(e: TwilioError): string {
  const what = e.description || e.message || 'error';
  return typeof e.code === 'number' ? `Twilio error ${e.code}: ${what}` : what;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
