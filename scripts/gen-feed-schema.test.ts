import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFeedBatch } from '../shared/feed/feed-batch';
import { FEED_EVENT_TYPES } from '../shared/feed/feed-event';
import { renderFeedJsonSchema } from '../shared/feed/feed-json-schema';

describe('docs/feed.schema.json', () => {
  it('is exactly what the zod schema generates (run scripts/gen-feed-schema.ts after changing it)', () => {
    const committed = readFileSync(fileURLToPath(new URL('../docs/feed.schema.json', import.meta.url)), 'utf8');
    expect(committed).toBe(renderFeedJsonSchema());
  });

  it('has one variant per event type, each requiring the common fields', () => {
    const schema = JSON.parse(renderFeedJsonSchema()) as { oneOf: { properties: { type: { const: string } }; required: string[] }[] };
    expect(schema.oneOf.map((v) => v.properties.type.const)).toEqual([...FEED_EVENT_TYPES]);
    for (const v of schema.oneOf) expect(v.required).toEqual(expect.arrayContaining(['sessionId', 'seq', 'at', 'type']));
  });

  it('points transfer.requested at the transfer context schema', () => {
    const schema = JSON.parse(renderFeedJsonSchema()) as { oneOf: { properties: Record<string, { $ref?: string; const?: string }> }[] };
    const transfer = schema.oneOf.find((v) => v.properties.type?.const === 'transfer.requested');
    expect(transfer?.properties.context?.$ref).toBe('https://warmline.dev/schemas/context.schema.json');
  });
});

describe('docs/feed-format.md', () => {
  const doc = readFileSync(fileURLToPath(new URL('../docs/feed-format.md', import.meta.url)), 'utf8');
  const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)]
    .map((m) => JSON.parse(m[1]!) as Record<string, unknown>)
    .filter((v) => typeof v.type === 'string' && 'seq' in v);

  it('shows an example of every event type', () => {
    expect(examples.map((e) => e.type)).toEqual([...FEED_EVENT_TYPES]);
  });

  it.each(examples.map((e) => [e.type, e] as const))('its %s example is accepted by the hub, with no warnings', (_type, e) => {
    const r = parseFeedBatch(e);
    expect(r.ok ? r.warnings : r.error).toEqual([]);
  });
});
