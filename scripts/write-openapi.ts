// Writes the OpenAPI document as the running gateway serves it, for linting in CI.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { renderOpenapi } from '../src/http/render-openapi.js';

const out = process.argv[2] ?? 'var/openapi.json';
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(await renderOpenapi(), null, 2) + '\n');
console.log(out);
