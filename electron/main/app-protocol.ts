import fs from 'node:fs';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/contract/csp';
import { contentType, resolveStatic } from '../host/static-files';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://warmline';

/** Must run before app ready: a standard, secure scheme so getUserMedia and WebSockets work. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** Serve the built renderer from app://warmline/, refusing paths that escape its folder. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    if (url.host !== 'warmline') return new Response('Not found', { status: 404 });
    const file = resolveStatic(rendererDir, url.pathname) ?? resolveStatic(rendererDir, '/');
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(fs.readFileSync(file), {
      headers: { 'content-type': contentType(file), 'content-security-policy': CONTENT_SECURITY_POLICY },
    });
  });
}
