import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sessionEvents } from '../../shared/feed/test-support/feed-examples';
import { HostServices } from '../host/host-services';
import { bridgeEvents, watchTransferRequests } from '../host/hub/bridge-events';
import { createHub, type Hub } from '../host/hub/hub';
import { createKeyFileCipher } from '../host/vault';
import { memoryLogger, useTempDirs } from '../test-support/temp-dir';
import { startWebHost, type WebHostServer } from './server';
import { parseWebHostArgs } from './args';

const tempDir = useTempDirs();
let server: WebHostServer | null = null;
let hub: Hub | null = null;
afterEach(async () => {
  hub?.close();
  hub = null;
  await server?.close();
  server = null;
});

const PLATFORM_TOKEN = 'lab-platform-token-0001';
const SUBSCRIBER_TOKEN = 'supervisor-token-0001';

async function start(withHub = false) {
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  const { logger } = memoryLogger();
  const dataDir = tempDir();
  const services = new HostServices({
    kind: 'web',
    version: 't',
    dataDir,
    cipher: createKeyFileCipher(path.join(tempDir(), 'k')),
    logger,
  });
  if (!withHub) {
    server = await startWebHost({ port: 0, rendererDir, services, log: logger.child('web') });
    return server;
  }
  // As main.ts wires it.
  hub = createHub({
    dbFile: path.join(dataDir, 'hub', 'feed.sqlite'),
    platforms: [{ id: 'lab', token: PLATFORM_TOKEN }],
    subscriberTokens: [SUBSCRIBER_TOKEN],
    log: logger.child('hub'),
    notices: services.notices,
  });
  const events = bridgeEvents(services, watchTransferRequests(hub, logger.child('hub')));
  server = await startWebHost({ port: 0, rendererDir, services, log: logger.child('web'), hub, events });
  return server;
}

function connect(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

describe('web host', () => {
  it('serves the renderer with a CSP on 127.0.0.1', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(s.url + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(s.url + '/../../etc/passwd')).status).not.toBe(500);
  });

  it('answers bridge requests over the WebSocket and pushes events', async () => {
    const s = await start();
    const ws = await connect(`ws://127.0.0.1:${s.port}/bridge`, s.url);
    const frames: unknown[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ id: 1, method: 'host.info', payload: {} }));
    ws.send(JSON.stringify({ id: 2, method: 'settings.updateProfile', payload: { name: 'Web' } }));
    ws.send(JSON.stringify({ id: 3, method: 'settings.updateProfile', payload: { role: 'root' } }));
    await expect.poll(() => frames.length).toBe(4);
    expect(frames).toContainEqual({ id: 1, result: { ok: true, value: { kind: 'web', version: 't', platform: process.platform } } });
    expect(frames).toContainEqual(expect.objectContaining({ event: 'settings.changed' }));
    expect(frames).toContainEqual({ id: 3, result: { ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('role') } } });
    ws.close();
  });

  it('refuses bridge connections from another origin', async () => {
    const s = await start();
    await expect(connect(`ws://127.0.0.1:${s.port}/bridge`, 'http://evil.example')).rejects.toThrow(/403/);
  });
});

describe('web host with the session feed hub', () => {
  it('serves /feed/v1 on the same port, next to the app and the bridge', async () => {
    const s = await start(true);
    const post = (token: string | null) =>
      fetch(`${s.url}/feed/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(sessionEvents('s-1')),
      });
    expect((await post(null)).status).toBe(401);
    expect(await (await post(PLATFORM_TOKEN)).json()).toMatchObject({ accepted: 9, cursor: 9 });
    // Feed paths never fall back to the app shell.
    const missing = await fetch(`${s.url}/feed/v1/nothing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/json/);
    expect((await fetch(s.url + '/')).status).toBe(200);

    // The stream is not subject to the bridge's same-origin rule: it has its own token.
    const stream = new WebSocket(`ws://127.0.0.1:${s.port}/feed/v1/stream?cursor=0&token=${SUBSCRIBER_TOKEN}`, { origin: 'http://supervisor.example' });
    const frames: { cursor?: number; type?: string }[] = [];
    stream.on('message', (d) => frames.push(JSON.parse(d.toString())));
    await expect.poll(() => frames.at(-1)?.type).toBe('ready');
    expect(frames.filter((f) => f.cursor !== undefined && f.type === undefined)).toHaveLength(9);
    stream.close();
  });

  it('pushes feed.transferRequested to every connected renderer', async () => {
    const s = await start(true);
    const renderers = await Promise.all([connect(`ws://127.0.0.1:${s.port}/bridge`, s.url), connect(`ws://127.0.0.1:${s.port}/bridge`, s.url)]);
    const got = renderers.map(() => [] as { event?: string; payload?: { sessionId: string; targetAgent: string } }[]);
    renderers.forEach((ws, i) => ws.on('message', (d) => got[i]!.push(JSON.parse(d.toString()))));
    await fetch(`${s.url}/feed/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${PLATFORM_TOKEN}` },
      body: JSON.stringify(sessionEvents('s-9')),
    });
    for (const frames of got) {
      await expect.poll(() => frames.filter((f) => f.event === 'feed.transferRequested')).toEqual([
        { event: 'feed.transferRequested', payload: expect.objectContaining({ sessionId: 's-9', targetAgent: 'sip:alice@lab.warmline.test' }) },
      ]);
    }
    renderers.forEach((ws) => ws.close());
  });
});

describe('web host arguments', () => {
  const defaults = { dataDir: '/d', keyFile: '/k' };
  it('parses the documented flags', () => {
    expect(parseWebHostArgs(['--port', '0', '--data-dir', 'x', '--config', 'c.json', '--key-file', 'k'], defaults)).toEqual({
      ok: true,
      args: { port: 0, dataDir: 'x', keyFile: 'k', config: 'c.json', lab: false, labIfUnconfigured: false, networkFile: null, networkPollMs: 5000, help: false },
    });
  });
  it('--lab opens the Lab', () => {
    expect(parseWebHostArgs(['--lab'], defaults)).toMatchObject({ ok: true, args: { lab: true, dataDir: '/d' } });
  });
  it('--network-file and --network-poll-ms choose the E911 network source and its pace', () => {
    expect(parseWebHostArgs(['--network-file', 'net.json', '--network-poll-ms', '250'], defaults)).toMatchObject({
      ok: true,
      args: { networkFile: 'net.json', networkPollMs: 250 },
    });
  });
  it.each([
    [['--port', '70000']],
    [['--port']],
    [['--bogus']],
    [['--config', '--port']],
    [['--network-file']],
    [['--network-poll-ms', '50']],
    [['--network-poll-ms', '1.5']],
    [['--network-poll-ms', 'soon']],
  ])('rejects %j', (argv) => {
    expect(parseWebHostArgs(argv, defaults).ok).toBe(false);
  });
});
