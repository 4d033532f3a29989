import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmergencyAlertSchema } from '../../../shared/contract/e911';
import { useTempDirs } from '../../test-support/temp-dir';
import { alertTokenKey } from './config-store';
import { HQ, makeHarness, OFFICE_NET } from './test-fixtures';

const tempDir = useTempDirs();
const TOKEN = 'desk-bearer-7f3a9c-SECRET';

type Seen = { auth: string | undefined; body: unknown; path: string };
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A real security desk on loopback that answers with the given statuses in turn (the last one repeats). */
async function desk(statuses: number[]): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      seen.push({ auth: req.headers.authorization, body: JSON.parse(text), path: req.url ?? '' });
      res.statusCode = statuses[Math.min(seen.length - 1, statuses.length - 1)] ?? 200;
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/alerts`, seen };
}

function harnessWithDesk(url: string) {
  const h = makeHarness(tempDir);
  h.profile = { name: 'Alice', role: 'admin' };
  expect(h.service.saveConfig({ alertTargets: [{ id: 'desk', name: 'Front desk', url, token: TOKEN }] })).toMatchObject({ saved: true });
  h.service.saveLocation({ id: 'hq-4', address: HQ });
  h.service.observeNetwork(OFFICE_NET);
  h.service.confirm({ locationId: 'hq-4' });
  return h;
}

describe('security desk alerts (Kari\'s Law)', () => {
  it('POSTs the EmergencyAlert with the bearer token, without delaying the plan, and audits the delivery', async () => {
    const d = await desk([200]);
    const h = harnessWithDesk(d.url);
    const plan = h.service.emergencyCall({ number: '911', accountId: 'main' });
    expect(d.seen).toHaveLength(0); // the plan came back before the POST finished
    await h.service.alertsSettled();
    expect(d.seen).toHaveLength(1);
    expect(d.seen[0]?.auth).toBe(`Bearer ${TOKEN}`);
    const alert = EmergencyAlertSchema.parse(d.seen[0]?.body);
    expect(alert).toMatchObject({ type: 'warmline.emergency/1', emergencyId: plan.emergencyId, number: '911', test: false, agent: { name: 'Alice', aor: 'sip:alice@pbx.example.com' }, address: HQ, unconfirmed: false });
    expect(h.service.auditList(1)[0]).toMatchObject({ kind: 'alert.delivered', details: { target: 'Front desk', status: 200, attempts: 1, emergencyId: plan.emergencyId } });
    expect(h.notices.list()).toEqual([]);
  });

  it('retries after a 500 and then succeeds', async () => {
    const d = await desk([500, 200]);
    const h = harnessWithDesk(d.url);
    h.service.emergencyCall({ number: '911', accountId: 'main' });
    await h.service.alertsSettled();
    expect(d.seen).toHaveLength(2);
    expect(h.service.auditList(1)[0]).toMatchObject({ kind: 'alert.delivered', details: { attempts: 2, status: 200 } });
  });

  it('gives up after three attempts with an error notice telling the agent to call the desk', async () => {
    const d = await desk([503]);
    const h = harnessWithDesk(d.url);
    h.service.emergencyCall({ number: '911', accountId: 'main' });
    await h.service.alertsSettled();
    expect(d.seen).toHaveLength(3);
    expect(h.service.auditList(1)[0]).toMatchObject({ kind: 'alert.failed', details: { target: 'Front desk', status: 503, attempts: 3 } });
    expect(h.notices.list()).toEqual([
      expect.objectContaining({ level: 'error', message: 'The security desk (Front desk) was not told about the 911 call: it answered 503 Service Unavailable. Call them.' }),
    ]);
  });

  it('does not retry a 401, and reports a desk that does not answer', async () => {
    const d = await desk([401]);
    const h = harnessWithDesk(d.url);
    h.service.emergencyCall({ number: '911', accountId: 'main' });
    await h.service.alertsSettled();
    expect(d.seen).toHaveLength(1);
    const closed = await desk([200]);
    await new Promise((r) => servers.pop()?.close(r));
    h.service.saveConfig({ alertTargets: [{ id: 'gone', name: 'Night desk', url: closed.url }] });
    h.service.emergencyCall({ number: '911', accountId: 'main' });
    await h.service.alertsSettled();
    expect(h.notices.list().at(-1)?.message).toMatch(/^The security desk \(Night desk\) was not told about the 911 call: it could not be reached/);
  });

  it('gives each attempt a time limit: a desk that never answers is reported, not waited on', async () => {
    const hanging = http.createServer(() => undefined);
    servers.push(hanging);
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    const h = makeHarness(tempDir, { alertTimeoutMs: 100 });
    h.service.saveConfig({ alertTargets: [{ id: 'slow', name: 'Slow desk', url: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/` }] });
    const started = Date.now();
    h.service.emergencyCall({ number: '911', accountId: 'main' });
    await h.service.alertsSettled();
    hanging.closeAllConnections();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(h.service.auditList(1)[0]).toMatchObject({ kind: 'alert.failed', details: { attempts: 3, status: null, reason: 'it did not answer within 0.1 s' } });
  });

  it('never shows the token: not in the config view, the audit, the log, e911.json or the vault file in clear', async () => {
    const d = await desk([500, 200]);
    const h = harnessWithDesk(d.url);
    h.service.emergencyCall({ number: '911', accountId: 'main' });
    await h.service.alertsSettled();
    const view = h.service.configView();
    expect(view.alertTargets).toEqual([{ id: 'desk', name: 'Front desk', url: d.url, hasToken: true }]);
    expect(h.vault.get(alertTokenKey('desk'))).toBe(TOKEN);
    const everything = [
      JSON.stringify(view),
      JSON.stringify(h.service.auditList(1000)),
      h.service.exportAudit('csv').text,
      JSON.stringify(h.lines),
      ...fs.readdirSync(h.dataDir).map((f) => fs.readFileSync(path.join(h.dataDir, f), 'utf8')),
    ].join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(h.lines.length).toBeGreaterThan(0);

    // Absent keeps the token, null removes it; a target dropped from the list loses its token too.
    h.service.saveConfig({ alertTargets: [{ id: 'desk', name: 'Front desk', url: d.url }] });
    expect(h.vault.has(alertTokenKey('desk'))).toBe(true);
    h.service.saveConfig({ alertTargets: [{ id: 'desk', name: 'Front desk', url: d.url, token: null }] });
    expect(h.vault.has(alertTokenKey('desk'))).toBe(false);
    h.service.saveConfig({ alertTargets: [{ id: 'desk', name: 'Front desk', url: d.url, token: TOKEN }] });
    h.service.saveConfig({ alertTargets: [] });
    expect(h.vault.has(alertTokenKey('desk'))).toBe(false);
  });
});
