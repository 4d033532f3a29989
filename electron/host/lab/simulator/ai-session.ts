import { Inviter, SessionState, UserAgent, type Invitation, type UserAgent as UA } from 'sip.js';
import { encodeContextHeader } from '../../../../shared/context/carriers';
import { buildLabContext, type SpokenTurn } from '../../../../shared/lab/lab-context';
import type { OpusPacket } from '../../../../shared/lab/ogg-opus';
import { spokenLines, type Scenario } from '../../../../shared/lab/scenario';
import type { FeedEvent, FeedPublisher } from './feed-publisher';
import { WeriftSessionDescriptionHandler } from './werift-sdh';

export type SessionEnv = {
  ua: UA;
  feed: FeedPublisher;
  /** The human agent's address of record, e.g. sip:agent@lab.warmline.test. */
  agentUri: string;
  /** How long after "transfer requested" the INVITE leaves: the agent's app pre-warms meanwhile. */
  prewarmLeadMs: number;
  /** Pause between turns, ms. */
  turnGapMs: number;
  /** 1 = turns take as long as their audio; larger runs the AI conversation faster (benchmarks). */
  pace: number;
  /** How long the agent may let a transfer ring before the AI takes the caller back. */
  ringTimeoutMs: number;
  log: (level: 'info' | 'warn', message: string) => void;
  sleep: (ms: number) => Promise<void>;
};

export type SessionPhase = 'talking-to-ai' | 'transferring' | 'with-agent' | 'ended';
export type MonitorMode = 'listen' | 'whisper' | 'barge';
/** The header a supervisor's monitor call names its mode in (INVITE and re-INVITE). */
export const MONITOR_MODE_HEADER = 'X-Warmline-Monitor-Mode';

const modeOf = (value: string | undefined): MonitorMode => (value === 'whisper' || value === 'barge' ? value : 'listen');

/**
 * One simulated AI conversation: the turns are "spoken" at the pace of their
 * audio and published to the hub as they happen; a transfer scenario then
 * calls the human agent with the context (X-Warmline-Context) and plays the
 * caller's voice over real WebRTC until the agent hangs up.
 */
export class LabAiSession {
  phase: SessionPhase = 'talking-to-ai';
  /** Epoch ms of the first RTP packet from the agent on the transfer call. */
  firstRtpFromAgentAt: number | null = null;
  private seq = 0;
  private spoken: SpokenTurn[] = [];
  private stopped = false;
  private inviter: Inviter | null = null;
  /** A supervisor asked for the transfer now: the remaining scripted turns are skipped. */
  private transferNow = false;
  /** Ends the pause of the turn being spoken (a guided transfer does not wait for the line to finish). */
  private interrupt: (() => void) | null = null;
  /** Supervisors listening in: each gets every line of the conversation as it is spoken. */
  private readonly monitors = new Set<WeriftSessionDescriptionHandler>();

  constructor(
    readonly id: string,
    readonly scenario: Scenario,
    private readonly audio: readonly (readonly OpusPacket[])[],
    private readonly env: SessionEnv,
  ) {}

  private emit(type: string, fields: Record<string, unknown>): void {
    const event: FeedEvent = { version: 'warmline.feed/1', sessionId: this.id, seq: this.seq++, at: new Date().toISOString(), type, ...fields };
    this.env.feed.publish(event);
  }

  async run(): Promise<void> {
    const s = this.scenario;
    this.emit('session.started', { caller: { name: s.caller.name, number: s.caller.number }, aiAgent: { name: s.aiAgent.name }, platform: 'Warmline Lab', language: s.language });
    for (const [i, turn] of s.turns.entries()) {
      if (this.stopped) return;
      this.broadcast(i);
      await this.pause((this.lineMs(i) + this.env.turnGapMs) / this.env.pace);
      if (this.stopped) return;
      if (this.transferNow) break;
      const at = new Date().toISOString();
      this.spoken.push({ speaker: turn.speaker, text: turn.text, at });
      this.emit('transcript.turn', { speaker: turn.speaker, text: turn.text, final: true });
      for (const u of s.updates.filter((x) => x.afterTurn === i + 1)) {
        const { afterTurn: _n, ...rest } = u;
        this.emit('session.updated', rest);
      }
      this.emit('quality.sample', { mos: 4.3 + Math.round(Math.random() * 10) / 100, jitterMs: 3 + Math.round(Math.random() * 4), lossPct: 0, rttMs: 40 + Math.round(Math.random() * 20) });
    }
    if (this.stopped) return;
    if (s.outcome.kind === 'resolved' && !this.transferNow) {
      this.finish('resolved');
      return;
    }
    await this.transfer();
  }

  stop(): void {
    this.stopped = true;
    this.interrupt?.();
    const inv = this.inviter;
    if (inv && inv.state === SessionState.Established) void inv.bye().catch(() => undefined);
    else if (inv && (inv.state === SessionState.Initial || inv.state === SessionState.Establishing)) void inv.cancel().catch(() => undefined);
    if (this.phase !== 'ended') this.finish('abandoned');
  }

  /**
   * A supervisor's note (relayed by the hub): said into the transcript, then
   * acted on. "Transfer" in a transfer scenario still with the AI hands the
   * caller over at once; anything else is acknowledged only.
   */
  guidance(text: string): void {
    if (this.phase === 'ended' || this.stopped) return;
    this.emit('transcript.turn', { speaker: 'ai', text: `(Guidance received: "${text}")`, final: true });
    const wantsTransfer = /transfer/i.test(text) && this.scenario.outcome.kind === 'transfer' && this.phase === 'talking-to-ai';
    this.env.log('info', `lab: ${this.id} got guidance${wantsTransfer ? '; transferring now' : ''}`);
    if (!wantsTransfer) return;
    this.transferNow = true;
    this.interrupt?.();
  }

  private async pause(ms: number): Promise<void> {
    await Promise.race([this.env.sleep(ms), new Promise<void>((r) => (this.interrupt = r))]);
    this.interrupt = null;
  }

  /** A supervisor's monitor call (sip:monitor-<session>@...): answered with the session's audio. */
  monitor(invitation: Invitation): void {
    if (this.phase === 'ended') {
      void invitation.reject({ statusCode: 404, reasonPhrase: 'Session Ended' }).catch(() => undefined);
      return;
    }
    let mode = modeOf(invitation.request.getHeader(MONITOR_MODE_HEADER));
    this.noteMode(mode);
    invitation.delegate = {
      onInvite: (request) => {
        const next = modeOf(request.getHeader(MONITOR_MODE_HEADER));
        if (next !== mode) this.noteMode((mode = next));
      },
    };
    invitation.stateChange.addListener((state) => {
      const sdh = invitation.sessionDescriptionHandler;
      if (!(sdh instanceof WeriftSessionDescriptionHandler)) return;
      if (state === SessionState.Established) this.monitors.add(sdh);
      if (state === SessionState.Terminated) this.monitors.delete(sdh);
    });
    void invitation.accept().catch((e: unknown) => this.env.log('warn', `lab: monitor call not answered: ${(e as Error).message}`));
  }

  /** Whisper reaches only the AI; a barge is heard by the caller, so it is part of the conversation. */
  private noteMode(mode: MonitorMode): void {
    this.env.log('info', `lab: supervisor ${mode === 'listen' ? 'listening to' : mode === 'whisper' ? 'whispering on' : 'barging into'} ${this.id}`);
    if (mode === 'barge') this.emit('transcript.turn', { speaker: 'supervisor', text: '(A supervisor joined the call.)', final: true });
  }

  private broadcast(line: number): void {
    const packets = this.audio[line] ?? [];
    for (const m of this.monitors) void m.player.play(packets);
  }

  private lineMs(index: number): number {
    return (this.audio[index] ?? []).reduce((n, p) => n + p.durationMs, 0);
  }

  private finish(outcome: 'resolved' | 'transferred' | 'abandoned' | 'failed'): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    this.emit('session.ended', { outcome });
  }

  private async transfer(): Promise<void> {
    const s = this.scenario;
    if (s.outcome.kind !== 'transfer') return;
    this.phase = 'transferring';
    const context = buildLabContext(s, this.id, this.spoken);
    const reason = this.transferNow ? `${s.outcome.reason} (a supervisor asked for the transfer now)` : s.outcome.reason;
    this.emit('transfer.requested', { targetAgent: this.env.agentUri, context, reason });
    await this.env.feed.flush(); // the agent's app hears of the transfer before the phone rings
    await this.env.sleep(this.env.prewarmLeadMs);
    if (this.stopped) return;
    const target = UserAgent.makeURI(this.env.agentUri);
    if (!target) {
      this.env.log('warn', `lab: agent address ${this.env.agentUri} is not a SIP URI`);
      this.finish('failed');
      return;
    }
    const inviter = new Inviter(this.env.ua, target, {
      extraHeaders: [`X-Warmline-Context: ${encodeContextHeader(context)}`],
      params: { fromDisplayName: s.caller.name },
    });
    this.inviter = inviter;
    const ringTimer = setTimeout(() => {
      if (inviter.state === SessionState.Establishing) void inviter.cancel().catch(() => undefined);
    }, this.env.ringTimeoutMs);
    let answered = false;
    inviter.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        answered = true;
        this.watchAgentRtp(inviter);
        clearTimeout(ringTimer);
        this.phase = 'with-agent';
        this.emit('transfer.completed', { agent: this.env.agentUri, outcome: 'connected' });
        void this.talkToAgent(inviter);
      } else if (state === SessionState.Terminated) {
        clearTimeout(ringTimer);
        if (!answered) this.emit('transfer.completed', { agent: this.env.agentUri, outcome: 'failed' });
        this.finish(answered ? 'transferred' : 'abandoned');
      }
    });
    await inviter.invite().catch((e: unknown) => {
      this.env.log('warn', `lab: transfer INVITE not sent: ${(e as Error).message}`);
      this.finish('failed');
    });
  }

  private watchAgentRtp(inviter: Inviter): void {
    const sdh = inviter.sessionDescriptionHandler;
    if (!(sdh instanceof WeriftSessionDescriptionHandler)) return;
    const poll = setInterval(() => {
      if (sdh.packetsReceived > 0 || inviter.state === SessionState.Terminated) {
        if (sdh.packetsReceived > 0) this.firstRtpFromAgentAt = sdh.firstPacketAt;
        clearInterval(poll);
      }
    }, 5);
  }

  /** The caller's lines to the human, looped with pauses, until someone hangs up. */
  private async talkToAgent(inviter: Inviter): Promise<void> {
    const sdh = inviter.sessionDescriptionHandler;
    if (!(sdh instanceof WeriftSessionDescriptionHandler)) return;
    const lines = spokenLines(this.scenario).slice(this.scenario.turns.length);
    for (let round = 0; inviter.state === SessionState.Established; round++) {
      const i = round % lines.length;
      const line = lines[i]!;
      this.broadcast(this.scenario.turns.length + i);
      await sdh.player.play(this.audio[this.scenario.turns.length + i] ?? []);
      if (inviter.state !== SessionState.Established) return;
      if (round < lines.length) {
        this.spoken.push({ speaker: 'caller', text: line.text, at: new Date().toISOString() });
        this.emit('transcript.turn', { speaker: 'caller', text: line.text, final: true });
      }
      await this.env.sleep(round < lines.length ? 1500 : 6000);
    }
  }
}
