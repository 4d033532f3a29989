import { protocol } from 'electron';
import { APP_SCHEME } from './app-origin';
import { respondToAppRequest } from './renderer-responder';

export { APP_ORIGIN, APP_SCHEME } from './app-origin';

/** Must run before app ready: a standard, secure scheme so getUserMedia and WebSockets work. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** Serve the built renderer from app://warmline/, refusing paths that escape its folder. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => respondToAppRequest(rendererDir, request.url));
}
