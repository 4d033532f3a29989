import { describe, expect, it } from 'vitest';
import {
  CONTEXT_FETCH_MAX_BYTES,
  decodeBase64,
  decodeHex,
  decodeUtf8,
  encodeBase64Url,
  encodeContextHeader,
  encodeUtf8,
  encodeUui,
  parseFetchedContext,
  resolveInlineContext,
  utf8Length,
  type ContextCarriers,
} from './carriers';
import { CONTEXT_VERSION } from './transfer-context';

const ctx = (sessionId: string, extra: object = {}) => ({ version: CONTEXT_VERSION, sessionId, ...extra });
const none: ContextCarriers = { xWarmlineContext: null, userToUser: [], callInfo: [] };
const carriers = (c: Partial<ContextCarriers>): ContextCarriers => ({ ...none, ...c });
const b64 = (text: string) => encodeBase64Url(encodeUtf8(text));

describe('codecs', () => {
  it('base64url round-trips every length', () => {
    for (let n = 0; n < 20; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      expect(decodeBase64(encodeBase64Url(bytes))).toEqual(bytes);
    }
  });

  it('accepts padding, standard base64 and folding whitespace', () => {
    const want = encodeUtf8('{"a":"ÿþ?>"}');
    const std = 'eyJhIjoiw7/Dvj8+In0=';
    expect(decodeBase64(std)).toEqual(want);
    expect(decodeBase64('eyJhIjoiw7_Dvj8-In0')).toEqual(want);
    expect(decodeBase64('eyJhIjoiw7_Dvj8-In0=')).toEqual(want);
    expect(decodeBase64(' eyJhIjoi\r\n w7_Dvj8-\tIn0 ')).toEqual(want);
  });

  it.each(['a', 'ab*c', 'abc===', 'ab=c', 'abcde=', 'é', 'YQ==='])('rejects malformed base64 %j', (s) => {
    expect(decodeBase64(s)).toBeNull();
  });

  it('hex', () => {
    expect(decodeHex('7B7d')).toEqual(Uint8Array.from([0x7b, 0x7d]));
    expect(decodeHex('7')).toBeNull();
    expect(decodeHex('zz')).toBeNull();
  });

  it('UTF-8 encodes and decodes all planes', () => {
    const s = 'aé李😀\u{10FFFF}';
    expect(decodeUtf8(encodeUtf8(s))).toBe(s);
    expect(utf8Length(s)).toBe(encodeUtf8(s).length);
  });

  it.each([
    ['overlong /', [0xc0, 0xaf]],
    ['overlong 3-byte', [0xe0, 0x80, 0xaf]],
    ['surrogate', [0xed, 0xa0, 0x80]],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['truncated', [0xe6, 0x9d]],
    ['lone continuation', [0x80]],
    ['invalid lead', [0xff]],
  ])('rejects invalid UTF-8: %s', (_, bytes) => {
    expect(decodeUtf8(Uint8Array.from(bytes))).toBeNull();
  });

  it('encodes lone surrogates as U+FFFD', () => {
    expect(decodeUtf8(encodeUtf8('a\ud800b'))).toBe('a\ufffdb');
  });
});

describe('encoders', () => {
  it('encodeContextHeader is unpadded base64url of the JSON', () => {
    const h = encodeContextHeader(ctx('s', { summary: '??>>' }));
    expect(h).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeUtf8(decodeBase64(h) ?? new Uint8Array())).toBe(JSON.stringify(ctx('s', { summary: '??>>' })));
  });

  it('encodeContextHeader returns "" for what JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(encodeContextHeader(cyclic)).toBe('');
  });

  it('encodeUui', () => {
    expect(encodeUui('{}')).toBe('7b7d;encoding=hex;purpose=warmline');
    expect(encodeUui('ab', 'warmline-context')).toBe('6162;encoding=hex;purpose=warmline-context');
  });
});

describe('resolveInlineContext: X-Warmline-Context', () => {
  it('reads a context', () => {
    const r = resolveInlineContext(carriers({ xWarmlineContext: encodeContextHeader(ctx('s1', { intent: 'Billing' })) }));
    expect(r).toEqual({ context: ctx('s1', { intent: 'Billing' }), source: 'x-header', issues: [], fetch: null, ignored: [] });
  });

  it('accepts padding, folding and standard base64', () => {
    const json = JSON.stringify(ctx('s1', { summary: 'ÿÿÿ' }));
    const bytes = encodeUtf8(json);
    const url = encodeBase64Url(bytes);
    const padded = url + '='.repeat((4 - (url.length % 4)) % 4);
    const std = padded.replace(/-/g, '+').replace(/_/g, '/');
    const folded = `  ${url.slice(0, 10)}\r\n ${url.slice(10)}  `;
    for (const v of [padded, std, folded]) expect(resolveInlineContext(carriers({ xWarmlineContext: v })).context?.sessionId).toBe('s1');
  });

  it('12 KB header: size issue, nothing decoded', () => {
    const r = resolveInlineContext(carriers({ xWarmlineContext: 'A'.repeat(12288) }));
    expect(r.context).toBeNull();
    expect(r.issues).toEqual([{ field: 'X-Warmline-Context', message: 'larger than 8 KB (12288 bytes)' }]);
  });

  it.each([
    ['not base64', '***', 'not valid base64url'],
    ['empty', '  ', 'is empty'],
    ['invalid UTF-8', encodeBase64Url(Uint8Array.from([0x7b, 0xff, 0x7d])), 'not valid UTF-8'],
    ['invalid JSON', b64('{"version":'), expect.stringMatching(/^not valid JSON: /)],
    ['a list', b64('[1,2]'), 'must be a JSON object (got a list)'],
    ['a string', b64('"hi"'), 'must be a JSON object (got a string)'],
    ['null', b64('null'), 'must be a JSON object (got null)'],
  ])('%s', (_, value, message) => {
    const r = resolveInlineContext(carriers({ xWarmlineContext: value }));
    expect(r.context).toBeNull();
    expect(r.source).toBeNull();
    expect(r.issues).toEqual([{ field: 'X-Warmline-Context', message }]);
  });

  it('field issues inside a usable context are passed through', () => {
    const r = resolveInlineContext(carriers({ xWarmlineContext: encodeContextHeader(ctx('s', { caller: { number: '555' } })) }));
    expect(r.source).toBe('x-header');
    expect(r.issues).toEqual([{ field: 'caller.number', message: 'must be E.164 like +14155550100' }]);
  });

  it('a UTF-8 BOM before the JSON is tolerated', () => {
    const r = resolveInlineContext(carriers({ xWarmlineContext: b64(`\ufeff${JSON.stringify(ctx('bom'))}`) }));
    expect(r.context?.sessionId).toBe('bom');
  });
});

describe('resolveInlineContext: Twilio parameters', () => {
  it('warmline_context is JSON text', () => {
    const r = resolveInlineContext(carriers({ twilioParameters: { warmline_context: JSON.stringify(ctx('tw')), other: 'x' } }));
    expect(r.source).toBe('twilio');
    expect(r.context?.sessionId).toBe('tw');
  });

  it('warmline_context_b64 is base64url', () => {
    const r = resolveInlineContext(carriers({ twilioParameters: { warmline_context_b64: encodeContextHeader(ctx('tw64')) } }));
    expect(r.context?.sessionId).toBe('tw64');
  });

  it('a broken JSON parameter falls back to the b64 one', () => {
    const r = resolveInlineContext(carriers({ twilioParameters: { warmline_context: '{oops', warmline_context_b64: encodeContextHeader(ctx('b')) } }));
    expect(r.context?.sessionId).toBe('b');
    expect(r.issues).toEqual([{ field: 'warmline_context', message: expect.stringMatching(/^not valid JSON/) }]);
  });

  it('parameters without ours are not a carrier', () => {
    expect(resolveInlineContext(carriers({ twilioParameters: { foo: 'bar' } }))).toEqual({ context: null, source: null, issues: [], fetch: null, ignored: [] });
    expect(resolveInlineContext(carriers({ twilioParameters: null })).issues).toEqual([]);
  });
});

describe('resolveInlineContext: User-to-User (RFC 7433)', () => {
  it('hex JSON with purpose=warmline', () => {
    const r = resolveInlineContext(carriers({ userToUser: [encodeUui(JSON.stringify(ctx('u1')))] }));
    expect(r).toEqual({ context: ctx('u1'), source: 'uui', issues: [], fetch: null, ignored: [] });
  });

  it('parameters are case-insensitive and whitespace-tolerant; purpose warmline-context works too', () => {
    const hex = encodeUui(JSON.stringify(ctx('u2'))).split(';')[0] ?? '';
    const r = resolveInlineContext(carriers({ userToUser: [`${hex.toUpperCase()} ; Encoding=HEX ; PURPOSE="Warmline-Context"`] }));
    expect(r.context?.sessionId).toBe('u2');
  });

  it('other purposes and no purpose (ISDN) are skipped silently', () => {
    const r = resolveInlineContext(carriers({ userToUser: ['00112233;encoding=hex;purpose=isdn-uui', '0a0b0c', encodeUui('abc', 'crm')] }));
    expect(r).toEqual({ context: null, source: null, issues: [], fetch: null, ignored: [] });
  });

  it('several values in one header, ours second', () => {
    const r = resolveInlineContext(carriers({ userToUser: [`00ff;purpose=isdn-uui, ${encodeUui(JSON.stringify(ctx('u3')))}`] }));
    expect(r.context?.sessionId).toBe('u3');
  });

  it('a context id means fetch by id', () => {
    const r = resolveInlineContext(carriers({ userToUser: [encodeUui('ctx_8f3a:2025-05-01')] }));
    expect(r).toEqual({ context: null, source: 'uui-id', issues: [], fetch: { kind: 'id', id: 'ctx_8f3a:2025-05-01' }, ignored: [] });
  });

  it.each([
    ['encoding other than hex', 'abc;encoding=base64;purpose=warmline', 'encoding "base64" is not supported; use encoding=hex'],
    ['bad hex', 'abc;encoding=hex;purpose=warmline', 'not valid hex'],
    ['bad UTF-8', 'ff;encoding=hex;purpose=warmline', 'not valid UTF-8'],
    ['not an id', encodeUui('hello world!'), expect.stringMatching(/^is neither a JSON object nor a context id/)],
    ['invalid JSON', encodeUui('{"a"'), expect.stringMatching(/^not valid JSON/)],
    ['too big', `${'7b'.repeat(5000)};encoding=hex;purpose=warmline`, 'larger than 8 KB (10000 bytes)'],
  ])('%s is reported', (_, value, message) => {
    const r = resolveInlineContext(carriers({ userToUser: [value] }));
    expect(r.context).toBeNull();
    expect(r.issues).toEqual([{ field: 'User-to-User', message }]);
  });
});

describe('resolveInlineContext: Call-Info', () => {
  it('a URL with our purpose means fetch', () => {
    const r = resolveInlineContext(carriers({ callInfo: ['<https://ctx.example.com/c/123>;purpose=warmline-context'] }));
    expect(r).toEqual({ context: null, source: 'call-info', issues: [], fetch: { kind: 'url', url: 'https://ctx.example.com/c/123' }, ignored: [] });
  });

  it('finds our entry among others, commas inside <> included', () => {
    const r = resolveInlineContext(
      carriers({ callInfo: ['<https://a.example/x,y.png>;purpose=icon, <https://ctx.example.com/c/1?a=1,2> ; Purpose=Warmline-Context', '<https://b>;purpose=card'] }),
    );
    expect(r.fetch).toEqual({ kind: 'url', url: 'https://ctx.example.com/c/1?a=1,2' });
  });

  it('other purposes are not ours', () => {
    expect(resolveInlineContext(carriers({ callInfo: ['<https://a.example/i.png>;purpose=icon'] })).issues).toEqual([]);
  });

  it.each([
    ['http to a remote host', '<http://ctx.example.com/c/1>;purpose=warmline-context', /only allowed to this computer/],
    ['credentials', '<https://u:p@ctx.example.com/c/1>;purpose=warmline-context', /user name or password/],
    ['javascript', '<javascript:alert(1)>;purpose=warmline-context', /must start with https/],
  ])('refuses %s', (_, value, message) => {
    const r = resolveInlineContext(carriers({ callInfo: [value] }));
    expect(r.fetch).toBeNull();
    expect(r.issues).toEqual([{ field: 'Call-Info', message: expect.stringMatching(message) }]);
  });

  it('http to loopback is allowed', () => {
    expect(resolveInlineContext(carriers({ callInfo: ['<http://127.0.0.1:8787/c/1>;purpose=warmline-context'] })).fetch).toEqual({
      kind: 'url',
      url: 'http://127.0.0.1:8787/c/1',
    });
  });
});

describe('resolveInlineContext: precedence', () => {
  const all: ContextCarriers = {
    twilioParameters: { warmline_context: JSON.stringify(ctx('twilio')) },
    xWarmlineContext: encodeContextHeader(ctx('header')),
    userToUser: [encodeUui(JSON.stringify(ctx('uui'))), encodeUui('ctx-id-1')],
    callInfo: ['<https://ctx.example.com/c/9>;purpose=warmline-context'],
  };

  it('twilio wins and every other carrier is listed as ignored', () => {
    const r = resolveInlineContext(all);
    expect(r.context?.sessionId).toBe('twilio');
    expect(r.ignored).toEqual(['x-header', 'uui', 'call-info', 'uui-id']);
    expect(r.issues).toEqual([]);
  });

  it('then the header, then UUI JSON, then Call-Info, then the UUI id', () => {
    expect(resolveInlineContext({ ...all, twilioParameters: null }).context?.sessionId).toBe('header');
    const uui = resolveInlineContext({ ...all, twilioParameters: null, xWarmlineContext: null });
    expect([uui.context?.sessionId, uui.ignored]).toEqual(['uui', ['call-info', 'uui-id']]);
    const ci = resolveInlineContext({ ...all, twilioParameters: null, xWarmlineContext: null, userToUser: [encodeUui('ctx-id-1')] });
    expect([ci.source, ci.fetch, ci.ignored]).toEqual(['call-info', { kind: 'url', url: 'https://ctx.example.com/c/9' }, ['uui-id']]);
    const id = resolveInlineContext({ ...none, userToUser: [encodeUui('ctx-id-1')] });
    expect([id.source, id.fetch]).toEqual(['uui-id', { kind: 'id', id: 'ctx-id-1' }]);
  });

  it('a broken higher carrier is reported and the next one used', () => {
    const r = resolveInlineContext({ ...all, twilioParameters: { warmline_context: 'nope' }, xWarmlineContext: '%%%' });
    expect(r.context?.sessionId).toBe('uui');
    expect(r.issues).toEqual([
      { field: 'warmline_context', message: expect.stringMatching(/^not valid JSON/) },
      { field: 'X-Warmline-Context', message: 'not valid base64url' },
    ]);
    expect(r.ignored).toEqual(['call-info', 'uui-id']);
  });

  it('every inline carrier broken: Call-Info still gives a fetch', () => {
    const r = resolveInlineContext({ ...none, xWarmlineContext: 'e30', userToUser: ['zz;purpose=warmline'], callInfo: all.callInfo });
    // "e30" is "{}": an object, so it IS a context (with issues); use a list instead
    expect(r.source).toBe('x-header');
    const r2 = resolveInlineContext({ ...none, xWarmlineContext: b64('[]'), userToUser: ['zz;purpose=warmline'], callInfo: all.callInfo });
    expect(r2.source).toBe('call-info');
    expect(r2.issues.map((i) => i.field)).toEqual(['X-Warmline-Context', 'User-to-User']);
  });

  it('issues of carriers below the winner are not reported', () => {
    const r = resolveInlineContext({ ...none, xWarmlineContext: encodeContextHeader(ctx('h')), userToUser: ['zz;purpose=warmline'] });
    expect(r.issues).toEqual([]);
    expect(r.ignored).toEqual(['uui']);
  });

  it('no carriers at all: an ordinary call, no issues', () => {
    expect(resolveInlineContext(none)).toEqual({ context: null, source: null, issues: [], fetch: null, ignored: [] });
  });
});

describe('parseFetchedContext', () => {
  it('reads the body', () => {
    const r = parseFetchedContext(JSON.stringify(ctx('f1', { intent: 'x' })), 'call-info');
    expect(r).toEqual({ context: ctx('f1', { intent: 'x' }), source: 'call-info', issues: [], fetch: null, ignored: [] });
  });

  it.each([
    ['', 'fetched context is empty'],
    ['<html>', expect.stringMatching(/^fetched context not valid JSON/)],
    ['[]', 'fetched context must be a JSON object (got a list)'],
    ['42', 'fetched context must be a JSON object (got a number)'],
  ])('%j', (body, message) => {
    const r = parseFetchedContext(body, 'uui-id');
    expect(r).toEqual({ context: null, source: null, issues: [{ field: 'User-to-User', message }], fetch: null, ignored: [] });
  });

  it('refuses bodies over 64 KB', () => {
    const body = JSON.stringify(ctx('big', { summary: 'x'.repeat(CONTEXT_FETCH_MAX_BYTES) }));
    const r = parseFetchedContext(body, 'call-info');
    expect(r.context).toBeNull();
    expect(r.issues[0]).toEqual({ field: 'Call-Info', message: `fetched context larger than 64 KB (${body.length} bytes)` });
  });

  it('passes field issues through', () => {
    const r = parseFetchedContext(JSON.stringify({ sessionId: 's', summary: '<img src=x onerror=alert(1)>' }), 'call-info');
    expect(r.context?.summary).toBe('<img src=x onerror=alert(1)>');
    expect(r.issues.map((i) => i.field)).toEqual(['version']);
  });
});
