import { z } from 'zod';
import { TransferContextSchema } from './transfer-context';

/**
 * The JSON Schema of `warmline.context/1` that AI platforms validate against
 * (docs/context.schema.json is this, written by scripts/gen-context-schema.ts).
 */
export function buildContextJsonSchema(): Record<string, unknown> {
  // 'input': what a producer may send. Unknown fields are ignored by the parser,
  // so the schema does not forbid them (no additionalProperties: false).
  const generated = z.toJSONSchema(TransferContextSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  // The zod schema lets sessionId be "" because that is what the parser returns
  // when a producer omits it; producers themselves must send a non-empty one.
  const properties = generated.properties as Record<string, Record<string, unknown>> | undefined;
  if (properties?.sessionId) properties.sessionId.minLength = 1;
  return {
    $schema: generated.$schema,
    $id: 'https://warmline.dev/schemas/context.schema.json',
    ...generated,
  };
}

/** The file's exact text (stable formatting, trailing newline). */
export const renderContextJsonSchema = (): string => `${JSON.stringify(buildContextJsonSchema(), null, 2)}\n`;
