import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HostServices } from '../host/host-services';
import { createKeyFileCipher } from '../host/vault';
import { memoryLogger, useTempDirs } from '../test-support/temp-dir';
import { startWebHost, type WebHostServer } from './server';
import { parseWebHostArgs } from './args';

const tempDir = useTempDirs();
let server: WebHostServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start() {
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  const { logger } = memoryLogger();
  const services = new HostServices({
    kind: 'web',
    version: 't',
    dataDir: tempDir(),
    cipher: createKeyFileCipher(path.join(tempDir(), 'k')),
    logger,
  });
  server = await startWebHost({ port: 0, rendererDir, services, log: logger.child('web') });
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

describe('web host arguments', () => {
  const defaults = { dataDir: '/d', keyFile: '/k' };
  it('parses the documented flags', () => {
    expect(parseWebHostArgs(['--port', '0', '--data-dir', 'x', '--config', 'c.json', '--key-file', 'k'], defaults)).toEqual({
      ok: true,
      args: { port: 0, dataDir: 'x', keyFile: 'k', config: 'c.json', help: false },
    });
  });
  it.each([[['--port', '70000']], [['--port']], [['--bogus']], [['--config', '--port']]])('rejects %j', (argv) => {
    expect(parseWebHostArgs(argv, defaults).ok).toBe(false);
  });
});
