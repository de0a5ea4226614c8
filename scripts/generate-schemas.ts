// Writes the JSON Schemas in schemas/ from the zod source. A test fails when they drift.
import { writeFileSync } from 'node:fs';
import { renderSchemas } from '../src/intake/json-schemas.js';

for (const [file, text] of Object.entries(renderSchemas())) {
  writeFileSync(new URL(`../schemas/${file}`, import.meta.url), text);
  console.log(`schemas/${file}`);
}
