// Writes docs/context.schema.json from TransferContextSchema, so AI platforms
// can validate what they send against exactly what Warmline reads.
// Run: node --import tsx scripts/gen-context-schema.ts
// scripts/gen-context-schema.test.ts fails when the committed file drifts.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderContextJsonSchema } from '../shared/context/context-json-schema';

const out = fileURLToPath(new URL('../docs/context.schema.json', import.meta.url));
writeFileSync(out, renderContextJsonSchema());
console.log(`wrote ${out}`);
