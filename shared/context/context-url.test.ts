import { describe, expect, it } from 'vitest';
import { contextUrlForId, isAllowedContextUrl } from './context-url';

describe('isAllowedContextUrl', () => {
  it.each([
    ['https://ctx.example.com/c/123', 'https://ctx.example.com/c/123'],
    ['HTTPS://CTX.Example.com/C/123?x=1#f', 'https://ctx.example.com/C/123?x=1#f'],
    ['https://ctx.example.com:8443', 'https://ctx.example.com:8443'],
    ['https://10.0.0.5/c', 'https://10.0.0.5/c'],
    ['https://[2001:db8::1]:443/c', 'https://[2001:db8::1]:443/c'],
    ['http://localhost:8787/c/1', 'http://localhost:8787/c/1'],
    ['http://127.0.0.1/c', 'http://127.0.0.1/c'],
    ['http://127.255.0.9:99/c', 'http://127.255.0.9:99/c'],
    ['http://[::1]:8080/c', 'http://[::1]:8080/c'],
    ['https://ctx.example.com/a@b', 'https://ctx.example.com/a@b'],
  ])('allows %s', (url, normalised) => {
    expect(isAllowedContextUrl(url)).toEqual({ ok: true, url: normalised });
  });

  it.each([
    ['', /empty/],
    ['ftp://x.example/c', /https/],
    ['javascript:alert(1)', /https/],
    ['//ctx.example.com/c', /https/],
    ['http://ctx.example.com/c', /only allowed to this computer/],
    ['http://127.0.0.1.evil.com/c', /only allowed to this computer/],
    ['http://localhost.evil.com/c', /only allowed to this computer/],
    ['http://127.1/c', /only allowed to this computer/],
    ['http://0x7f.0.0.1/c', /only allowed to this computer/],
    ['http://[::2]/c', /only allowed to this computer/],
    ['https://user:pw@ctx.example.com/c', /user name or password/],
    ['https://user@ctx.example.com/c', /user name or password/],
    ['http://evil.com@127.0.0.1/c', /user name or password/],
    ['https://ctx.example.com\\@evil.com/c', /characters/],
    ['https://ctx.exa mple.com/c', /characters/],
    ['https://ctx.example.com/c\n', /characters/],
    ['https://ctx.exámple.com/c', /characters/],
    ['http://127.0.0.%31/c', /invalid host/],
    ['https://ctx.example.com:0/c', /invalid port/],
    ['https://ctx.example.com:99999/c', /invalid port/],
    ['https://ctx.example.com:/c', /invalid port/],
    ['https:///c', /no host/],
    ['https://-bad.example/c', /invalid host/],
    [`https://ctx.example.com/${'a'.repeat(2048)}`, /longer than 2048/],
  ])('refuses %j', (url, reason) => {
    const r = isAllowedContextUrl(url);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('contextUrlForId', () => {
  it('fills {id}, percent-encoded', () => {
    expect(contextUrlForId('https://ctx.example.com/contexts/{id}', 'abc-1')).toBe('https://ctx.example.com/contexts/abc-1');
    expect(contextUrlForId('https://ctx.example.com/contexts/{id}', 'a:b/../c?d')).toBe('https://ctx.example.com/contexts/a%3Ab%2F..%2Fc%3Fd');
    expect(contextUrlForId('https://x.example/{id}?again={id}', 'q')).toBe('https://x.example/q?again=q');
  });

  it('null without {id}, with an empty id, or an unencodable one', () => {
    expect(contextUrlForId('https://ctx.example.com/contexts/', 'abc')).toBeNull();
    expect(contextUrlForId('https://ctx.example.com/{id}', '')).toBeNull();
    expect(contextUrlForId('https://ctx.example.com/{id}', '\ud800')).toBeNull();
  });

  it('the result still goes through isAllowedContextUrl', () => {
    const url = contextUrlForId('http://ctx.example.com/{id}', 'x');
    expect(url && isAllowedContextUrl(url).ok).toBe(false);
  });
});
