import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostServices } from '../host/host-services';
import { createKeyFileCipher } from '../host/vault';
import { memoryLogger, useTempDirs } from '../test-support/temp-dir';
import { exportUrl, startWebHost, type WebHostServer } from './server';

const tempDir = useTempDirs();
let server: WebHostServer | null = null;
let services: HostServices | null = null;
afterEach(async () => {
  await server?.close();
  services?.close();
  server = null;
  services = null;
});

async function start() {
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  const { logger } = memoryLogger();
  services = new HostServices({ kind: 'web', version: 't', dataDir: tempDir(), cipher: createKeyFileCipher(path.join(tempDir(), 'k')), logger, exportUrl });
  services.settings.update((s) => ({ ...s, profile: { name: 'Sam', role: 'supervisor' } }));
  server = await startWebHost({ port: 0, rendererDir, services, log: logger.child('web') });
  return { server, services };
}

async function finishedExport(s: HostServices): Promise<string> {
  const done = new Promise<string | null>((resolve) => s.on('cdr.exportProgress', (p) => p.done && resolve(p.location)));
  const r = await s.dispatch('cdr.export', { format: 'csv' });
  if (!r.ok) throw new Error(r.error.message);
  const location = (r.value as { location: string }).location;
  expect(await done).toBe(location);
  return location;
}

describe('GET /exports/<exportId>', () => {
  it('streams a finished export as an attachment at the location cdr.export gave', async () => {
    const { server, services } = await start();
    const location = await finishedExport(services);
    expect(location).toMatch(/^\/exports\/[0-9a-f-]{36}$/);
    const res = await fetch(server.url + location, { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="warmline-cdr-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect((await res.text()).startsWith('id,state,direction,')).toBe(true);
  });

  it('answers 404 for an unknown id and refuses another site', async () => {
    const { server, services } = await start();
    const location = await finishedExport(services);
    expect((await fetch(`${server.url}/exports/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await fetch(`${server.url}/exports/..%2Fcdr.sqlite`)).status).toBe(404);
    expect((await fetch(server.url + location, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await fetch(server.url + location, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect((await fetch(server.url + location, { method: 'POST' })).status).toBe(405);
  });
});
