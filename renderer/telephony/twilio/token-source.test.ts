import { describe, expect, it } from 'vitest';
import { accessToken, ManualClock, scriptedTokenUrl, settle } from './test-support/fake-twilio';
import { readTokenBody, TokenSource, type TokenFailure, type TokenGrant } from './token-source';

describe('token body', () => {
  it('counts the lifetime from iat, so a skewed local clock does not shift the refresh', () => {
    // Server clock one hour ahead of ours: exp read as-is would look an hour later than it is.
    const jwt = accessToken({ iat: 2_000_000_000, exp: 2_000_000_600, identity: 'agent-9' });
    expect(readTokenBody(JSON.stringify({ token: jwt }), 1_000)).toEqual({ token: jwt, identity: 'agent-9', expiresAt: 601_000 });
  });

  it('accepts the bare JWT and refuses what is not one', () => {
    const jwt = accessToken({ iat: 10, exp: 70 });
    expect(readTokenBody(`${jwt}\n`, 0)).toMatchObject({ token: jwt });
    expect(readTokenBody('', 0)).toEqual({ problem: 'answered something that is not a JWT access token' });
    expect(readTokenBody('{"token": 5}', 0)).toEqual({ problem: 'answered JSON without a "token" string' });
    expect(readTokenBody('{', 0)).toEqual({ problem: 'answered invalid JSON' });
    expect(readTokenBody('aaa.bbb.ccc', 0)).toEqual({ problem: 'answered a token whose claims cannot be read' });
  });
});

describe('TokenSource', () => {
  function source(answers: Parameters<typeof scriptedTokenUrl>[0], url = 'https://t.example.com/token') {
    const clock = new ManualClock(0);
    const script = scriptedTokenUrl(answers);
    const got: (TokenGrant | TokenFailure)[] = [];
    const s = new TokenSource({ url, fetch: script.fetch, clock, random: () => 1 }, { onToken: (g) => got.push(g), onFailure: (f) => got.push(f) });
    return { clock, script, got, s };
  }

  it('backs off 1 s, 2 s, 4 s ... up to 30 s between failed attempts', async () => {
    const { clock, script, got, s } = source([{ status: 500 }]);
    s.start();
    await settle();
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const f = got.at(-1) as TokenFailure;
      waits.push((f.retryAt ?? 0) - clock.now());
      clock.advance(f.retryAt! - clock.now());
      await settle();
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(script.calls).toHaveLength(8);
    s.stop();
  });

  it('refreshes a short-lived token at half its life, and never twice at once', async () => {
    const { clock, script, s } = source([{ status: 200, body: accessToken({ iat: 0, exp: 60 }) }]);
    s.start();
    s.refresh(); // in flight already: ignored
    await settle();
    expect(script.calls).toHaveLength(1);
    clock.advance(29_999);
    await settle();
    expect(script.calls).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(script.calls).toHaveLength(2);
    s.stop();
  });

  it('refuses a token URL that is not http(s) without fetching it', async () => {
    const { script, got, s } = source([{ status: 200 }], 'file:///etc/passwd');
    s.start();
    await settle();
    expect(script.calls).toHaveLength(0);
    expect(got[0]).toMatchObject({ failure: 'rejected', reason: 'the Twilio token URL is not an http(s) URL' });
    s.stop();
  });
});
