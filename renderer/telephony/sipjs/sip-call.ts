import {
  Invitation,
  Inviter,
  SessionState,
  Web,
  type Core,
  type Info,
  type Notification,
  type Referral,
  type Session,
  type SessionDescriptionHandlerModifier,
} from 'sip.js';
import { describeReinviteFailure, outcomeForUnanswered } from '../../../shared/telephony/call-state';
import { formatDtmfInfo, normalizeDtmf, parseDtmfInfo } from '../../../shared/telephony/dtmf';
import type { CallAudio, PhoneEvents } from '../../../shared/telephony/phone-port';
import { isHoldOffer } from '../../../shared/telephony/sdp-direction';
import { describeTransfer, parseSipfrag, transferProgress } from '../../../shared/telephony/sipfrag';
import type { Clock } from '../background-clock';
import { playRemote, stopRemote } from '../audio/remote-audio';
import { audioSender, describeSendingCodec, markVoiceHighPriority } from './peer-media';

export type CallEnvironment = {
  out: PhoneEvents;
  clock: Clock;
  dtmfMode: 'rfc4733' | 'info';
  modifiers: SessionDescriptionHandlerModifier[];
  /** The far end REFERred this call elsewhere: the phone creates and tracks the new call. */
  onReferral(call: SipCall, referral: Referral): void;
  onTerminated(call: SipCall): void;
};

/** Options for our re-INVITEs; sip.js also answers the far end's re-INVITEs with them, so hold persists. */
function reinviteOptions(hold: boolean, iceRestart = false): Web.SessionDescriptionHandlerOptions {
  return iceRestart ? { hold, offerOptions: { iceRestart: true } } : { hold };
}

/** ICE "disconnected" this long means the path is gone, not a blip: restart ICE. */
const ICE_DISCONNECTED_GRACE_MS = 2500;

/**
 * One SIP call and everything an agent does to it: hold, mute, DTMF, transfer,
 * ICE restart. Owns the sip.js Session's listeners; reports through PhoneEvents.
 */
export class SipCall {
  established = false;
  endedByUs = false;
  finalStatus: number | null = null;
  finalReason = '';
  private held = false;
  private muted = false;
  private replacedBy: string | null = null;
  private referInProgress = false;
  private cancelIceTimer: (() => void) | null = null;

  constructor(
    readonly id: string,
    readonly session: Session,
    readonly direction: 'inbound' | 'outbound',
    private readonly env: CallEnvironment,
  ) {
    session.sessionDescriptionHandlerModifiersReInvite = env.modifiers;
    session.delegate = {
      onInfo: (info) => this.onInfo(info),
      onRefer: (referral) => env.onReferral(this, referral),
      onNotify: (notification) => this.onNotify(notification),
      onInvite: (request) => {
        // A re-INVITE from the far end: hold/resume on their side, or an ICE restart.
        if (request.body) this.env.out.callEvent(this.id, { type: 'remote-hold', held: isHoldOffer(request.body) });
      },
      onSessionDescriptionHandler: (sdh) => {
        if (sdh instanceof Web.SessionDescriptionHandler) this.watchIce(sdh);
      },
    };
    session.stateChange.addListener((state) => this.onState(state));
  }

  get state(): SessionState {
    return this.session.state;
  }

  markReplacedBy(otherId: string): void {
    this.replacedBy = otherId;
  }

  noteFinal(r: Core.IncomingResponse): void {
    this.finalStatus = r.message.statusCode ?? 0;
    this.finalReason = r.message.reasonPhrase ?? '';
  }

  hangup(): void {
    this.endedByUs = true;
    const s = this.session;
    const done = (p: Promise<unknown>) => p.catch((e: unknown) => this.env.out.log('warn', `hang up: ${(e as Error).message}`));
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

  /** Hold sends a re-INVITE; the UI shows "holding" until the far end agrees, and the truth if it refuses. */
  hold(on: boolean): void {
    const { out } = this.env;
    if (this.session.state !== SessionState.Established || on === this.held) return;
    out.callEvent(this.id, { type: on ? 'hold-requested' : 'resume-requested' });
    const fail = (status: number | null, detail: string) => {
      this.session.sessionDescriptionHandlerOptionsReInvite = reinviteOptions(this.held);
      out.callEvent(this.id, { type: on ? 'hold-failed' : 'resume-failed', reason: `${status ?? ''} ${detail}`.trim() });
      out.callDetail(this.id, { type: 'notice', text: describeReinviteFailure(on ? 'hold' : 'resume', status, detail) });
    };
    this.session.sessionDescriptionHandlerOptionsReInvite = reinviteOptions(on);
    this.session
      .invite({
        requestDelegate: {
          onAccept: () => {
            this.held = on;
            this.applySending();
            out.callEvent(this.id, { type: on ? 'hold-confirmed' : 'resume-confirmed' });
          },
          onReject: (r) => fail(r.message.statusCode ?? null, r.message.reasonPhrase ?? ''),
        },
      })
      .catch((e: unknown) => fail(491, (e as Error).message));
  }

  mute(on: boolean): void {
    this.muted = on;
    this.applySending();
    this.env.out.callDetail(this.id, { type: 'muted', muted: on });
  }

  /** Mute disables the track (the far end hears silence); hold sends no audio at all. */
  private applySending(): void {
    const sdh = this.sdh();
    if (!sdh) return;
    const track = sdh.localMediaStream.getAudioTracks()[0] ?? null;
    if (track) track.enabled = !this.muted;
    const sender = audioSender(sdh.peerConnection);
    if (sender) void sender.replaceTrack(this.held ? null : track).catch(() => undefined);
  }

  async sendDtmf(input: string): Promise<void> {
    const tones = normalizeDtmf(input);
    const sdh = this.sdh();
    if (!tones || !sdh || this.session.state !== SessionState.Established) return;
    if (this.env.dtmfMode === 'rfc4733') {
      if (sdh.sendDtmf(tones, { duration: 120, interToneGap: 70 })) return;
      this.env.out.log('warn', 'RFC 4733 DTMF not negotiated on this call; falling back to SIP INFO');
    }
    for (const tone of tones) {
      if (tone === ',') continue;
      const info = formatDtmfInfo(tone, 160);
      if (!info) continue;
      await this.session
        .info({ requestOptions: { body: { contentDisposition: 'render', contentType: info.contentType, content: info.body } } })
        .catch((e: unknown) => this.env.out.log('warn', `DTMF INFO not sent: ${(e as Error).message}`));
    }
  }

  private onInfo(info: Info): void {
    const msg = info.request;
    const dtmf = parseDtmfInfo(msg.getHeader('content-type'), msg.body ?? '');
    if (!dtmf) {
      this.env.out.log('warn', `ignored SIP INFO with content type ${msg.getHeader('content-type') ?? 'none'}`);
      void info.reject({ statusCode: 415 }).catch(() => undefined);
      return;
    }
    void info.accept().catch(() => undefined);
    this.env.out.callDetail(this.id, { type: 'dtmf-received', tone: dtmf.tone });
  }

  /**
   * Send a REFER (RFC 3515) for a blind transfer (`<sip:target>`) or an attended one
   * (`<sip:target?Replaces=...>`). Sent through the dialog directly so the Refer-To is
   * exactly what we built: the target's address of record, routable through any proxy.
   */
  refer(referTo: string): void {
    const dialog = this.session.dialog;
    if (this.session.state !== SessionState.Established || !dialog) {
      this.reportTransfer('failed', 'Transfer needs a connected call');
      return;
    }
    this.reportTransfer('requested', 'Transferring…');
    this.referInProgress = true;
    dialog.refer(
      {
        onReject: (r) => {
          this.referInProgress = false;
          this.reportTransfer('failed', `Transfer refused: ${r.message.statusCode} ${r.message.reasonPhrase}`);
        },
      },
      { extraHeaders: [`Refer-To: ${referTo}`, `Referred-By: <${this.session.localIdentity.uri.toString()}>`] },
    );
  }

  /** Progress of our REFER arrives as NOTIFY with a message/sipfrag body. */
  private onNotify(notification: Notification): void {
    void notification.accept().catch(() => undefined);
    if (!this.referInProgress) return;
    const frag = parseSipfrag(notification.request.body ?? '');
    if (!frag) return;
    const progress = transferProgress(frag.status);
    this.reportTransfer(progress, describeTransfer(progress, frag));
    if (progress === 'succeeded' || progress === 'failed') this.referInProgress = false;
    // RFC 5589: once the transferee reached the target, the transferor leaves.
    if (progress === 'succeeded') this.hangup();
  }

  private reportTransfer(progress: 'requested' | 'trying' | 'ringing' | 'succeeded' | 'failed', text: string): void {
    this.env.out.callDetail(this.id, { type: 'transfer', progress, text });
  }

  /** New network path (transport reconnected, interface changed, ICE failed): re-INVITE with an ICE restart. */
  restartIce(reason: string): void {
    if (this.session.state !== SessionState.Established) return;
    const { out } = this.env;
    out.log('info', `ICE restart on call ${this.id}: ${reason}`);
    out.callDetail(this.id, { type: 'notice', text: 'Network changed: reconnecting the audio…' });
    this.session
      .invite({
        sessionDescriptionHandlerOptions: reinviteOptions(this.held, true),
        requestDelegate: {
          onAccept: () => {
            this.applySending();
            out.callDetail(this.id, { type: 'notice', text: 'Audio reconnected after a network change.' });
          },
          onReject: (r) =>
            out.callDetail(this.id, {
              type: 'notice',
              text: `Could not reconnect the audio (${r.message.statusCode} ${r.message.reasonPhrase}); if you cannot hear the caller, call back.`,
            }),
        },
      })
      .catch((e: unknown) => out.log('warn', `ICE restart not sent: ${(e as Error).message}`))
      .finally(() => {
        // Later re-INVITEs (ours or the far end's) must not restart ICE again.
        this.session.sessionDescriptionHandlerOptionsReInvite = reinviteOptions(this.held);
      });
  }

  /** Replace the microphone track in place: no renegotiation, the far end notices nothing. */
  async switchMicrophone(constraints: MediaTrackConstraints | boolean): Promise<void> {
    const sdh = this.sdh();
    if (!sdh || this.session.state === SessionState.Terminated) return;
    const stream = await navigator.mediaDevices.getUserMedia({ audio: constraints, video: false });
    const next = stream.getAudioTracks()[0];
    if (!next) return;
    const local = sdh.localMediaStream;
    for (const old of local.getAudioTracks()) {
      local.removeTrack(old);
      old.stop();
    }
    local.addTrack(next);
    this.applySending();
  }

  /**
   * Monitoring mode changes (listen -> whisper -> barge -> listen): a re-INVITE
   * with the mode header; the microphone is attached the first time audio must
   * go out (sip.js asks for it with the new constraints) and muted when not.
   */
  async renegotiate(o: { sendAudio: boolean; extraHeaders: string[]; constraints: MediaStreamConstraints }): Promise<{ ok: true } | { ok: false; reason: string }> {
    if (this.session.state !== SessionState.Established) return { ok: false, reason: 'the call is not connected' };
    const sdh = this.sdh();
    const hasMic = (sdh?.localMediaStream.getAudioTracks().length ?? 0) > 0;
    return new Promise((resolve) => {
      this.session
        .invite({
          requestOptions: { extraHeaders: o.extraHeaders },
          sessionDescriptionHandlerOptions: o.sendAudio && !hasMic ? { constraints: o.constraints } : reinviteOptions(this.held),
          requestDelegate: {
            onAccept: () => {
              this.muted = !o.sendAudio;
              this.applySending();
              resolve({ ok: true });
            },
            onReject: (r) => resolve({ ok: false, reason: `${r.message.statusCode} ${r.message.reasonPhrase}` }),
          },
        })
        .catch((e: unknown) => resolve({ ok: false, reason: (e as Error).message }));
    });
  }

  /** getStats() of the call's peer connection as plain objects (null before media or after the end). */
  async stats(): Promise<readonly unknown[] | null> {
    const pc = this.sdh()?.peerConnection;
    if (!pc || pc.connectionState === 'closed') return null;
    const report = await pc.getStats().catch(() => null);
    if (!report) return null;
    const rows: unknown[] = [];
    report.forEach((r: unknown) => rows.push(r));
    return rows;
  }

  /** Our microphone and the far end's audio tracks (see PhonePort.callAudio). */
  audio(): CallAudio {
    const sdh = this.sdh();
    return { local: sdh?.localMediaStream.getAudioTracks()[0] ?? null, remote: sdh?.remoteMediaStream.getAudioTracks()[0] ?? null };
  }

  private sdh(): Web.SessionDescriptionHandler | null {
    const sdh = this.session.sessionDescriptionHandler;
    return sdh instanceof Web.SessionDescriptionHandler ? sdh : null;
  }

  private watchIce(sdh: Web.SessionDescriptionHandler): void {
    const pc = sdh.peerConnection;
    if (!pc) return;
    pc.addEventListener('iceconnectionstatechange', () => {
      this.cancelIceTimer?.();
      this.cancelIceTimer = null;
      if (pc.iceConnectionState === 'failed') this.restartIce('ICE failed');
      else if (pc.iceConnectionState === 'disconnected') {
        this.cancelIceTimer = this.env.clock.after(ICE_DISCONNECTED_GRACE_MS, () => {
          if (pc.iceConnectionState === 'disconnected') this.restartIce('ICE disconnected');
        });
      }
    });
  }

  private onState(state: SessionState): void {
    const { out } = this.env;
    if (state === SessionState.Established) {
      this.established = true;
      const sdh = this.sdh();
      if (sdh) {
        playRemote(this.id, sdh.remoteMediaStream);
        markVoiceHighPriority(sdh.peerConnection);
        void describeSendingCodec(sdh.peerConnection).then((codec) => {
          if (codec) out.callDetail(this.id, { type: 'codec', codec });
        });
      }
      out.callEvent(this.id, { type: 'accepted', at: Date.now() });
    } else if (state === SessionState.Terminated) {
      this.cancelIceTimer?.();
      stopRemote(this.id);
      this.env.onTerminated(this);
      // sip.js terminates the session before it hands the final response to our
      // request delegate; wait a microtask so the SIP status is in the reason.
      queueMicrotask(() =>
        out.callEvent(this.id, {
          type: 'ended',
          at: Date.now(),
          outcome: this.established ? 'answered' : outcomeForUnanswered(this.direction, this.finalStatus, this.endedByUs),
          reason: this.endReason(),
          sipStatus: this.established ? null : this.finalStatus,
        }),
      );
    }
  }

  private endReason(): string {
    if (this.replacedBy) return 'Transferred (replaced by a new call)';
    if (this.finalStatus !== null) return `${this.finalStatus} ${this.finalReason}`.trim();
    if (this.finalReason) return this.finalReason;
    if (this.established) return this.endedByUs ? 'You hung up' : 'The other party hung up';
    if (this.direction === 'inbound') return this.endedByUs ? 'You declined' : 'The caller hung up before it was answered';
    return this.endedByUs ? 'You cancelled the call' : 'The call ended before it was answered';
  }
}
