import { describe, expect, it } from 'vitest';
import { parseSessionQuery } from './session-query';

// shared/ has no URLSearchParams: split the query string the way it would (values here need no decoding but + and :).
const parse = (qs: string) =>
  parseSessionQuery(
    qs
      .split('&')
      .filter(Boolean)
      .map((kv): [string, string] => {
        const [k, v = ''] = kv.split('=');
        return [k!, decodeURIComponent(v)];
      }),
  );

describe('parseSessionQuery', () => {
  it('reads every filter, with a default page size', () => {
    expect(parse('')).toEqual({ ok: true, query: { limit: 50 } });
    expect(parse('from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00%2B02:00&outcome=open&intent=Billing&transferred=false&number=%2B14155550100&limit=10&before=abc')).toEqual({
      ok: true,
      query: { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00+02:00', outcome: 'open', intent: 'Billing', transferred: false, number: '+14155550100', limit: 10, before: 'abc' },
    });
  });

  it.each([
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['transferred=yes', 'transferred'],
    ['outcome=closed', 'outcome'],
    ['to=tomorrow', 'to'],
    ['sort=asc', 'sort'],
    ['intent=a&intent=b', 'intent'],
  ])('%s is refused naming %s', (qs, field) => {
    const r = parse(qs);
    expect(r).toMatchObject({ ok: false, field });
    expect(!r.ok && r.error.startsWith(field)).toBe(true);
  });
});
