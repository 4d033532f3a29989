import fs from 'node:fs';
import { CONTENT_SECURITY_POLICY } from '../../shared/contract/csp';
import { contentType, resolveStatic } from '../host/static-files';
import { APP_HOST } from './app-origin';

/**
 * The answer to one app://warmline/ request: a file of the built renderer,
 * never one outside its folder (resolveStatic refuses traversal), always with
 * the renderer's CSP. Unknown paths get index.html (the app routes itself).
 */
export function respondToAppRequest(rendererDir: string, requestUrl: string): Response {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return notFound();
  }
  if (url.host !== APP_HOST) return notFound();
  const file = resolveStatic(rendererDir, url.pathname) ?? resolveStatic(rendererDir, '/');
  if (!file) return notFound();
  return new Response(fs.readFileSync(file), {
    headers: {
      'content-type': contentType(file),
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    },
  });
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-security-policy': CONTENT_SECURITY_POLICY } });
}
