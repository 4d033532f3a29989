import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../test-support/temp-dir';
import { ContextFetcher } from './context-fetcher';

let server: http.Server;
let base = '';
const seen: { url: string; auth: string | undefined }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', auth: req.headers.authorization });
    if (req.url === '/ok') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"warmline.context/1","sessionId":"s1"}');
    if (req.url === '/ctx/abc%20def') return void res.writeHead(200).end('{"sessionId":"by-id"}');
    if (req.url === '/hang') return; // never answers
    if (req.url === '/huge') return void res.writeHead(200).end('x'.repeat(1024 * 1024));
    if (req.url === '/huge-chunked') {
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      for (let i = 0; i < 20; i++) res.write('y'.repeat(8192));
      return void res.end();
    }
    if (req.url === '/redirect') return void res.writeHead(302, { location: 'http://example.com/' }).end();
    res.writeHead(404, 'Not Found').end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

function fetcher(opts: { token?: string | null; template?: string | null; timeoutMs?: number } = {}) {
  return new ContextFetcher({
    token: () => opts.token ?? null,
    urlTemplate: () => opts.template ?? null,
    timeoutMs: opts.timeoutMs ?? 300,
    log: memoryLogger().logger.child('context'),
  });
}

describe('ContextFetcher', () => {
  it('fetches a context over loopback http and sends the bearer token', async () => {
    const r = await fetcher({ token: 't0ken' }).fetch({ url: `${base}/ok` });
    expect(r).toEqual({ ok: true, body: expect.stringContaining('s1'), url: `${base}/ok` });
    expect(seen.at(-1)).toEqual({ url: '/ok', auth: 'Bearer t0ken' });
  });

  it('builds the URL for a context id from the template, encoding the id', async () => {
    const r = await fetcher({ template: `${base}/ctx/{id}` }).fetch({ id: 'abc def' });
    expect(r).toMatchObject({ ok: true, body: '{"sessionId":"by-id"}' });
  });

  it('explains a context id with no server configured', async () => {
    expect(await fetcher().fetch({ id: 'x1' })).toEqual({ ok: false, reason: expect.stringContaining('no context server is configured') });
  });

  it('gives up after the timeout with a clear reason', async () => {
    const started = Date.now();
    const r = await fetcher({ timeoutMs: 200 }).fetch({ url: `${base}/hang` });
    expect(r).toEqual({ ok: false, reason: 'context server timed out after 0.2 s' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.each(['/huge', '/huge-chunked'])('refuses a body over the size limit (%s)', async (path) => {
    const r = await fetcher().fetch({ url: `${base}${path}` });
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/^context larger than 64 KB/) });
  });

  it('reports HTTP errors and refuses redirects', async () => {
    expect(await fetcher().fetch({ url: `${base}/missing` })).toEqual({ ok: false, reason: 'context server answered 404 Not Found' });
    expect(await fetcher().fetch({ url: `${base}/redirect` })).toEqual({ ok: false, reason: expect.stringContaining('redirect') });
  });

  it.each(['http://example.com/ctx', 'ftp://127.0.0.1/x', 'file:///etc/passwd', 'https://user:pw@example.com/x', 'javascript:alert(1)'])('refuses %s', async (url) => {
    const r = await fetcher().fetch({ url });
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/^context URL refused/) });
  });

  it('says when the server cannot be reached', async () => {
    const r = await fetcher().fetch({ url: 'http://127.0.0.1:1/ctx' });
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/^cannot reach the context server/) });
  });
});
