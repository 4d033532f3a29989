import { z } from 'zod';
import { FEED_LIMITS, FeedEventInputSchema } from './feed-event';

/** Where the transfer context's own schema is published (docs/context.schema.json). */
const CONTEXT_SCHEMA_ID = 'https://warmline.dev/schemas/context.schema.json';

/**
 * The JSON Schema of one `warmline.feed/1` event that AI platforms validate
 * against (docs/feed.schema.json is this, written by scripts/gen-feed-schema.ts).
 */
export function buildFeedJsonSchema(): Record<string, unknown> {
  // 'input': what a producer may send. Unknown fields are ignored by the hub,
  // so the schema does not forbid them (no additionalProperties: false).
  const generated = z.toJSONSchema(FeedEventInputSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const variants = (generated.oneOf ?? generated.anyOf) as Record<string, unknown>[] | undefined;
  if (!variants) throw new Error('feed event schema: expected one variant per event type');
  for (const v of variants) {
    const props = v.properties as Record<string, Record<string, unknown>> | undefined;
    // The hub reads the context with the screen-pop's parser: point at its schema
    // instead of the "any object" the zod input schema says.
    if (props?.context) props.context = { $ref: CONTEXT_SCHEMA_ID, description: props.context.description };
    // Producers send no additionalProperties: false, but the record type above generated one.
    delete v.additionalProperties;
  }
  const { $schema, title, description, ...rest } = generated;
  return {
    $schema,
    $id: 'https://warmline.dev/schemas/feed.schema.json',
    title,
    description: `${String(description ?? '')} A request body is one event, a list of at most ${FEED_LIMITS.batchEvents} events, or {"events": [...]}, at most ${FEED_LIMITS.bodyBytes} bytes.`,
    ...rest,
  };
}

/** The file's exact text (stable formatting, trailing newline). */
export const renderFeedJsonSchema = (): string => `${JSON.stringify(buildFeedJsonSchema(), null, 2)}\n`;
