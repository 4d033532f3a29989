import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderContextJsonSchema } from '../shared/context/context-json-schema';

describe('docs/context.schema.json', () => {
  it('is exactly what the zod schema generates (run scripts/gen-context-schema.ts after changing it)', () => {
    const committed = readFileSync(fileURLToPath(new URL('../docs/context.schema.json', import.meta.url)), 'utf8');
    expect(committed).toBe(renderContextJsonSchema());
  });

  it('fixes the names AI platforms rely on', () => {
    const schema = JSON.parse(renderContextJsonSchema()) as { properties: Record<string, unknown> };
    for (const name of ['version', 'sessionId', 'caller', 'intent', 'summary', 'facts', 'transcript']) {
      expect(schema.properties, name).toHaveProperty(name);
    }
  });
});
