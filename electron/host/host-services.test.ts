import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionEvents } from '../../shared/feed/test-support/feed-examples';
import { memoryLogger, useTempDirs } from '../test-support/temp-dir';
import { HostServices } from './host-services';
import { FeedAccess } from './hub/feed-access';
import { createHub } from './hub/hub';
import { applyProvisioningFile } from './provisioning';
import { createKeyFileCipher } from './vault';
import { E911StatusSchema, EmergencyCallPlanSchema } from '../../shared/contract/e911';
import { FileNetworkReader } from './e911/network-reader';

const tempDir = useTempDirs();

function makeHost() {
  const dataDir = tempDir();
  const keyDir = tempDir();
  const { logger, lines } = memoryLogger();
  const host = new HostServices({ kind: 'web', version: '0.0.0-test', dataDir, cipher: createKeyFileCipher(path.join(keyDir, 'k')), logger });
  return { host, dataDir, keyDir, lines };
}

const ALICE = {
  profile: { name: 'Alice', role: 'agent' },
  accounts: [
    { server: 'ws://127.0.0.1:5066', uri: 'sip:alice@warmline.test', authorizationUsername: 'alice', password: 'secret', displayName: 'Alice' },
  ],
};

describe('provisioning file (--config)', () => {
  it('accepts the documented example and stores the password only encrypted', async () => {
    const { host, dataDir } = makeHost();
    const file = path.join(tempDir(), 'config.json');
    fs.writeFileSync(file, JSON.stringify(ALICE));
    expect(applyProvisioningFile(file, host)).toEqual({ ok: true, accounts: 1 });
    const view = await host.dispatch('settings.get', {});
    expect(view).toMatchObject({ ok: true, value: { profile: { name: 'Alice', role: 'agent' } } });
    expect(view.ok && (view.value as { accounts: { id: string; hasPassword: boolean }[] }).accounts[0]).toMatchObject({
      id: 'alice@warmline.test',
      hasPassword: true,
    });
    for (const f of fs.readdirSync(dataDir)) {
      if (fs.statSync(path.join(dataDir, f)).isFile()) expect(fs.readFileSync(path.join(dataDir, f), 'utf8')).not.toContain('secret');
    }
    expect(await host.dispatch('accounts.credentials', { id: 'alice@warmline.test' })).toEqual({ ok: true, value: { password: 'secret', iceServers: [] } });
  });

  it('changes only what the file gives: a later file with just the role keeps the name and the preferences', () => {
    const { host } = makeHost();
    const first = path.join(tempDir(), 'config.json');
    fs.writeFileSync(first, JSON.stringify({ ...ALICE, preferences: { autoAnswer: true, ringVolume: 0.3 } }));
    applyProvisioningFile(first, host);
    const second = path.join(tempDir(), 'config.json');
    fs.writeFileSync(second, JSON.stringify({ profile: { role: 'supervisor' }, preferences: { defaultCountry: 'GB' } }));
    expect(applyProvisioningFile(second, host)).toEqual({ ok: true, accounts: 0 });
    const v = host.view();
    expect(v.profile).toEqual({ name: 'Alice', role: 'supervisor' });
    expect(v.preferences).toMatchObject({ autoAnswer: true, ringVolume: 0.3, defaultCountry: 'GB' });
  });

  it('is idempotent: applying the same file twice keeps one account', () => {
    const { host } = makeHost();
    const file = path.join(tempDir(), 'config.json');
    fs.writeFileSync(file, JSON.stringify(ALICE));
    applyProvisioningFile(file, host);
    applyProvisioningFile(file, host);
    expect(host.view().accounts).toHaveLength(1);
  });

  it.each([
    [{ accounts: [{ ...ALICE.accounts[0], server: 'http://pbx' }] }, /accounts\.0\.server must be a ws:\/\/ or wss:\/\/ URL/],
    [{ accounts: [{ ...ALICE.accounts[0], uri: 'alice' }] }, /accounts\.0\.uri/],
    [{ profile: { role: 'boss' } }, /profile\.role/],
  ])('rejects %j naming the field', (doc, reason) => {
    const { host } = makeHost();
    const file = path.join(tempDir(), 'config.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    const r = applyProvisioningFile(file, host);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
    expect(host.view().accounts).toEqual([]);
  });

  it('says when the file is not JSON', () => {
    const { host } = makeHost();
    const file = path.join(tempDir(), 'config.json');
    fs.writeFileSync(file, '{oops');
    expect(applyProvisioningFile(file, host)).toEqual({ ok: false, reason: expect.stringContaining('cannot read') });
  });
});

describe('bridge dispatch', () => {
  it('validates every payload and names the bad field', async () => {
    const { host } = makeHost();
    expect(await host.dispatch('settings.updatePreferences', { ringVolume: 3 })).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('ringVolume') },
    });
    expect(await host.dispatch('settings.updateProfile', { name: 'x', isAdmin: true })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await host.dispatch('no.such.method', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await host.dispatch('history.record', { id: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('emits settings.changed after a change, and history round-trips newest first', async () => {
    const { host } = makeHost();
    const seen: string[] = [];
    host.on('settings.changed', (v) => seen.push(v.profile.name));
    await host.dispatch('settings.updateProfile', { name: 'Zed' });
    expect(seen).toEqual(['Zed']);
    const rec = (id: string, at: string) => ({
      id,
      direction: 'outbound',
      remote: 'sip:bob@warmline.test',
      remoteName: 'bob',
      accountId: 'a',
      startedAt: at,
      answeredAt: null,
      endedAt: at,
      outcome: 'failed',
      reason: '404 Not Found',
    });
    await host.dispatch('history.record', rec('1', '2026-01-01T00:00:00.000Z'));
    await host.dispatch('history.record', rec('2', '2026-01-01T00:01:00.000Z'));
    const list = await host.dispatch('history.list', { limit: 10 });
    expect(list.ok && (list.value as { id: string }[]).map((r) => r.id)).toEqual(['2', '1']);
  });

  it('reports a missing password as NOT_FOUND rather than an empty string', async () => {
    const { host } = makeHost();
    expect(await host.dispatch('accounts.credentials', { id: 'nobody' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('keeps a damaged history line in the file and still lists the good ones', async () => {
    // The JSONL history of earlier versions is imported when the CDR database first opens (docs/cdr.md).
    const dataDir = tempDir();
    // Recent: older calls than settings.billing.retentionDays (30) are pruned at start.
    const when = new Date().toISOString();
    const good = {
      id: 'ok',
      direction: 'inbound',
      remote: 'sip:a@b',
      accountId: 'a',
      startedAt: when,
      answeredAt: null,
      endedAt: when,
      outcome: 'missed',
    };
    fs.writeFileSync(path.join(dataDir, 'call-history.jsonl'), `garbage\n${JSON.stringify(good)}\n`);
    const { logger, lines } = memoryLogger();
    const host = new HostServices({ kind: 'web', version: '0.0.0-test', dataDir, cipher: createKeyFileCipher(path.join(tempDir(), 'k')), logger });
    await host.dispatch('history.record', { ...good, id: 'new' });
    const list = await host.dispatch('history.list', { limit: 10 });
    expect(list.ok && (list.value as { id: string }[]).map((r) => r.id).sort()).toEqual(['new', 'ok']);
    expect(fs.readFileSync(path.join(dataDir, 'call-history.jsonl'), 'utf8')).toContain('garbage');
    expect(lines.some((l) => l.level === 'warn' && /not JSON/.test(l.message))).toBe(true);
    host.close();
  });
});

describe('key-file vault', () => {
  it('encrypts with a per-installation key and refuses a tampered secret', () => {
    const keyFile = path.join(tempDir(), 'k');
    const cipher = createKeyFileCipher(keyFile);
    const sealed = cipher.encrypt('hunter2');
    expect(sealed.toString('utf8')).not.toContain('hunter2');
    expect(createKeyFileCipher(keyFile).decrypt(sealed)).toBe('hunter2');
    expect((fs.statSync(keyFile).mode & 0o777).toString(8)).toBe('600');
    sealed[sealed.length - 1]! ^= 1;
    expect(() => cipher.decrypt(sealed)).toThrow();
    expect(() => createKeyFileCipher(path.join(tempDir(), 'other')).decrypt(cipher.encrypt('x'))).toThrow();
  });
});

describe('roles enforced by the host', () => {
  const SUPERVISOR_TOKEN = 'supervisor-token-0001';
  const ADMIN_TOKEN = 'admin-token-000000001';

  /** A host provisioned as `role`, with hub tokens and an admin token, and a hub holding one session. */
  function provisionedHost(role: 'agent' | 'supervisor' = 'agent') {
    const made = makeHost();
    const file = path.join(tempDir(), 'config.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        profile: { name: 'Alice', role },
        hub: { platforms: [{ id: 'lab', token: 'platform-token-0001' }], subscriberTokens: [SUPERVISOR_TOKEN] },
        adminToken: ADMIN_TOKEN,
        monitor: { uriTemplate: 'sip:monitor-{sessionId}@lab.warmline.test' },
      }),
    );
    expect(applyProvisioningFile(file, made.host)).toMatchObject({ ok: true });
    const { logger } = memoryLogger();
    const hub = createHub({ dbFile: path.join(tempDir(), 'feed.sqlite'), platforms: [], subscriberTokens: [], log: logger.child('hub') });
    hub.ingest('lab', sessionEvents('s-1'));
    made.host.feed = new FeedAccess(hub);
    return { ...made, hub, file };
  }

  const FEED_CALLS = [
    ['feed.sessions', {}],
    ['feed.session', { id: 's-1' }],
    ['feed.replay', { after: 0 }],
    ['feed.exportCsv', {}],
  ] as const;

  it('refuses every feed method to an agent with FORBIDDEN naming the role, even with a bad payload', async () => {
    const { host, hub } = provisionedHost();
    for (const [method, payload] of FEED_CALLS) {
      expect(await host.dispatch(method, payload)).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.stringMatching(/^Your role \(agent\) cannot ((read|export) AI sessions|send guidance to the AI): sign in as a supervisor\.$/) },
      });
    }
    expect(await host.dispatch('feed.replay', { after: -1, junk: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.dispatch('feed.guidance', { sessionId: 's-1', text: 'Offer a callback' })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Your role (agent) cannot send guidance to the AI: sign in as a supervisor.' },
    });
    hub.close();
  });

  it('signs in as supervisor with a subscriber token, for this run only', async () => {
    const { host, hub, dataDir } = provisionedHost();
    const changed: string[] = [];
    host.on('settings.changed', (v) => changed.push(v.profile.role));

    expect(await host.dispatch('session.signIn', { role: 'supervisor', token: 'not-the-token-at-all' })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'That token does not grant the supervisor role; ask your admin for one.' },
    });
    expect(await host.dispatch('session.signIn', { role: 'supervisor' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('needs a token') } });
    expect(host.role()).toBe('agent');

    const signedIn = await host.dispatch('session.signIn', { role: 'supervisor', token: SUPERVISOR_TOKEN });
    expect(signedIn).toMatchObject({ ok: true, value: { profile: { name: 'Alice', role: 'supervisor' } } });
    expect(changed).toEqual(['supervisor']);
    for (const [method, payload] of FEED_CALLS) expect((await host.dispatch(method, payload)).ok, method).toBe(true);
    expect(await host.dispatch('feed.session', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    hub.ingest('lab', sessionEvents('s-live').filter((e) => e.type !== 'session.ended'));
    expect(await host.dispatch('feed.guidance', { sessionId: 's-live', text: '  Offer a callback ' })).toEqual({ ok: true, value: { id: 1 } });
    expect(await host.dispatch('feed.guidance', { sessionId: 's-1', text: 'Too late' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('has ended') } });
    expect(await host.dispatch('feed.guidance', { sessionId: 'nope', text: 'Hello' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await host.dispatch('feed.guidance', { sessionId: 's-live', text: '   ' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await host.dispatch('feed.guidance', { sessionId: 's-live', text: 'x'.repeat(501) })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });

    // Never written down: the settings file keeps the provisioned role, and the next start is an agent again.
    const stored = JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')) as { profile: { role: string } };
    expect(stored.profile.role).toBe('agent');
    const again = new HostServices({ kind: 'web', version: 't', dataDir, cipher: createKeyFileCipher(path.join(tempDir(), 'k')), logger: memoryLogger().logger });
    expect(again.role()).toBe('agent');

    // Signing in as an agent needs no token and ends the supervisor's access.
    expect(await host.dispatch('session.signIn', { role: 'agent' })).toMatchObject({ ok: true, value: { profile: { role: 'agent' } } });
    expect(await host.dispatch('feed.sessions', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    hub.close();
  });

  it('signs in as admin only with the provisioned admin token, which is stored only encrypted', async () => {
    const { host, hub, dataDir } = provisionedHost();
    expect(await host.dispatch('session.signIn', { role: 'admin', token: SUPERVISOR_TOKEN })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'That token does not grant the admin role; ask your admin for one.' },
    });
    expect(await host.dispatch('session.signIn', { role: 'admin', token: ADMIN_TOKEN })).toMatchObject({ ok: true, value: { profile: { role: 'admin' } } });
    expect((await host.dispatch('feed.sessions', {})).ok).toBe(true);
    for (const f of fs.readdirSync(dataDir)) {
      if (fs.statSync(path.join(dataDir, f)).isFile()) expect(fs.readFileSync(path.join(dataDir, f), 'utf8')).not.toContain(ADMIN_TOKEN);
    }
    // A file with "adminToken": null revokes it.
    const revoke = path.join(tempDir(), 'revoke.json');
    fs.writeFileSync(revoke, JSON.stringify({ adminToken: null }));
    applyProvisioningFile(revoke, host);
    await host.dispatch('session.signIn', { role: 'agent' });
    expect(await host.dispatch('session.signIn', { role: 'admin', token: ADMIN_TOKEN })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    hub.close();
  });

  it('lets settings.updateProfile keep or lower the role, never raise it', async () => {
    const { host, hub } = provisionedHost();
    expect(await host.dispatch('settings.updateProfile', { name: 'Mallory', role: 'supervisor' })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('Your role (agent) cannot be raised to supervisor') },
    });
    expect(await host.dispatch('settings.updateProfile', { role: 'admin' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(host.view().profile).toEqual({ name: 'Alice', role: 'agent' });
    expect(await host.dispatch('settings.updateProfile', { name: 'Al', role: 'agent' })).toMatchObject({ ok: true, value: { profile: { name: 'Al', role: 'agent' } } });

    await host.dispatch('session.signIn', { role: 'supervisor', token: SUPERVISOR_TOKEN });
    // A name change (or the whole profile sent back) keeps the signed-in role...
    expect(await host.dispatch('settings.updateProfile', { name: 'Alice' })).toMatchObject({ ok: true, value: { profile: { role: 'supervisor' } } });
    expect(await host.dispatch('settings.updateProfile', { name: 'Alice', role: 'supervisor' })).toMatchObject({ ok: true, value: { profile: { role: 'supervisor' } } });
    expect(await host.dispatch('settings.updateProfile', { role: 'admin' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // ...and lowering to agent is fine.
    expect(await host.dispatch('settings.updateProfile', { role: 'agent' })).toMatchObject({ ok: true, value: { profile: { role: 'agent' } } });
    expect(await host.dispatch('feed.replay', { after: 0 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    hub.close();
  });

  it('starts a provisioned supervisor as supervisor, who may step down and back without a token', async () => {
    const { host, hub } = provisionedHost('supervisor');
    expect((await host.dispatch('feed.sessions', { live: true })).ok).toBe(true);
    await host.dispatch('session.signIn', { role: 'agent' });
    expect(await host.dispatch('feed.sessions', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.dispatch('session.signIn', { role: 'supervisor' })).toMatchObject({ ok: true });
    expect(await host.dispatch('session.signIn', { role: 'admin' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    hub.close();
  });

  it('shows the provisioned monitor address in the settings view, and refuses one without {sessionId}', () => {
    const { host, hub } = provisionedHost();
    expect(host.view().monitor).toEqual({ uriTemplate: 'sip:monitor-{sessionId}@lab.warmline.test', modeHeader: 'X-Warmline-Monitor-Mode' });
    const bad = path.join(tempDir(), 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ monitor: { uriTemplate: 'sip:monitor@lab.warmline.test' } }));
    expect(applyProvisioningFile(bad, host)).toEqual({ ok: false, reason: expect.stringMatching(/monitor\.uriTemplate must contain \{sessionId\}/) });
    // A file that gives only the header keeps the stored template.
    const header = path.join(tempDir(), 'header.json');
    fs.writeFileSync(header, JSON.stringify({ monitor: { modeHeader: 'X-Spy-Mode' } }));
    applyProvisioningFile(header, host);
    expect(host.view().monitor).toEqual({ uriTemplate: 'sip:monitor-{sessionId}@lab.warmline.test', modeHeader: 'X-Spy-Mode' });
    hub.close();
  });

  it('refuses an admin token that repeats a hub token', () => {
    const { host } = makeHost();
    const file = path.join(tempDir(), 'config.json');
    fs.writeFileSync(file, JSON.stringify({ hub: { subscriberTokens: [SUPERVISOR_TOKEN] }, adminToken: SUPERVISOR_TOKEN }));
    expect(applyProvisioningFile(file, host)).toEqual({ ok: false, reason: expect.stringContaining('adminToken repeats a hub token') });
  });
});

describe('partial updates', () => {
  it('change only the fields given (a device choice does not reset auto-answer)', async () => {
    const { host } = makeHost();
    await host.dispatch('settings.updatePreferences', { autoAnswer: true, ringVolume: 0.3 });
    expect(await host.dispatch('settings.updatePreferences', { speakerId: 'usb-headset' })).toMatchObject({
      ok: true,
      value: { preferences: { autoAnswer: true, ringVolume: 0.3, speakerId: 'usb-headset' } },
    });
    await host.dispatch('settings.updateProfile', { name: 'Zed' });
    expect(host.view().profile).toEqual({ name: 'Zed', role: 'agent' });
  });
});

describe('E911 over the bridge', () => {
  const HQ = { country: 'US', A1: 'NY', A3: 'New York', A6: '46th', STS: 'Street', HNO: '1633', FLR: '4', PC: '10036' };
  const OFFICE = { interfaces: [{ name: 'eth0', cidrs: ['10.20.4.17/24'] }], gatewayMac: null, bssid: null };

  function e911Host(role: 'agent' | 'admin', networkFile?: string) {
    const dataDir = tempDir();
    const { logger, lines } = memoryLogger();
    const host = new HostServices({
      kind: 'web',
      version: '0.0.0-test',
      dataDir,
      cipher: createKeyFileCipher(path.join(tempDir(), 'k')),
      logger,
      ...(networkFile ? { networkReader: new FileNetworkReader(networkFile, logger.child('net')), networkPollMs: 60_000 } : {}),
    });
    const file = path.join(tempDir(), 'config.json');
    fs.writeFileSync(file, JSON.stringify({ ...ALICE, profile: { name: 'Alice', role } }));
    expect(applyProvisioningFile(file, host)).toMatchObject({ ok: true });
    return { host, dataDir, lines };
  }

  it('keeps the admin methods to admins and lets an agent read, confirm and call', async () => {
    const { host } = e911Host('agent');
    for (const m of ['e911.config', 'e911.saveConfig', 'e911.audit', 'e911.exportAudit', 'e911.importLocations']) {
      expect(await host.dispatch(m, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const status = await host.dispatch('e911.status', {});
    expect(status.ok && E911StatusSchema.parse(status.value).state).toBe('none');
    const changed: string[] = [];
    host.on('e911.changed', (s) => changed.push(s.state));
    expect(await host.dispatch('e911.confirm', { address: HQ })).toMatchObject({ ok: true, value: { confirmed: true, status: { state: 'confirmed' } } });
    expect(changed).toEqual(['confirmed']);
    expect(await host.dispatch('e911.confirm', { address: { ...HQ, HNO: '12A' } })).toMatchObject({ ok: true, value: { confirmed: false, issues: [{ field: 'HNO' }] } });
    const announced: string[] = [];
    host.on('e911.emergency', (a) => announced.push(a.emergencyId));
    const plan = await host.dispatch('e911.emergencyCall', { number: '911', accountId: 'alice@warmline.test' });
    expect(plan.ok).toBe(true);
    const p = EmergencyCallPlanSchema.parse(plan.ok ? plan.value : null);
    expect(p.routes).toEqual([{ accountId: 'alice@warmline.test', uri: 'sip:911@warmline.test' }]);
    expect(p.contentId).toBe(`${p.emergencyId}@warmline.test`);
    expect(announced).toEqual([p.emergencyId]);
    expect(await host.dispatch('e911.emergencyCallUpdate', { emergencyId: p.emergencyId, event: 'answered' })).toEqual({ ok: true, value: { stored: true } });
    host.close();
  });

  it('lets an admin set up locations and read and export the audit, each entry naming who did it', async () => {
    const { host } = e911Host('admin');
    expect(await host.dispatch('e911.saveLocation', { id: 'hq-4', address: HQ })).toMatchObject({ ok: true, value: { saved: true } });
    expect(await host.dispatch('e911.saveConfig', { mappings: { subnets: [{ cidr: '10.20.4.0/24', locationId: 'hq-4' }] } })).toMatchObject({ ok: true, value: { saved: true } });
    const audit = await host.dispatch('e911.audit', {});
    expect(audit).toMatchObject({ ok: true, value: [{ kind: 'admin.config.saved', actor: 'Alice (admin)' }, { kind: 'admin.location.saved', actor: 'Alice (admin)' }] });
    expect(await host.dispatch('e911.exportAudit', { format: 'csv' })).toMatchObject({ ok: true, value: { entries: 2, mime: 'text/csv; charset=utf-8' } });
    host.close();
  });

  it('watches the network file it is given from the start, and close() stops it', async () => {
    const net = path.join(tempDir(), 'net.json');
    fs.writeFileSync(net, JSON.stringify(OFFICE));
    const { host } = e911Host('agent', net);
    await host.e911.watcher?.poll();
    const s = await host.dispatch('e911.status', {});
    expect(s).toMatchObject({ ok: true, value: { network: { summary: 'eth0 10.20.4.17/24' } } });
    host.close();
  });
});
