import { CONTEXT_FETCH_MAX_BYTES, CONTEXT_FETCH_TIMEOUT_MS } from '../../shared/context/carriers';
import { contextUrlForId, isAllowedContextUrl } from '../../shared/context/context-url';
import type { ScopedLogger } from './logger';

export type ContextRequest = { url: string } | { id: string };
export type ContextFetchResult = { ok: true; body: string; url: string } | { ok: false; reason: string };

export type ContextFetcherOptions = {
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
  /** Bearer token for the context server, from the vault; null sends none. */
  token: () => string | null;
  /** Template for context ids, from settings. */
  urlTemplate: () => string | null;
  log: ScopedLogger;
};

/**
 * Fetches transfer context named by Call-Info or a UUI context id. Runs in the
 * host, never the renderer: the URL came from the network, so it is checked
 * (HTTPS, or loopback), bounded in time and size, and redirects are refused.
 */
export class ContextFetcher {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(private readonly opts: ContextFetcherOptions) {
    this.fetchImpl = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? CONTEXT_FETCH_TIMEOUT_MS;
    this.maxBytes = opts.maxBytes ?? CONTEXT_FETCH_MAX_BYTES;
  }

  async fetch(req: ContextRequest): Promise<ContextFetchResult> {
    let raw: string;
    if ('id' in req) {
      const template = this.opts.urlTemplate();
      if (!template) return { ok: false, reason: `the call names context id "${req.id}" but no context server is configured (Settings → Context server)` };
      const url = contextUrlForId(template, req.id);
      if (!url) return { ok: false, reason: 'the context server URL template has no {id}' };
      raw = url;
    } else raw = req.url;
    const allowed = isAllowedContextUrl(raw);
    if (!allowed.ok) return { ok: false, reason: `context URL refused: ${allowed.reason}` };
    const url = allowed.url;

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const seconds = `${(this.timeoutMs / 1000).toFixed(1)} s`;
    try {
      const token = this.opts.token();
      const res = await this.fetchImpl(url, {
        signal: controller.signal,
        redirect: 'manual',
        headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      if (res.status >= 300 && res.status < 400) return { ok: false, reason: `context server redirected (${res.status}); redirects are not followed` };
      if (!res.ok) return { ok: false, reason: `context server answered ${res.status} ${res.statusText}`.trim() };
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > this.maxBytes) {
        controller.abort();
        return { ok: false, reason: `context larger than ${Math.round(this.maxBytes / 1024)} KB (${declared} bytes)` };
      }
      const body = await readLimited(res, this.maxBytes, controller);
      if (body === null) return { ok: false, reason: `context larger than ${Math.round(this.maxBytes / 1024)} KB` };
      return { ok: true, body, url };
    } catch (e) {
      if (controller.signal.aborted) return { ok: false, reason: `context server timed out after ${seconds}` };
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      this.opts.log.warn('context fetch failed', { url, error: (e as Error).message, cause });
      return { ok: false, reason: `cannot reach the context server${cause ? ` (${cause})` : ''}` };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Read at most `max` bytes of the body; null (and the request aborted) when it is larger. */
async function readLimited(res: Response, max: number, controller: AbortController): Promise<string | null> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      controller.abort();
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}
