/** Where the renderer is served from in the desktop app: app://warmline/ (app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'warmline';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Whether `raw` is a page of our own renderer. Compares scheme and host, never
 * URL.origin: Node's URL gives non-special schemes such as app: the opaque
 * origin "null", so an origin comparison would refuse our own pages (or, worse,
 * be "fixed" into a prefix test that app://warmline.evil/ passes).
 */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '' && url.port === '';
}
