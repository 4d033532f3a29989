import { beforeEach, describe, expect, it } from 'vitest';
import { encodeContextHeader, resolveInlineContext } from '../../../shared/context/carriers';
import { readCallerAttestation } from '../../../shared/context/stir-shaken';
import { CONTEXT_VERSION } from '../../../shared/context/transfer-context';
import { adviceFor } from '../../../shared/quality/advice';
import { estimateMos } from '../../../shared/quality/e-model';
import { stepQuality, type QualityState } from '../../../shared/quality/quality-monitor';
import type { QualitySample } from '../../../shared/quality/quality-sample';
import { snapshotFromStats } from '../../../shared/quality/stats-snapshot';
import type { CallEvent } from '../../../shared/telephony/call-state';
import type { CallDetail, IncomingCallInfo, PhoneEvents } from '../../../shared/telephony/phone-port';
import type { RegistrationEvent } from '../../../shared/telephony/registration-state';
import { accessToken, fakeTwilioSdk, ManualClock, SampleFeed, scriptedTokenUrl, settle, twilioError, type FakeCall, type SampleSecond } from './test-support/fake-twilio';
import { twilioContextCarriers } from './twilio-context';
import { TwilioPhone, type TwilioPhoneOptions } from './twilio-phone';

const TOKEN_URL = 'https://tokens.example.com/voice?key=s3cret';

type Recorded = {
  registration: RegistrationEvent[];
  incoming: IncomingCallInfo[];
  callEvents: { id: string; ev: CallEvent }[];
  details: { id: string; detail: CallDetail }[];
  logs: string[];
};

function recorder(): { out: PhoneEvents; seen: Recorded } {
  const seen: Recorded = { registration: [], incoming: [], callEvents: [], details: [], logs: [] };
  return {
    seen,
    out: {
      registration: (ev) => seen.registration.push(ev),
      incoming: (c) => seen.incoming.push(c),
      outgoing: () => undefined,
      callEvent: (id, ev) => seen.callEvents.push({ id, ev }),
      callDetail: (id, detail) => seen.details.push({ id, detail }),
      log: (level, message) => seen.logs.push(`${level}: ${message}`),
    },
  };
}

describe('Twilio adapter contract (SDK Device replaced at its boundary)', () => {
  let clock: ManualClock;
  let sdk: ReturnType<typeof fakeTwilioSdk>;
  let seen: Recorded;
  let out: PhoneEvents;
  let ids: number;
  const nowSec = () => Math.floor(clock.now() / 1000);
  const token = (ttlSec: number, identity = 'agent-7') => accessToken({ iat: nowSec(), exp: nowSec() + ttlSec, identity });

  function phone(tokenUrl: ReturnType<typeof scriptedTokenUrl>, extra: Partial<TwilioPhoneOptions> = {}): TwilioPhone {
    return new TwilioPhone({ Device: sdk.Device, tokenUrl: TOKEN_URL, fetch: tokenUrl.fetch, random: () => 0.5, newId: () => `call-${++ids}`, ...extra }, out, clock);
  }

  async function registered(extra: Partial<TwilioPhoneOptions> = {}): Promise<TwilioPhone> {
    const p = phone(scriptedTokenUrl([{ status: 200, body: JSON.stringify({ token: token(3600) }) }]), extra);
    p.start();
    await settle();
    return p;
  }

  async function ringing(p: TwilioPhone, custom: Record<string, string>, params: Record<string, string> = {}): Promise<{ id: string; call: FakeCall; info: IncomingCallInfo }> {
    const call = sdk.device().ring(custom, { From: '+14155550100', To: 'client:agent-7', ...params });
    await settle();
    const info = seen.incoming[seen.incoming.length - 1];
    if (!info) throw new Error('no incoming event');
    return { id: info.id, call, info };
  }

  const eventsOf = (id: string) => seen.callEvents.filter((e) => e.id === id).map((e) => e.ev);
  const detailsOf = (id: string) => seen.details.filter((d) => d.id === id).map((d) => d.detail);

  beforeEach(() => {
    clock = new ManualClock();
    sdk = fakeTwilioSdk();
    ({ out, seen } = recorder());
    ids = 0;
  });

  describe('access token and registration', () => {
    it('fetches a token from the token URL, builds the Device with it and registers', async () => {
      const url = scriptedTokenUrl([{ status: 200, body: JSON.stringify({ token: token(3600) }) }]);
      const p = phone(url, { tokenHeaders: { Authorization: 'Bearer seat-7' }, edge: ['ashburn', 'dublin'] });
      p.start();
      await settle();

      expect(url.calls).toHaveLength(1);
      expect(url.calls[0]).toMatchObject({ url: TOKEN_URL, headers: { Authorization: 'Bearer seat-7' } });
      expect(sdk.devices).toHaveLength(1);
      const d = sdk.device();
      expect(d.tokens).toEqual([token(3600)]);
      expect(d.options).toMatchObject({ allowIncomingWhileBusy: true, closeProtection: false, edge: ['ashburn', 'dublin'] });
      expect([d.audio.incomingSound, d.audio.outgoingSound, d.audio.disconnectSound]).toEqual([false, false, false]); // Warmline's own ringer rings, not the SDK's
      expect(seen.registration.map((e) => e.type)).toEqual(['connect', 'transport-up', 'registered']);
      expect(seen.registration[2]).toMatchObject({ type: 'registered', at: clock.now(), expiresSec: 3600 });
    });

    it('refreshes the token on our clock before it expires and hands it to device.updateToken', async () => {
      const second = accessToken({ iat: nowSec() + 540, exp: nowSec() + 540 + 3600 });
      const url = scriptedTokenUrl([
        { status: 200, body: JSON.stringify({ token: token(600) }) },
        { status: 200, body: second }, // a bare JWT body works too
      ]);
      const p = phone(url);
      p.start();
      await settle();
      const d = sdk.device();

      clock.advance(539_000); // 600 s token, refreshed 60 s before expiry
      await settle();
      expect(url.calls).toHaveLength(1);
      clock.advance(1_000);
      await settle();
      expect(url.calls).toHaveLength(2);
      expect(d.tokens).toHaveLength(2);
      expect(d.tokens[1]).toBe(second);
      expect(sdk.devices).toHaveLength(1); // the same Device, no re-registration
      expect(seen.registration.filter((e) => e.type === 'failed')).toEqual([]);
      await p.stop();
    });

    it("also refreshes on the SDK's tokenWillExpire event (whichever comes first)", async () => {
      const url = scriptedTokenUrl([{ status: 200, body: JSON.stringify({ token: token(3600) }) }]);
      const p = phone(url);
      p.start();
      await settle();
      const d = sdk.device();
      d.fire('tokenWillExpire', d);
      await settle();
      expect(url.calls).toHaveLength(2);
      expect(d.tokens).toHaveLength(2);
      await p.stop();
    });

    it("token URL failure: registration 'failed' with the reason (no secret query), retried with backoff", async () => {
      const url = scriptedTokenUrl([{ status: 503 }, { status: 200, body: JSON.stringify({ token: token(3600) }) }]);
      const p = phone(url);
      p.start();
      await settle();

      const failed = seen.registration.find((e) => e.type === 'failed');
      expect(failed).toEqual({
        type: 'failed',
        failure: 'unreachable',
        detail: 'token URL https://tokens.example.com/voice answered 503 Service Unavailable',
        retryAt: clock.now() + 750, // first backoff step: 1 s ceiling, half fixed + half of a 0.5 draw
      });
      expect(JSON.stringify(seen.registration)).not.toContain('s3cret');
      expect(sdk.devices).toHaveLength(0);

      clock.advance(750);
      await settle();
      expect(sdk.devices).toHaveLength(1);
      expect(seen.registration[seen.registration.length - 1]).toMatchObject({ type: 'registered' });
      await p.stop();
    });

    it('a token URL that refuses us (401) is an auth failure and is not hammered', async () => {
      const url = scriptedTokenUrl([{ status: 401 }]);
      phone(url).start();
      await settle();
      expect(seen.registration.at(-1)).toEqual({ type: 'failed', failure: 'auth', detail: 'token URL https://tokens.example.com/voice answered 401 Unauthorized', retryAt: null });
      clock.advance(10 * 60_000);
      await settle();
      expect(url.calls).toHaveLength(1);
    });

    it('unreachable, hanging and malformed token URLs each say what went wrong', async () => {
      const cases: [Parameters<typeof scriptedTokenUrl>[0], string, string][] = [
        [[new TypeError('Failed to fetch')], 'unreachable', 'token URL https://tokens.example.com/voice unreachable (Failed to fetch)'],
        [[{ status: 200, body: '<html>login</html>' }], 'rejected', 'token URL https://tokens.example.com/voice answered something that is not a JWT access token'],
        [[{ status: 200, body: '{"jwt":"x"}' }], 'rejected', 'token URL https://tokens.example.com/voice answered JSON without a "token" string'],
      ];
      for (const [answers, failure, detail] of cases) {
        ({ out, seen } = recorder());
        const p = phone(scriptedTokenUrl(answers));
        p.start();
        await settle();
        expect(seen.registration.at(-1)).toMatchObject({ type: 'failed', failure, detail });
        await p.stop();
      }

      ({ out, seen } = recorder());
      const p = phone(scriptedTokenUrl(['hang']));
      p.start();
      clock.advance(10_000);
      await settle();
      expect(seen.registration.at(-1)).toMatchObject({ type: 'failed', failure: 'timeout', detail: 'token URL https://tokens.example.com/voice did not answer within 10 s' });
      await p.stop();
    });

    it('a failed refresh while the current token is still valid stays in the log, not the status bar', async () => {
      const url = scriptedTokenUrl([{ status: 200, body: JSON.stringify({ token: token(600) }) }, { status: 500 }]);
      const p = phone(url);
      p.start();
      await settle();
      clock.advance(540_000);
      await settle();
      expect(url.calls).toHaveLength(2);
      expect(seen.registration.filter((e) => e.type === 'failed')).toEqual([]);
      expect(seen.logs.some((l) => l.startsWith('warn: Twilio token refresh failed (token URL https://tokens.example.com/voice answered 500'))).toBe(true);
      await p.stop();
    });

    it('Twilio refusing the token (20101) is an auth failure; an expired one (20104) fetches a new token', async () => {
      const url = scriptedTokenUrl([{ status: 200, body: JSON.stringify({ token: token(3600) }) }]);
      const p = phone(url);
      p.start();
      await settle();
      const d = sdk.device();
      d.fire('error', twilioError(20101, 'Invalid access token'));
      expect(seen.registration.at(-1)).toEqual({ type: 'failed', failure: 'auth', detail: 'Twilio error 20101: Invalid access token', retryAt: null });

      d.fire('error', twilioError(20104, 'Access token expired or expiration date invalid'));
      await settle();
      expect(url.calls).toHaveLength(2);
      expect(d.tokens).toHaveLength(2);
      expect(seen.registration.at(-1)).toMatchObject({ type: 'registered' }); // still registered, with the new token
      await p.stop();
    });

    it('stop() unregisters, destroys the Device and reports unregistered', async () => {
      const p = await registered();
      const d = sdk.device();
      await p.stop();
      expect(d.state).toBe('destroyed');
      expect(seen.registration.at(-1)).toEqual({ type: 'unregistered' });
    });
  });

  describe('incoming calls and their context', () => {
    const context = {
      version: CONTEXT_VERSION,
      sessionId: 'sess-42',
      caller: { name: 'Ada Byron', number: '+14155550100', verified: true },
      intent: 'Dispute a charge',
      summary: 'Charged twice for order 1234.',
    };

    it('custom parameters reach PhoneEvents.incoming; shared/context parses them into the TransferContext', async () => {
      const p = await registered();
      const { info } = await ringing(p, { warmline_context_b64: encodeContextHeader(context), warmline_display_name: 'Ada Byron' }, { StirStatus: 'TN-Validation-Passed-A' });

      expect(info).toMatchObject({ id: 'call-1', remoteUri: '+14155550100', remoteName: 'Ada Byron', replacesId: null });
      const r = resolveInlineContext(twilioContextCarriers(info.signalling));
      expect(r.source).toBe('twilio');
      expect(r.issues).toEqual([]);
      expect(r.context).toMatchObject(context);
      // Twilio's STIR/SHAKEN verdict is read like a carrier's verstat.
      expect(readCallerAttestation(info.signalling)).toMatchObject({ verstat: 'TN-Validation-Passed', attestation: 'A' });
      expect(eventsOf('call-1')).toEqual([]); // ringing-in is the controller's starting phase
    });

    it('plain JSON, a context URL and a forwarded User-to-User value are each carried', async () => {
      const p = await registered();
      const json = await ringing(p, { warmline_context: JSON.stringify(context) });
      expect(resolveInlineContext(twilioContextCarriers(json.info.signalling))).toMatchObject({ source: 'twilio', context: { sessionId: 'sess-42' } });

      const byUrl = await ringing(p, { warmline_context_url: 'https://ctx.example.com/c/42' });
      expect(resolveInlineContext(twilioContextCarriers(byUrl.info.signalling))).toMatchObject({ source: 'call-info', fetch: { kind: 'url', url: 'https://ctx.example.com/c/42' } });

      const uui = await ringing(p, { warmline_uui: '6374782d3432;encoding=hex;purpose=warmline' }); // "ctx-42"
      expect(resolveInlineContext(twilioContextCarriers(uui.info.signalling))).toMatchObject({ source: 'uui-id', fetch: { kind: 'id', id: 'ctx-42' } });
    });

    it('a broken context parameter is reported by name, and other parameters never leak into the context', async () => {
      const p = await registered();
      const { info } = await ringing(p, { warmline_context_b64: 'not base64!', crm_ticket: 'T-1' });
      const r = resolveInlineContext(twilioContextCarriers(info.signalling));
      expect(r.context).toBeNull();
      expect(r.issues).toEqual([{ field: 'warmline_context_b64', message: 'not valid base64url' }]);
      expect(JSON.stringify(info.signalling)).not.toContain('crm_ticket');
    });

    it('accept: answer -> call.accept(); the SDK accept event -> accepted', async () => {
      const p = await registered();
      const { id, call } = await ringing(p, {});
      p.answer(id);
      await settle();
      expect(call.accepted).toBe(true);
      call.fire('accept', call);
      expect(eventsOf(id)).toEqual([{ type: 'answer' }, { type: 'accepted', at: clock.now() }]);
    });

    it('reject: decline -> call.reject() -> ended declined', async () => {
      const p = await registered();
      const { id, call } = await ringing(p, {});
      p.decline(id);
      expect(call.rejected).toBe(true);
      expect(eventsOf(id)).toEqual([{ type: 'ended', at: clock.now(), outcome: 'declined', reason: 'You declined', sipStatus: null }]);
    });

    it('the caller giving up (cancel) -> ended missed', async () => {
      const p = await registered();
      const { id, call } = await ringing(p, {});
      call.fire('cancel');
      expect(eventsOf(id)).toEqual([{ type: 'ended', at: clock.now(), outcome: 'missed', reason: 'The caller hung up before it was answered', sipStatus: null }]);
    });

    it('hangup and remote disconnect end an answered call with outcome answered, once', async () => {
      const p = await registered();
      const a = await ringing(p, {});
      p.answer(a.id);
      await settle();
      a.call.fire('accept', a.call);
      p.hangup(a.id);
      a.call.fire('disconnect', a.call); // a late duplicate from the SDK changes nothing
      expect(eventsOf(a.id).filter((e) => e.type === 'ended')).toEqual([{ type: 'ended', at: clock.now(), outcome: 'answered', reason: 'You hung up', sipStatus: null }]);

      const b = await ringing(p, {});
      p.answer(b.id);
      await settle();
      b.call.fire('accept', b.call);
      b.call.fire('disconnect', b.call);
      expect(eventsOf(b.id).at(-1)).toMatchObject({ type: 'ended', outcome: 'answered', reason: 'The other party hung up' });
    });

    it('mute, DTMF (call.sendDigits), and hold/transfer said to be unsupported', async () => {
      const p = await registered();
      const { id, call } = await ringing(p, {});
      p.answer(id);
      await settle();
      call.fire('accept', call);

      p.mute(id, true);
      expect(call.isMuted()).toBe(true);
      expect(detailsOf(id)).toContainEqual({ type: 'muted', muted: true });

      p.sendDtmf(id, '12#');
      p.sendDtmf(id, '4A*'); // 'A' cannot be sent by Twilio: dropped and logged, the rest goes
      expect(call.digits).toEqual(['12#', '4*']);
      expect(seen.logs.some((l) => l.includes('dropped characters'))).toBe(true);

      p.hold(id, true);
      expect(detailsOf(id).at(-1)).toEqual({ type: 'notice', text: expect.stringMatching(/^Hold is not available on Twilio calls/) });
      expect(eventsOf(id).map((e) => e.type)).not.toContain('hold-requested');

      p.transferBlind(id, 'sip:desk@example.com');
      expect(detailsOf(id).at(-1)).toMatchObject({ type: 'transfer', progress: 'failed' });
      await expect(p.renegotiate(id, { sendAudio: true, extraHeaders: [] })).resolves.toMatchObject({ ok: false });
    });
  });

  describe('quality', () => {
    async function connectedCall(): Promise<{ p: TwilioPhone; id: string; call: FakeCall }> {
      const p = await registered();
      const r = await ringing(p, {});
      p.answer(r.id);
      await settle();
      r.call.fire('accept', r.call);
      return { p, ...r };
    }

    /** What quality-controller does each second: callStats -> snapshot -> engine. */
    async function meter(p: TwilioPhone, id: string, call: FakeCall, seconds: SampleSecond[]): Promise<QualitySample[]> {
      let state: QualityState | null = null;
      const samples: QualitySample[] = [];
      const feed = new SampleFeed();
      for (const s of seconds) {
        call.fire('sample', feed.next(s));
        clock.advance(1000);
        const rows = await p.callStats(id);
        if (!rows) throw new Error('no stats');
        const step = stepQuality(state, snapshotFromStats(rows, clock.now()), { muted: false, onHold: false });
        state = step.state;
        samples.push(step.sample);
      }
      return samples;
    }

    it('no stats before the first sample; samples become getStats reports the engine measures (MOS by our E-model)', async () => {
      const { p, id, call } = await connectedCall();
      await expect(p.callStats(id)).resolves.toBeNull();
      const seconds = [1, 2, 3, 4].map(() => ({ rttMs: 120, jitterMs: 12, mos: 4.3 }));
      const samples = await meter(p, id, call, seconds);

      const last = samples.at(-1);
      expect(last).toMatchObject({ lossPct: 0, packetsReceivedDelta: 50, packetsSentDelta: 50, codec: { name: 'opus', clockRate: 48000 } });
      expect(last?.rttMs).toBeCloseTo(120, 9);
      expect(last?.jitterMs).toBeCloseTo(12, 9);
      const expected = estimateMos({ codec: 'audio/opus', rttMs: 120, jitterMs: 12, jitterBufferMs: null, lossPct: 0 });
      expect(last?.mos).toBeCloseTo(expected?.mos ?? NaN, 6);
      expect(samples[0]?.mos).toBeNull(); // the first interval has no loss figure, like Twilio's own first sample
      expect(p.twilioMos(id)).toBe(4.3);
      expect(detailsOf(id)).toContainEqual({ type: 'codec', codec: 'Opus 48 kHz' });
    });

    it('loss in the samples raises the engine’s packet-loss warning with its hysteresis', async () => {
      const { p, id, call } = await connectedCall();
      const seconds = [1, 2, 3, 4, 5].map(() => ({ rttMs: 80, jitterMs: 8, lossPct: 6 }));
      const samples = await meter(p, id, call, seconds);
      expect(samples.map((s) => s.lossPct)).toEqual([null, 6, 6, 6, 6]);
      expect(samples[2]?.warnings.map((w) => w.id)).not.toContain('packet-loss');
      expect(samples[3]?.warnings.map((w) => w.id)).toContain('packet-loss');
    });

    it("Twilio's warning -> a quality warning in shared/quality's terms, shown and cleared", async () => {
      const { p, id, call } = await connectedCall();
      call.fire('warning', 'high-jitter', { name: 'jitter', threshold: { name: 'max', value: 30 }, values: [35, 40, 45] });
      expect(p.qualityWarnings(id)).toEqual([{ id: 'high-jitter', severity: 'warn', measured: 45, advice: adviceFor('high-jitter', 45) }]);
      expect(detailsOf(id).at(-1)).toEqual({ type: 'notice', text: adviceFor('high-jitter', 45) });

      call.fire('warning', 'constant-audio-input-level', { name: 'audioInputLevel', threshold: { name: 'minStandardDeviation', value: 327.67 }, values: [0, 0, 0] });
      expect(p.qualityWarnings(id).map((w) => w.id)).toEqual(['no-microphone-input', 'high-jitter']); // critical first

      call.fire('warning-cleared', 'constant-audio-input-level');
      expect(detailsOf(id).at(-1)).toEqual({ type: 'notice', text: '' });
      call.fire('warning-cleared', 'high-jitter');
      expect(p.qualityWarnings(id)).toEqual([]);
    });

    it('media reconnects are said to the agent', async () => {
      const { id, call } = await connectedCall();
      call.fire('reconnecting', twilioError(53405, 'Media connection failed'));
      call.fire('reconnected');
      expect(detailsOf(id).slice(-2)).toEqual([
        { type: 'notice', text: 'Network problem: reconnecting the audio…' },
        { type: 'notice', text: 'Audio reconnected.' },
      ]);
    });
  });

  describe('outgoing calls', () => {
    it('dial -> device.connect({ params: { To } }); ringing -> progress; accept -> accepted; disconnect -> ended answered', async () => {
      const p = await registered();
      const r = p.dial('tel:+14155550199', 'Billing', { extraHeaders: ['X-Warmline-Queue: billing'] });
      expect(r).toEqual({ ok: true, id: 'call-1' });
      await settle();
      const { options, call } = sdk.device().connects[0] ?? {};
      expect(options).toEqual({ params: { To: '+14155550199', 'X-Warmline-Queue': 'billing' } });
      call?.fire('ringing', false);
      call?.fire('accept', call);
      call?.fire('disconnect', call);
      expect(eventsOf('call-1')).toEqual([
        { type: 'progress' },
        { type: 'accepted', at: clock.now() },
        { type: 'ended', at: clock.now(), outcome: 'answered', reason: 'The other party hung up', sipStatus: null },
      ]);
    });

    it('a busy callee (Twilio 31486) ends the call busy with SIP status 486', async () => {
      const p = await registered();
      p.dial('+14155550199', '');
      await settle();
      const call = sdk.device().connects[0]?.call;
      call?.fire('error', twilioError(31486, 'Busy Here'));
      call?.fire('disconnect', call);
      expect(eventsOf('call-1').at(-1)).toEqual({ type: 'ended', at: clock.now(), outcome: 'busy', reason: '486 Busy Here', sipStatus: 486 });
    });

    it('connect() refusing (no microphone) ends the call failed with the reason', async () => {
      const p = await registered();
      sdk.device().failNextConnect = new Error('Permission denied');
      p.dial('+14155550199', '');
      await settle();
      expect(eventsOf('call-1')).toEqual([{ type: 'ended', at: clock.now(), outcome: 'failed', reason: 'Could not start the call: Permission denied', sipStatus: null }]);
    });

    it('hanging up before connect() resolves cancels the call', async () => {
      const p = await registered();
      p.dial('+14155550199', '');
      p.hangup('call-1');
      await settle();
      expect(sdk.device().connects[0]?.call.disconnected).toBe(true);
      expect(eventsOf('call-1').at(-1)).toMatchObject({ type: 'ended', outcome: 'cancelled', reason: 'You cancelled the call' });
    });

    it('what Twilio cannot do is refused or said, never silently dropped', async () => {
      const p = await registered();
      expect(p.dial('sip:monitor@example.com', '', { receiveOnly: true })).toMatchObject({ ok: false, reason: expect.stringMatching(/Listen-only/) });
      expect(p.dial('911', '', { location: { pidf: '<presence/>', contentId: 'loc@warmline' } })).toMatchObject({ ok: true });
      await settle();
      expect(detailsOf('call-1').at(-1)).toMatchObject({ type: 'notice', text: expect.stringMatching(/cannot carry a location/) });
      await expect(p.measureRegistration()).resolves.toMatchObject({ ok: false });
    });

    it('a chosen microphone is set on the SDK before the call and released after it', async () => {
      const p = await registered({ microphoneId: 'mic-2' });
      p.dial('+14155550199', '');
      await settle();
      const d = sdk.device();
      expect(d.audio.inputHistory).toEqual(['mic-2']);
      const call = d.connects[0]?.call;
      call?.fire('accept', call);
      call?.fire('disconnect', call);
      await settle();
      expect(d.audio.inputHistory).toEqual(['mic-2', null]);
    });
  });
});
