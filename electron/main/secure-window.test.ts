import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/contract/csp';
import { useTempDirs } from '../test-support/temp-dir';
import { APP_ORIGIN, isAppUrl } from './app-origin';
import { respondToAppRequest } from './renderer-responder';
import { createSecureWindow, isSafeExternal } from './secure-window';
import { FakeSession, fakeBrowserWindowClass, navEvent } from './test-support/electron-fakes';

/**
 * The window hardening of issue #11, read from what the real factory does:
 * the options it hands the BrowserWindow constructor, the handlers it sets
 * on the session and webContents, and the CSP on our responses. Any
 * hardening removed or weakened fails here.
 */

function makeWindow(opts: { show?: boolean; microphoneAccess?: () => Promise<boolean> } = {}) {
  const { BrowserWindow, made } = fakeBrowserWindowClass();
  const session = new FakeSession();
  const openExternal = vi.fn(async (_url: string) => undefined);
  const win = createSecureWindow(
    { BrowserWindow, session, openExternal, ...(opts.microphoneAccess ? { microphoneAccess: opts.microphoneAccess } : {}) },
    { preloadDir: '/app/dist/electron', show: opts.show ?? true },
  );
  expect(made).toHaveLength(1);
  return { win, options: made[0]!.options, session, openExternal };
}

/** Directive name → its sources. */
function parseCsp(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('the secure window factory: BrowserWindow options', () => {
  it('isolates and sandboxes the page, with no Node in it and web security on', () => {
    const { options } = makeWindow();
    const wp = options.webPreferences!;
    expect(wp.contextIsolation).toBe(true);
    expect(wp.sandbox).toBe(true);
    expect(wp.nodeIntegration).toBe(false);
    expect(wp.nodeIntegrationInWorker).toBe(false);
    expect(wp.nodeIntegrationInSubFrames).toBe(false);
    expect(wp.webSecurity).toBe(true);
    expect(wp.allowRunningInsecureContent).toBe(false);
    expect(wp.webviewTag).toBe(false);
    expect(wp.experimentalFeatures).toBe(false);
    expect(wp.navigateOnDragDrop).toBe(false);
    expect(wp.preload).toBe(path.join('/app/dist/electron', 'preload.cjs'));
  });

  it('sets no option that would weaken the sandbox', () => {
    const { options } = makeWindow();
    const wp = options.webPreferences as Record<string, unknown>;
    // The only keys the factory may set; a new one must be reviewed and added here.
    expect(Object.keys(wp).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'autoplayPolicy',
        'backgroundThrottling',
        'contextIsolation',
        'enableWebSQL',
        'experimentalFeatures',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'preload',
        'safeDialogs',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    );
    expect(wp.partition).toBeUndefined();
    expect(wp.additionalArguments).toBeUndefined();
    // Calls ring and keep registering while hidden (README "Behaviour worth knowing").
    expect(wp.backgroundThrottling).toBe(false);
  });

  it('shows the window once ready, or keeps it hidden when started at login', () => {
    const shown = makeWindow({ show: true });
    expect(shown.options.show).toBe(false);
    (shown.win as unknown as { emit(e: string): void }).emit('ready-to-show');
    expect(shown.win.shown).toBe(true);
    const hidden = makeWindow({ show: false });
    (hidden.win as unknown as { emit(e: string): void }).emit('ready-to-show');
    expect(hidden.win.shown).toBe(false);
  });
});

describe('the secure window factory: navigation and new windows', () => {
  it('denies every new window, opening only https and mailto links in the browser', async () => {
    const { win, openExternal } = makeWindow();
    const open = win.webContents.windowOpenHandler!;
    for (const url of ['https://docs.example.com/a', 'mailto:help@example.com', 'http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'app://warmline/x', 'smb://host/share', 'https://user:pw@example.com']) {
      expect(open({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal.mock.calls.map((c) => c[0])).toEqual(['https://docs.example.com/a', 'mailto:help@example.com']);
  });

  it('keeps the window on our own pages: navigation, frame navigation and redirects elsewhere are stopped', () => {
    const { win, openExternal } = makeWindow();
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const [listener] = win.webContents.listeners.get(event) ?? [];
      expect(listener, `${event} has a guard`).toBeDefined();
      const inside = navEvent(`${APP_ORIGIN}/index.html`);
      (listener as (e: unknown) => void)(inside);
      expect(inside.prevented, `${event} to our page`).toBe(false);
      for (const url of ['https://evil.example/', 'app://warmline.evil/', 'app://evil/index.html', 'file:///etc/passwd', 'data:text/html,hi']) {
        const outside = navEvent(url);
        (listener as (e: unknown) => void)(outside);
        expect(outside.prevented, `${event} to ${url}`).toBe(true);
      }
    }
    // A plain https link clicked in the page goes to the browser, not into the window.
    expect(openExternal).toHaveBeenCalledWith('https://evil.example/');
    expect(openExternal).not.toHaveBeenCalledWith('file:///etc/passwd');
  });

  it('refuses to attach webviews', () => {
    const { win } = makeWindow();
    const e = navEvent('');
    (win.webContents.listeners.get('will-attach-webview')![0] as (e: unknown) => void)(e);
    expect(e.prevented).toBe(true);
  });
});

describe('the secure window factory: permissions', () => {
  const page = `${APP_ORIGIN}/index.html`;

  it('grants the microphone, speaker choice, notifications and plain-text copy to our page only', async () => {
    const { session } = makeWindow();
    expect(await session.request('media', { requestingUrl: page, mediaTypes: ['audio'], isMainFrame: true })).toBe(true);
    expect(await session.request('notifications', { requestingUrl: page })).toBe(true);
    expect(await session.request('speaker-selection', { requestingUrl: page })).toBe(true);
    expect(await session.request('clipboard-sanitized-write', { requestingUrl: page })).toBe(true);
  });

  it('refuses the camera, screen, location, clipboard reading and everything else', async () => {
    const { session } = makeWindow();
    expect(await session.request('media', { requestingUrl: page, mediaTypes: ['video'] })).toBe(false);
    expect(await session.request('media', { requestingUrl: page, mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(await session.request('media', { requestingUrl: page, mediaTypes: [] })).toBe(false);
    expect(await session.request('media', { requestingUrl: page })).toBe(false);
    for (const p of ['geolocation', 'display-capture', 'clipboard-read', 'openExternal', 'midiSysex', 'pointerLock', 'fullscreen', 'hid', 'serial', 'usb', 'idle-detection', 'window-management', 'fileSystem']) {
      expect(await session.request(p, { requestingUrl: page }), p).toBe(false);
    }
    expect(session.deviceHandler!()).toBe(false);
  });

  it('refuses other origins, look-alike hosts and subframes', async () => {
    const { session } = makeWindow();
    for (const url of ['https://evil.example/', 'app://warmline.evil/', 'app://other/index.html', 'file:///index.html', '', 'app://user:pw@warmline/']) {
      expect(await session.request('media', { requestingUrl: url, mediaTypes: ['audio'] }), url).toBe(false);
      expect(await session.request('notifications', { requestingUrl: url }), url).toBe(false);
    }
    expect(await session.request('media', { requestingUrl: page, mediaTypes: ['audio'], isMainFrame: false })).toBe(false);
  });

  it('answers silent permission checks by the same rules', () => {
    const { session } = makeWindow();
    expect(session.check('media', APP_ORIGIN, { mediaType: 'audio' })).toBe(true);
    expect(session.check('media', APP_ORIGIN, { mediaType: 'video' })).toBe(false);
    expect(session.check('notifications', APP_ORIGIN)).toBe(true);
    expect(session.check('notifications', 'https://evil.example')).toBe(false);
    expect(session.check('geolocation', APP_ORIGIN)).toBe(false);
    expect(session.check('media', APP_ORIGIN, { mediaType: 'audio', requestingUrl: 'https://evil.example/' })).toBe(false);
  });

  it('on macOS asks the system for the microphone before granting it, and follows its answer', async () => {
    const ask = vi.fn(async () => false);
    const { session } = makeWindow({ microphoneAccess: ask });
    expect(await session.request('media', { requestingUrl: page, mediaTypes: ['audio'] })).toBe(false);
    expect(ask).toHaveBeenCalledTimes(1);
    ask.mockResolvedValue(true);
    expect(await session.request('media', { requestingUrl: page, mediaTypes: ['audio'] })).toBe(true);
    // Refused requests never reach the system prompt.
    await session.request('media', { requestingUrl: 'https://evil.example/', mediaTypes: ['audio'] });
    expect(ask).toHaveBeenCalledTimes(2);
  });
});

describe('the CSP actually used', () => {
  it('is strict: scripts only from our origin, no eval or inline script, no plugins, no framing, no base or form targets', () => {
    const csp = parseCsp(CONTENT_SECURITY_POLICY);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    for (const [name, sources] of csp) {
      expect(sources, name).not.toContain("'unsafe-eval'");
      expect(sources, name).not.toContain('*');
      if (name !== 'style-src') expect(sources, name).not.toContain("'unsafe-inline'");
    }
    expect(csp.get('connect-src')).not.toContain('http:');
  });

  it('is set by the window factory on every response of our origin, replacing any other', () => {
    const { session } = makeWindow();
    const headers = session.headersFor(`${APP_ORIGIN}/index.html`, { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    // Responses of other origins (none are loaded in the window) are left alone.
    expect(session.headersFor('https://pbx.example.com/x', { a: ['b'] })).toBeUndefined();
  });

  const tempDir = useTempDirs();
  it('is served with every renderer file by the app:// protocol, which refuses paths outside the renderer', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'index.html'), '<html>app</html>');
    fs.writeFileSync(path.join(path.dirname(dir), `secret-${path.basename(dir)}.txt`), 'secret');
    const ok = respondToAppRequest(dir, `${APP_ORIGIN}/index.html`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    for (const evil of [`/../secret-${path.basename(dir)}.txt`, `/%2e%2e/secret-${path.basename(dir)}.txt`, `/..%2fsecret-${path.basename(dir)}.txt`]) {
      const res = respondToAppRequest(dir, `${APP_ORIGIN}${evil}`);
      expect(await res.text(), evil).not.toContain('secret');
    }
    expect(respondToAppRequest(dir, 'app://other/index.html').status).toBe(404);
    fs.rmSync(path.join(path.dirname(dir), `secret-${path.basename(dir)}.txt`));
  });
});

describe('URL rules', () => {
  it('recognises only our own pages (Node gives app: URLs an opaque origin, so no origin comparison)', () => {
    expect(isAppUrl('app://warmline/index.html')).toBe(true);
    expect(isAppUrl('app://warmline/')).toBe(true);
    for (const u of ['app://warmline.evil/', 'app://warmline:8080/', 'app://a@warmline/', 'https://warmline/', 'app:warmline', 'warmline', '']) {
      expect(isAppUrl(u), u).toBe(false);
    }
  });

  it('lets only https (without credentials) and mailto out to the OS', () => {
    expect(isSafeExternal('https://example.com')).toBe(true);
    expect(isSafeExternal('mailto:a@example.com')).toBe(true);
    for (const u of ['http://example.com', 'file:///', 'tel:123', 'ms-msdt:/id', 'https://u:p@example.com', 'not a url']) expect(isSafeExternal(u), u).toBe(false);
  });
});
