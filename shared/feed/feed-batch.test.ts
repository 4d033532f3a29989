import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFeedBatch, formatPath } from './feed-batch';
import { FEED_EVENT_TYPES, FEED_LIMITS, FeedEventSchema } from './feed-event';
import { sessionEvents } from './test-support/feed-examples';

const events = sessionEvents('sess-1');
const ev = (i: number) => JSON.parse(JSON.stringify(events[i])) as Record<string, unknown>;

function rejected(body: unknown) {
  const r = parseFeedBatch(body);
  if (r.ok) throw new Error('expected a rejection');
  return r;
}

describe('parseFeedBatch: valid events', () => {
  it('has an example of every event type', () => {
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(FEED_EVENT_TYPES));
  });

  it.each(events.map((e) => [e.type, e] as const))('round-trips %s: parsed, stored as JSON, read back unchanged', (_type, e) => {
    const r = parseFeedBatch(e);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [stored] = r.events;
    expect(stored).toMatchObject(e.type === 'transfer.requested' ? { ...e, context: expect.any(Object) } : e);
    const reread = FeedEventSchema.parse(JSON.parse(JSON.stringify(stored)));
    expect(reread).toEqual(stored);
  });

  it('fills defaults and drops unknown fields at every level', () => {
    const r = parseFeedBatch({ ...ev(1), final: undefined, extra: 1 });
    expect(r.ok && r.events[0]).toEqual({ sessionId: 'sess-1', seq: 1, at: events[1]!.at, type: 'transcript.turn', speaker: 'ai', text: 'Hi, this is Ava. How can I help?', final: true });
    const started = parseFeedBatch({ ...ev(0), caller: { name: 'X', shoeSize: 44 } });
    expect(started.ok && started.events[0]).toMatchObject({ caller: { name: 'X' } });
    expect(started.ok && (started.events[0] as { caller: object }).caller).not.toHaveProperty('shoeSize');
  });

  it('reads the transfer context with the screen-pop parser and reports what it dropped', () => {
    const e = ev(6);
    e.context = { ...(e.context as object), caller: { number: '555 0100', name: 'Dana' } };
    const r = parseFeedBatch([ev(0), e]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const t = r.events[1]!;
    expect(t.type === 'transfer.requested' && t.context.caller).toEqual({ name: 'Dana' });
    expect(t.type === 'transfer.requested' && t.contextIssues).toEqual([{ field: 'caller.number', message: 'must be E.164 like +14155550100' }]);
    expect(r.warnings).toEqual([{ field: 'events[1].context.caller.number', message: 'must be E.164 like +14155550100' }]);
  });

  it('accepts the three body shapes', () => {
    for (const body of [ev(0), [ev(0), ev(1)], { events: [ev(0), ev(1)] }]) {
      const r = parseFeedBatch(body);
      expect(r.ok).toBe(true);
    }
  });

  it('accepts the largest batch and refuses one more event', () => {
    const many = Array.from({ length: FEED_LIMITS.batchEvents }, (_, i) => ({ ...ev(1), seq: i }));
    expect(parseFeedBatch(many).ok).toBe(true);
    expect(rejected([...many, ev(1)])).toMatchObject({ reason: 'too-many', field: 'events' });
  });
});

describe('parseFeedBatch: invalid events name the first bad field', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['negative seq', [ev(0), ev(1), { ...ev(2), seq: -1 }], 'events[2].seq', /at least 0 \(got -1\)/],
    ['fractional seq', { events: [{ ...ev(1), seq: 1.5 }] }, 'events[0].seq', /must be an integer \(got 1\.5\)/],
    ['seq as text', { ...ev(1), seq: '1' }, 'events[0].seq', /must be a number \(got a string\)/],
    ['missing seq', { ...ev(1), seq: undefined }, 'events[0].seq', /is missing/],
    ['unknown type', { ...ev(1), type: 'session.paused' }, 'events[0].type', /one of "session\.started".*\(got "session\.paused"\)/],
    ['missing type', { ...ev(1), type: undefined }, 'events[0].type', /is missing/],
    ['bad session id', { ...ev(1), sessionId: 'a b' }, 'events[0].sessionId', /only letters, digits/],
    ['long session id', { ...ev(1), sessionId: 'x'.repeat(129) }, 'events[0].sessionId', /at most 128 characters \(got 129\)/],
    ['bad date', { ...ev(1), at: 'yesterday' }, 'events[0].at', /ISO 8601/],
    ['date without zone', { ...ev(1), at: '2026-03-02T14:03:00' }, 'events[0].at', /ISO 8601/],
    ['foreign version', { ...ev(1), version: 'warmline.feed/2' }, 'events[0].version', /must be "warmline\.feed\/1"/],
    ['missing caller', { ...ev(0), caller: undefined }, 'events[0].caller', /is missing/],
    ['bad fact', [ev(0), { ...ev(4), facts: [{ label: 'a', value: 'b' }, { label: '', value: 'c' }] }], 'events[1].facts[1].label', /must not be empty/],
    ['bad sentiment', { ...ev(4), sentiment: 'angry' }, 'events[0].sentiment', /one of "positive"/],
    ['confidence over 1', { ...ev(4), confidence: 1.2 }, 'events[0].confidence', /at most 1 \(got 1\.2\)/],
    ['empty turn', { ...ev(1), text: '' }, 'events[0].text', /must not be empty/],
    ['long turn', { ...ev(1), text: 'x'.repeat(4001) }, 'events[0].text', /at most 4000 characters/],
    ['bad speaker', { ...ev(1), speaker: 'bot' }, 'events[0].speaker', /one of "caller", "ai", "agent", "supervisor"/],
    ['final as text', { ...ev(1), final: 'yes' }, 'events[0].final', /must be a boolean/],
    ['mos out of range', { ...ev(5), mos: 7 }, 'events[0].mos', /at most 5/],
    ['negative loss', { ...ev(5), lossPct: -1 }, 'events[0].lossPct', /at least 0/],
    ['context a list', { ...ev(6), context: [] }, 'events[0].context', /must be an object \(got a list\)/],
    ['missing target', { ...ev(6), targetAgent: undefined }, 'events[0].targetAgent', /is missing/],
    ['bad transfer outcome', { ...ev(7), outcome: 'ok' }, 'events[0].outcome', /one of "connected", "failed"/],
    ['bad session outcome', { ...ev(8), outcome: 'done' }, 'events[0].outcome', /one of "resolved", "transferred", "abandoned", "failed"/],
    ['event not an object', [ev(0), 42], 'events[1]', /must be an object \(got a number\)/],
  ])('%s', (_name, body, field, message) => {
    const r = rejected(body);
    expect(r.field).toBe(field);
    expect(r.error).toMatch(message);
    expect(r.error.startsWith(`${field} `)).toBe(true);
  });

  it('refuses bodies that carry no events', () => {
    expect(rejected([])).toMatchObject({ field: 'events', error: 'events must contain at least one event.' });
    expect(rejected({ events: 'x' })).toMatchObject({ field: 'events' });
    expect(rejected(null)).toMatchObject({ field: null, error: expect.stringMatching(/^The body must be/) });
    expect(rejected('event')).toMatchObject({ field: null });
  });

  it('never throws and never accepts what the stored schema would refuse (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (body) => {
        const r = parseFeedBatch(body);
        if (r.ok) for (const e of r.events) expect(FeedEventSchema.safeParse(e).success).toBe(true);
        else expect(r.error.length).toBeGreaterThan(0);
      }),
    );
  });

  it('mutating any field of a valid event either keeps it valid or names a path into it (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: events.length - 1 }), fc.anything(), fc.nat(), (i, junk, pick) => {
        const e = ev(i);
        const keys = Object.keys(e);
        const key = keys[pick % keys.length]!;
        const r = parseFeedBatch([{ ...e, [key]: junk }]);
        if (!r.ok) expect(r.field).toMatch(/^events\[0\](\.|$)/);
      }),
    );
  });
});

describe('formatPath', () => {
  it('writes list indexes in brackets', () => {
    expect(formatPath(['facts', 1, 'label'])).toBe('.facts[1].label');
    expect(formatPath([])).toBe('');
  });
});
