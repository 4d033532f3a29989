import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRIDGE_EVENT_NAMES, BRIDGE_METHOD_NAMES, type BridgeMethodName } from '../../shared/contract/names';
import { CONTEXT_VERSION } from '../../shared/context/transfer-context';
import { sessionEvents } from '../../shared/feed/test-support/feed-examples';
import { useTempDirs } from '../test-support/temp-dir';
import { readZip } from './diagnostics/zip-archive';
import { composeFeedHub } from './feed-composition';
import { HostServices } from './host-services';
import { createLogger } from './logger';
import { applyProvisioningFile } from './provisioning';
import { createKeyFileCipher } from './vault';

/**
 * Issue #9, Done when: "no credential appears in the settings file, the logs
 * or any bridge response in clear". Every kind of secret Warmline keeps goes
 * in through the door that takes it (the provisioning file, accounts.save,
 * settings.updateContextServer, e911.saveConfig), is used where it is meant
 * for (sign-in, the context server, the security desk's webhook, the feed
 * hub's ingest), every bridge method is called, and then each secret is
 * looked for, as is and base64- or hex-encoded, in:
 *   - every file under the data folder (settings.json, e911 files, the CDR and
 *     hub databases, CDR exports, the inflated entries of a diagnostics ZIP),
 *     the vault's secrets.json included: it must hold them, but sealed;
 *   - the log files the host's logger writes (warmline.log in a temp folder);
 *   - the JSON of every bridge response and every bridge event.
 *
 * The one exception, by design: accounts.credentials answers an account's
 * password (a Twilio account's seat token) to the renderer, which needs it to
 * register (sip.js) or to ask the token URL (TokenSource). It is asserted to
 * do exactly that and is left out of the response search.
 *
 * TURN credentials (iceServers[].credential) go in with an account and its
 * provisioning and must come back only from accounts.credentials, with the
 * password.
 *
 * Not covered here: what the renderer itself puts in log.write messages beyond the
 * patterns the logger redacts (password="…", user:password@ in URLs).
 */

const tempDir = useTempDirs();

const SECRETS = {
  sipPassword: 'sip-pw-Q7v2Lx9Rk4',
  provisionedSipPassword: 'prov-pw-H3m8Zt1Wc6',
  twilioSeatToken: 'twilio-seat-T5n0Bd7Yq2Pj',
  contextBearer: 'ctx-bearer-M4k9Vs2Ue8Gh',
  hubPlatformToken: 'hub-platform-A1s6Df3Gh8Jk',
  hubSubscriberToken: 'hub-subscriber-Z9x4Cv7Bn2Mq',
  adminToken: 'admin-token-P0o9Ii8Uu7Yy',
  e911AlertToken: 'e911-alert-L2k3Jh4Gf5Ds',
  turnCredential: 'turn-cred-W3e4Rr5Tt6Yy',
  provisionedTurnCredential: 'prov-turn-K8j7Hh6Gg5Ff',
  /** A wrong token presented at sign-in and to the hub: a mistyped real one must not be logged either. */
  wrongGuess: 'wrong-guess-R8e7Ww6Qq5Tt',
} as const;

const TURN = { urls: 'turn:turn.example.com:3478?transport=udp', username: 'alice' };
const SIP_ACCOUNT = {
  id: 'alice@pbx.example.com',
  server: 'wss://pbx.example.com/ws',
  uri: 'sip:alice@pbx.example.com',
  authorizationUsername: 'alice',
  iceServers: [{ ...TURN, credential: SECRETS.turnCredential }],
};
const TWILIO_ACCOUNT = { id: 'twilio-seat-7', kind: 'twilio', displayName: 'Twilio', tokenUrl: 'https://warmline-1234.twil.io/warmline-token', edge: ['ashburn'] };
const HQ = { country: 'US', A1: 'NY', A3: 'New York', A6: '46th', STS: 'Street', HNO: '1633', FLR: '4', PC: '10036' };

/** The secret as is, and the encodings a careless serializer would use. */
function forms(secret: string): string[] {
  return [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url'), Buffer.from(secret).toString('hex')];
}

function leaksIn(text: string): string[] {
  return Object.entries(SECRETS).flatMap(([name, secret]) => (forms(secret).some((f) => text.includes(f)) ? [name] : []));
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

/** A file's text as a search sees it: ZIP entries inflated (a diagnostics bundle is deflated), anything else byte for byte. */
function searchable(file: string): string {
  const bytes = fs.readFileSync(file);
  if (file.endsWith('.zip')) return readZip(bytes).map((e) => `${e.name}\n${e.data.toString('utf8')}`).join('\n');
  return bytes.toString('latin1');
}

describe('credentials never appear in clear (issue #9)', () => {
  it('not in the data folder, not in the logs, not in any bridge response or event', async () => {
    const dataDir = tempDir();
    const logDir = path.join(dataDir, 'logs');
    const logger = createLogger({ dir: logDir, console: false, minLevel: 'debug' });
    const outbound: { url: string; authorization: string | null }[] = [];
    const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      const headers = new Headers(init?.headers);
      outbound.push({ url, authorization: headers.get('authorization') });
      if (url.startsWith('https://ctx.example.com/')) {
        return new Response(JSON.stringify({ version: CONTEXT_VERSION, sessionId: 'sess-1', intent: 'Billing' }), { status: 200, headers: { 'content-type': 'application/json' } });
      }
      return new Response('', { status: 202 });
    }) as typeof fetch;
    const host = new HostServices({
      kind: 'web',
      version: '0.0.0-test',
      dataDir,
      logDir,
      cipher: createKeyFileCipher(path.join(tempDir(), 'key')),
      logger,
      fetch: fakeFetch,
      alertTimeoutMs: 1000,
      alertRetryDelaysMs: [],
    });

    const responses: { method: string; json: string }[] = [];
    const events: string[] = [];
    for (const name of BRIDGE_EVENT_NAMES) host.on(name, (p) => events.push(`${name} ${JSON.stringify(p)}`));
    const call = async (method: BridgeMethodName, payload: unknown = {}) => {
      const r = await host.dispatch(method, payload);
      if (method !== 'accounts.credentials') responses.push({ method, json: JSON.stringify(r) });
      return r;
    };

    // 1. Provisioning: a SIP password, the context server's bearer token, the hub's tokens, the admin token.
    const config = path.join(tempDir(), 'config.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        profile: { name: 'Alice', role: 'agent' },
        accounts: [{ ...SIP_ACCOUNT, id: 'provisioned', password: SECRETS.provisionedSipPassword, iceServers: [{ ...TURN, credential: SECRETS.provisionedTurnCredential }] }],
        contextServer: { urlTemplate: 'https://ctx.example.com/contexts/{id}', bearerToken: SECRETS.contextBearer },
        hub: { platforms: [{ id: 'ai-platform', token: SECRETS.hubPlatformToken }], subscriberTokens: [SECRETS.hubSubscriberToken] },
        adminToken: SECRETS.adminToken,
      }),
    );
    expect(applyProvisioningFile(config, host)).toEqual({ ok: true, accounts: 1 });

    // 2. The agent's own accounts through the bridge: a SIP password and a Twilio seat token.
    expect(await call('accounts.save', { account: SIP_ACCOUNT, password: SECRETS.sipPassword })).toMatchObject({ ok: true });
    expect(await call('accounts.save', { account: TWILIO_ACCOUNT, password: SECRETS.twilioSeatToken })).toMatchObject({ ok: true });
    expect(await call('settings.updateContextServer', { urlTemplate: 'https://ctx.example.com/contexts/{id}', bearerToken: SECRETS.contextBearer })).toMatchObject({ ok: true });
    // A refused request that carries a secret: the error names the field, never the value.
    expect(await call('settings.updateContextServer', { urlTemplate: 'no placeholder', bearerToken: SECRETS.contextBearer })).toMatchObject({ ok: false });
    expect(await call('accounts.save', { account: { ...SIP_ACCOUNT, server: 'http://pbx' }, password: SECRETS.sipPassword })).toMatchObject({ ok: false });

    // 3. Sign-in: a wrong guess (refused and logged), the hub's subscriber token, then the admin token.
    expect(await call('session.signIn', { role: 'admin', token: SECRETS.wrongGuess })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('session.signIn', { role: 'supervisor', token: SECRETS.hubSubscriberToken })).toMatchObject({ ok: true, value: { profile: { role: 'supervisor' } } });
    expect(await call('session.signIn', { role: 'admin', token: SECRETS.adminToken })).toMatchObject({ ok: true, value: { profile: { role: 'admin' } } });

    // 4. The security desk's webhook token, and an emergency call that uses it.
    expect(await call('e911.saveLocation', { id: 'hq-4', address: HQ })).toMatchObject({ ok: true });
    expect(
      await call('e911.saveConfig', { alertTargets: [{ id: 'desk', name: 'Security desk', url: 'https://desk.example.com/alerts', token: SECRETS.e911AlertToken }] }),
    ).toMatchObject({ ok: true });
    expect(await call('e911.confirm', { locationId: 'hq-4' })).toMatchObject({ ok: true });
    expect(await call('e911.emergencyCall', { number: '933', accountId: SIP_ACCOUNT.id })).toMatchObject({ ok: true });
    expect(await call('e911.emergencyCall', { number: '911', accountId: TWILIO_ACCOUNT.id })).toMatchObject({ ok: true });
    await host.e911.alertsSettled();

    // 5. The context server, with its bearer token; a Twilio call and a SIP call recorded.
    expect(await call('context.fetch', { id: 'ctx-42' })).toMatchObject({ ok: true });
    for (const [id, accountId] of [['c-sip', SIP_ACCOUNT.id], ['c-twilio', TWILIO_ACCOUNT.id]] as const) {
      const startedAt = new Date(Date.now() - 60_000).toISOString();
      expect(await call('cdr.begin', { id, direction: 'inbound', remote: '+14155550100', accountId, startedAt })).toMatchObject({ ok: true });
      const record = {
        id,
        direction: 'inbound',
        remote: '+14155550100',
        remoteName: 'Dana',
        accountId,
        startedAt,
        answeredAt: startedAt,
        endedAt: new Date().toISOString(),
        outcome: 'answered',
        reason: '',
        context: null,
        notes: '',
      };
      expect(await call('history.record', record)).toMatchObject({ ok: true });
    }

    // 6. The session feed hub, composed as both hosts do, taking an AI platform's events with its token over HTTP.
    const feed = composeFeedHub(host, logger, dataDir);
    const server = http.createServer((req, res) => {
      if (!feed.hub.handleHttp(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const ingest = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed/v1/events`;
    const post = (token: string) =>
      globalThis.fetch(ingest, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(sessionEvents('s-1')) });
    expect((await post(SECRETS.wrongGuess)).status).toBe(401);
    expect((await post(SECRETS.hubPlatformToken)).status).toBeLessThan(300);

    // 7. The renderer's log lines, including secrets in the patterns the logger redacts.
    await call('log.write', { level: 'info', scope: 'sip', message: `REGISTER Authorization: Digest username="alice", response="abc", password="${SECRETS.sipPassword}"` });
    await call('log.write', { level: 'warn', scope: 'sip', message: `transport wss://alice:${SECRETS.sipPassword}@pbx.example.com/ws closed` });

    // 8. Every method of the bridge, reads with real payloads, the rest as sent with nothing (refusals are responses too).
    const READS: [BridgeMethodName, unknown][] = [
      ['host.info', {}],
      ['settings.get', {}],
      ['notices.list', {}],
      ['history.list', { limit: 50 }],
      ['lab.status', {}],
      ['feed.sessions', {}],
      ['feed.session', { id: 's-1' }],
      ['feed.replay', { after: 0 }],
      ['feed.exportCsv', {}],
      ['e911.status', {}],
      ['e911.config', {}],
      ['e911.audit', { limit: 500 }],
      ['e911.exportAudit', { format: 'json' }],
      ['e911.exportAudit', { format: 'csv' }],
      ['cdr.query', {}],
      ['cdr.reconcile', {}],
      ['billing.get', {}],
      ['diagnostics.export', {}],
    ];
    for (const [method, payload] of READS) expect(await call(method, payload), method).toMatchObject({ ok: true });
    const exported = new Promise<void>((resolve) => host.on('cdr.exportProgress', (p) => p.done && resolve()));
    expect(await call('cdr.export', { format: 'json' })).toMatchObject({ ok: true });
    await exported;
    for (const method of BRIDGE_METHOD_NAMES) if (method !== 'accounts.credentials') await call(method, {});

    // The one exception: the renderer gets each account's secret to connect with.
    expect(await call('accounts.credentials', { id: SIP_ACCOUNT.id })).toEqual({ ok: true, value: { password: SECRETS.sipPassword, iceServers: [{ ...TURN, credential: SECRETS.turnCredential }] } });
    expect(await call('accounts.credentials', { id: 'provisioned' })).toEqual({
      ok: true,
      value: { password: SECRETS.provisionedSipPassword, iceServers: [{ ...TURN, credential: SECRETS.provisionedTurnCredential }] },
    });
    expect(await call('accounts.credentials', { id: TWILIO_ACCOUNT.id })).toEqual({ ok: true, value: { password: SECRETS.twilioSeatToken, iceServers: [] } });
    // What settings.get shows instead: that a credential is stored.
    const shown = await call('settings.get', {});
    expect(JSON.stringify(shown)).toContain('"hasCredential":true');

    // The secrets were used where they belong, so finding none elsewhere means something.
    expect(outbound).toContainEqual({ url: 'https://ctx.example.com/contexts/ctx-42', authorization: `Bearer ${SECRETS.contextBearer}` });
    expect(outbound).toContainEqual({ url: 'https://desk.example.com/alerts', authorization: `Bearer ${SECRETS.e911AlertToken}` });
    expect(host.view().accounts.map((a) => [a.id, a.kind, a.hasPassword])).toEqual([
      ['provisioned', 'sip', true],
      [SIP_ACCOUNT.id, 'sip', true],
      [TWILIO_ACCOUNT.id, 'twilio', true],
    ]);

    await new Promise<void>((resolve) => server.close(() => resolve()));
    feed.hub.close();
    host.close();

    const files = filesUnder(dataDir);
    const names = files.map((f) => path.relative(dataDir, f));
    // What was searched, so a file the host stops writing (or starts writing elsewhere) is noticed.
    expect(names).toEqual(expect.arrayContaining(['settings.json', 'secrets.json', 'logs/warmline.log', 'e911.json']));
    expect(names.some((n) => n.startsWith('diagnostics/') && n.endsWith('.zip'))).toBe(true);
    expect(names.some((n) => n.startsWith('exports/'))).toBe(true);
    expect(names.some((n) => n.startsWith('hub/'))).toBe(true);
    for (const file of files) expect(leaksIn(searchable(file)), path.relative(dataDir, file)).toEqual([]);

    // The vault holds every secret, sealed.
    const vault = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(vault)).toEqual(
      expect.arrayContaining([
        'account:provisioned:password',
        `account:${SIP_ACCOUNT.id}:password`,
        `account:${TWILIO_ACCOUNT.id}:password`,
        'context-server:bearer-token',
        'hub:tokens',
        'roles:admin-token',
        'e911:alert:desk:token',
      ]),
    );

    const log = fs.readFileSync(path.join(logDir, 'warmline.log'), 'utf8');
    expect(log).toContain('sign-in refused'); // the logs were written to, with the events around the secrets
    expect(log).toContain('[redacted]');
    expect(leaksIn(log)).toEqual([]);

    expect(responses.length).toBeGreaterThan(BRIDGE_METHOD_NAMES.length);
    for (const r of responses) expect(leaksIn(r.json), r.method).toEqual([]);
    expect(events.some((e) => e.startsWith('settings.changed'))).toBe(true);
    for (const e of events) expect(leaksIn(e), e.slice(0, 40)).toEqual([]);
  }, 30_000);
});
