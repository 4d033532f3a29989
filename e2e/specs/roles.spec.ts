/**
 * Roles enforced by the real built web host, no browser: a renderer's bridge
 * connection (same origin, framed as renderer/platform/web-host.ts frames it)
 * asks for the supervisor console's feed methods. An agent is refused with
 * FORBIDDEN although sessions exist; after session.signIn with a hub
 * subscriber token the same calls succeed and feed.event starts to arrive.
 */
import { test, expect } from '@playwright/test';
import WebSocket from 'ws';
import { BRIDGE_METHODS, type MethodResponse } from '../../shared/contract/bridge';
import type { BridgeMethodName } from '../../shared/contract/names';
import { sessionEvents } from '../../shared/feed/test-support/feed-examples';
import { HUB_PLATFORM, HUB_SUBSCRIBER_TOKEN, postEvents } from '../fixtures/hub-client';
import { startWebHost, type ProvisioningDoc } from '../fixtures/web-host';

type Frame = { id?: number; result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } }; event?: string; payload?: unknown };

/** One renderer's bridge: requests by id, and every pushed event kept. */
class Bridge {
  readonly frames: Frame[] = [];
  private nextId = 1;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (d) => this.frames.push(JSON.parse(d.toString()) as Frame));
  }

  static async open(baseUrl: string): Promise<Bridge> {
    const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/bridge', { origin: baseUrl });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new Bridge(ws);
  }

  async call(method: BridgeMethodName, payload: unknown): Promise<NonNullable<Frame['result']>> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, method, payload }));
    await expect.poll(() => this.frames.some((f) => f.id === id)).toBe(true);
    return this.frames.find((f) => f.id === id)!.result!;
  }

  /** The value, checked against the contract's response schema as the renderer checks it. */
  async value<M extends BridgeMethodName>(method: M, payload: unknown): Promise<MethodResponse<M>> {
    const r = await this.call(method, payload);
    expect(r, `${method}: ${JSON.stringify(r.error)}`).toMatchObject({ ok: true });
    return BRIDGE_METHODS[method].response.parse(r.value) as MethodResponse<M>;
  }

  events(name: string): unknown[] {
    return this.frames.filter((f) => f.event === name).map((f) => f.payload);
  }

  close(): void {
    this.ws.close();
  }
}

const FEED_CALLS = [
  ['feed.sessions', {}],
  ['feed.sessions', { live: true }],
  ['feed.session', { id: 'r-done' }],
  ['feed.replay', { after: 0 }],
  ['feed.exportCsv', {}],
] as const;

function agentConfig(): ProvisioningDoc {
  return {
    profile: { name: 'Sam', role: 'agent' },
    hub: { platforms: [{ ...HUB_PLATFORM }], subscriberTokens: [HUB_SUBSCRIBER_TOKEN] },
  };
}

test('an agent host refuses the feed; a supervisor token opens it, a wrong one does not', async ({}, testInfo) => {
  const host = await startWebHost({ name: 'roles', logDir: testInfo.outputPath(), config: agentConfig() });
  let bridge: Bridge | null = null;
  try {
    expect((await postEvents(host.url, sessionEvents('r-done'))).status).toBe(200);
    expect((await postEvents(host.url, sessionEvents('r-live', Date.parse('2026-03-02T15:00:00Z')).slice(0, 6))).status).toBe(200);

    bridge = await Bridge.open(host.url);
    expect(await bridge.value('settings.get', {})).toMatchObject({ profile: { role: 'agent' } });
    for (const [method, payload] of FEED_CALLS) {
      expect(await bridge.call(method, payload), method).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.stringMatching(/^Your role \(agent\) cannot (read|export) AI sessions: sign in as a supervisor\.$/) },
      });
    }
    // Nor may an agent steer an AI agent.
    expect(await bridge.call('feed.guidance', { sessionId: 'r-live', text: 'Please transfer now' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The profile cannot raise the role, and neither can a wrong or missing token.
    expect(await bridge.call('settings.updateProfile', { role: 'supervisor' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await bridge.call('session.signIn', { role: 'supervisor', token: 'e2e-wrong-token-000000' })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'That token does not grant the supervisor role; ask your admin for one.' },
    });
    expect(await bridge.call('session.signIn', { role: 'supervisor' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A platform token is not a supervisor credential either.
    expect(await bridge.call('session.signIn', { role: 'supervisor', token: HUB_PLATFORM.token })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await bridge.call('session.signIn', { role: 'admin', token: HUB_SUBSCRIBER_TOKEN })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // While an agent: the transfer reaches the renderer, the feed's events do not.
    expect((await postEvents(host.url, sessionEvents('r-agent', Date.parse('2026-03-02T16:00:00Z')))).status).toBe(200);
    await expect.poll(() => bridge!.events('feed.transferRequested').length).toBe(1);
    expect(bridge.events('feed.event')).toEqual([]);

    const view = await bridge.value('session.signIn', { role: 'supervisor', token: HUB_SUBSCRIBER_TOKEN });
    expect(view.profile).toEqual({ name: 'Sam', role: 'supervisor' });
    await expect.poll(() => bridge!.events('settings.changed').at(-1)).toMatchObject({ profile: { role: 'supervisor' } });

    const all = await bridge.value('feed.sessions', {});
    expect(all.sessions.map((s) => s.sessionId)).toEqual(['r-agent', 'r-live', 'r-done']);
    expect(all.next).toBeNull();
    expect((await bridge.value('feed.sessions', { live: true })).sessions.map((s) => s.sessionId)).toEqual(['r-live']);
    const one = await bridge.value('feed.session', { id: 'r-done' });
    expect(one.summary).toMatchObject({ sessionId: 'r-done', outcome: 'transferred', caller: { name: 'Dana Reyes' } });
    expect(one.events.map((e) => e.event.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await bridge.call('feed.session', { id: 'r-none' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const replay = await bridge.value('feed.replay', { after: 0, limit: 10 });
    expect(replay.head).toBe(24);
    expect(replay.events.map((e) => e.cursor)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await bridge.value('feed.replay', { after: 20 })).events.map((e) => e.cursor)).toEqual([21, 22, 23, 24]);
    const csv = await bridge.value('feed.exportCsv', {});
    expect(csv).toMatchObject({ rows: 3, truncated: false });
    expect(csv.csv.split('\r\n')[0]).toBe('sessionId,startedAt,endedAt,callerName,callerNumber,intent,sentiment,outcome,transferred,targetAgent,turns');

    // Live: every stored event, with its cursor, from now on.
    expect((await postEvents(host.url, sessionEvents('r-live', Date.parse('2026-03-02T15:00:00Z')).slice(6))).status).toBe(200);
    await expect.poll(() => bridge!.events('feed.event').map((e) => (e as { cursor: number }).cursor)).toEqual([25, 26, 27]);
    expect(BRIDGE_METHODS['feed.replay'].response.shape.events.element.parse(bridge.events('feed.event')[2])).toMatchObject({
      cursor: 27,
      event: { sessionId: 'r-live', type: 'session.ended' },
    });

    // Back to agent: refused again, and the feed goes quiet.
    expect(await bridge.value('session.signIn', { role: 'agent' })).toMatchObject({ profile: { role: 'agent' } });
    expect(await bridge.call('feed.sessions', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await postEvents(host.url, sessionEvents('r-late', Date.parse('2026-03-02T17:00:00Z')))).status).toBe(200);
    await expect.poll(() => bridge!.events('feed.transferRequested').length).toBe(3);
    expect(bridge.events('feed.event')).toHaveLength(3);
  } finally {
    bridge?.close();
    await host.stop();
  }
});
