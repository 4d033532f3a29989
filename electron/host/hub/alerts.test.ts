import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmergencyAlertSchema, type EmergencyAlert } from '../../../shared/contract/e911';
import { memoryLogger, useTempDirs } from '../../test-support/temp-dir';
import { composeFeedHub } from '../feed-composition';
import { HostServices } from '../host-services';
import { createKeyFileCipher } from '../vault';
import { ALERT_LIMITS } from './alerts';
import type { StoredAlert } from './hub';
import { startHubListener } from './hub-listener';
import { storeHubTokens } from './hub-tokens';
import { PLATFORM_TOKEN, SUBSCRIBER_TOKEN, json, startHubServer, type ErrorJson } from './test-support/hub-server';

const tempDir = useTempDirs();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function start(dir = tempDir()) {
  const s = await startHubServer(dir);
  cleanups.push(() => s.close());
  const announced: EmergencyAlert[] = [];
  s.hub.onAlert((a) => announced.push(a));
  return { ...s, announced };
}

function alert(emergencyId = 'em-7f3c', patch: Record<string, unknown> = {}): EmergencyAlert {
  return {
    type: 'warmline.emergency/1',
    emergencyId,
    number: '911',
    test: false,
    agent: { name: 'Alice Agent', aor: 'sip:alice@pbx.example.com' },
    locationText: '100 Main St, Floor 3, Room 301, Springfield, IL 62701',
    address: { country: 'US', A1: 'IL', A3: 'Springfield', A6: 'Main', STS: 'St', HNO: '100', FLR: '3', ROOM: '301', PC: '62701' },
    unconfirmed: false,
    callbackNumber: '+14155550100',
    at: '2026-03-02T14:03:00.000Z',
    ...patch,
  } as EmergencyAlert;
}

type AlertListJson = { alerts: StoredAlert[] };

describe('hub: emergency alerts (POST /feed/v1/alerts)', () => {
  it('stores an alert, answers 202 and announces it once', async () => {
    const s = await start();
    const res = await s.postAlert(alert());
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ stored: true, duplicate: false });
    expect(s.announced).toEqual([alert()]);
    expect(EmergencyAlertSchema.safeParse(s.announced[0]).success).toBe(true);
    const list = await json<AlertListJson>(await s.get('/feed/v1/alerts'));
    expect(list.alerts).toEqual([{ id: 1, platform: 'lab', receivedAt: expect.any(String), alert: alert() }]);
    // Personal data (address, agent, callback number) stays out of the log.
    expect(JSON.stringify(s.lines)).not.toMatch(/Main|alice|5550100/);
  });

  it('is stored before the 202: it survives a restart of the hub', async () => {
    const dir = tempDir();
    const first = await start(dir);
    expect((await first.postAlert(alert())).status).toBe(202);
    await cleanups.pop()!();
    const again = await start(dir);
    expect((await json<AlertListJson>(await again.get('/feed/v1/alerts'))).alerts.map((a) => a.alert.emergencyId)).toEqual(['em-7f3c']);
    // A retry after the restart is still recognised: not announced again.
    expect(await (await again.postAlert(alert())).json()).toEqual({ stored: true, duplicate: true });
    expect(again.announced).toEqual([]);
  });

  it('acknowledges a retry of the same emergencyId as a duplicate, without announcing twice', async () => {
    const s = await start();
    expect(await (await s.postAlert(alert())).json()).toEqual({ stored: true, duplicate: false });
    const retry = await s.postAlert(alert());
    expect(retry.status).toBe(202);
    expect(await retry.json()).toEqual({ stored: true, duplicate: true });
    // A retry that differs keeps the stored alert.
    expect(await (await s.postAlert(alert('em-7f3c', { locationText: 'elsewhere' }))).json()).toEqual({ stored: true, duplicate: true });
    expect(s.announced).toHaveLength(1);
    const list = await json<AlertListJson>(await s.get('/feed/v1/alerts'));
    expect(list.alerts.map((a) => a.alert.locationText)).toEqual([alert().locationText]);
  });

  it('refuses an invalid alert with 400 naming the field, storing and announcing nothing', async () => {
    const s = await start();
    const cases: [unknown, string | null, RegExp][] = [
      [alert('em-1', { type: 'warmline.emergency/2' }), 'type', /^type must be "warmline.emergency\/1" \(got "warmline.emergency\/2"\)\.$/],
      [{ ...alert('em-1'), agent: { name: 'Alice' } }, 'agent.aor', /^agent.aor is missing\.$/],
      [alert('em-1', { locationText: 'x'.repeat(1001) }), 'locationText', /^locationText must be at most 1000 characters \(got 1001\)\.$/],
      [alert('em-1', { address: { ...alert().address, HNO: '12B' } }), 'address.HNO', /^address.HNO /],
      [alert('em-1', { test: 'no' }), 'test', /^test must be a boolean \(got a string\)\.$/],
      [alert(''), 'emergencyId', /^emergencyId must not be empty\.$/],
      [[alert('em-1')], null, /one warmline.emergency\/1 alert object/],
    ];
    for (const [body, field, error] of cases) {
      const res = await s.postAlert(body);
      expect(res.status).toBe(400);
      const err = await json<ErrorJson>(res);
      expect(err.field).toBe(field);
      expect(err.error).toMatch(error);
    }
    const bad = await s.postAlert('{"type":');
    expect(bad.status).toBe(400);
    expect(await json<ErrorJson>(bad)).toEqual({ error: expect.stringMatching(/^The body is not valid JSON/), field: null });
    expect(s.announced).toEqual([]);
    expect((await json<AlertListJson>(await s.get('/feed/v1/alerts'))).alerts).toEqual([]);
  });

  it('answers 401 without a platform token, 413 over 64 KB, 415 without JSON, 405 for another method', async () => {
    const s = await start();
    for (const token of [null, 'not-a-token', SUBSCRIBER_TOKEN]) {
      const res = await s.postAlert(alert(), token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await json<ErrorJson>(res)).error).toMatch(/platform token as "Authorization: Bearer <token>"/);
    }
    const big = await s.postAlert(JSON.stringify({ ...alert(), padding: 'x'.repeat(ALERT_LIMITS.bodyBytes) }));
    expect(big.status).toBe(413);
    expect(await json<ErrorJson>(big)).toEqual({ error: 'An emergency alert may be at most 65536 bytes.', field: null });
    expect((await s.postAlert(alert(), PLATFORM_TOKEN, { 'content-type': 'text/plain' })).status).toBe(415);
    const put = await fetch(`${s.url}/feed/v1/alerts`, { method: 'PUT', headers: { authorization: `Bearer ${PLATFORM_TOKEN}` } });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(s.announced).toEqual([]);
  });

  it('keeps announcing and acknowledging when a listener throws', async () => {
    const s = await start();
    s.hub.onAlert(() => {
      throw new Error('renderer gone');
    });
    const later: string[] = [];
    s.hub.onAlert((a) => later.push(a.emergencyId));
    expect((await s.postAlert(alert())).status).toBe(202);
    expect(later).toEqual(['em-7f3c']);
    expect(s.lines.some((l) => l.message === 'emergency alert listener failed')).toBe(true);
  });
});

describe('hub: emergency alerts (GET /feed/v1/alerts)', () => {
  it('lists alerts newest first, up to limit, to subscribers only', async () => {
    const s = await start();
    for (const id of ['em-1', 'em-2', 'em-3']) expect((await s.postAlert(alert(id))).status).toBe(202);
    const all = await json<AlertListJson>(await s.get('/feed/v1/alerts'));
    expect(all.alerts.map((a) => [a.id, a.alert.emergencyId])).toEqual([
      [3, 'em-3'],
      [2, 'em-2'],
      [1, 'em-1'],
    ]);
    expect(new Date(all.alerts[0]!.receivedAt).toISOString()).toBe(all.alerts[0]!.receivedAt);
    const two = await json<AlertListJson>(await s.get('/feed/v1/alerts?limit=2'));
    expect(two.alerts.map((a) => a.alert.emergencyId)).toEqual(['em-3', 'em-2']);
    expect(s.hub.listAlerts(1).map((a) => a.alert.emergencyId)).toEqual(['em-3']);

    for (const q of ['limit=0', 'limit=201', 'limit=abc']) {
      const res = await s.get(`/feed/v1/alerts?${q}`);
      expect(res.status).toBe(400);
      expect(await json<ErrorJson>(res)).toMatchObject({ field: 'limit', error: expect.stringMatching(/^limit must be a whole number from 1 to 200/) });
    }
    expect(await json<ErrorJson>(await s.get('/feed/v1/alerts?after=3'))).toMatchObject({ field: 'after' });
    for (const token of [null, PLATFORM_TOKEN]) expect((await s.get('/feed/v1/alerts', token)).status).toBe(401);
  });
});

describe('composition: an alert POSTed to the hub reaches supervisor renderers', () => {
  it('announces e911.emergency once per new alert', async () => {
    const { logger } = memoryLogger();
    const dataDir = tempDir();
    const services = new HostServices({ kind: 'web', version: 't', dataDir, cipher: createKeyFileCipher(path.join(tempDir(), 'k')), logger });
    storeHubTokens(services.vault, { platforms: [{ id: 'desk-agents', token: 'agents-alert-token-0001' }], subscriberTokens: ['supervisor-token-0001'] });
    const { hub } = composeFeedHub(services, logger, dataDir);
    const listener = await startHubListener(hub);
    cleanups.push(async () => {
      await listener.close();
      hub.close();
    });
    const announced: EmergencyAlert[] = [];
    services.on('e911.emergency', (a) => announced.push(a));
    const post = () =>
      fetch(`${listener.url}/feed/v1/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer agents-alert-token-0001' },
        body: JSON.stringify(alert()),
      });
    expect(await (await post()).json()).toEqual({ stored: true, duplicate: false });
    expect(await (await post()).json()).toEqual({ stored: true, duplicate: true });
    expect(announced).toEqual([alert()]);
    expect(hub.listAlerts(10)).toMatchObject([{ platform: 'desk-agents', alert: { emergencyId: 'em-7f3c' } }]);
  });
});
