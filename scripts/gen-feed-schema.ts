// Writes docs/feed.schema.json from FeedEventInputSchema, so AI platforms can
// validate what they send against exactly what the hub accepts.
// Run: node --import tsx scripts/gen-feed-schema.ts (or npm run gen:schemas)
// scripts/gen-feed-schema.test.ts fails when the committed file drifts.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderFeedJsonSchema } from '../shared/feed/feed-json-schema';

const out = fileURLToPath(new URL('../docs/feed.schema.json', import.meta.url));
writeFileSync(out, renderFeedJsonSchema());
console.log(`wrote ${out}`);
