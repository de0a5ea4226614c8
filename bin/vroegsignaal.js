#!/usr/bin/env node
// Thin shim so the bin works from a checkout: the CLI itself is compiled to dist/ by `npm run build`
// (which `npm ci` runs through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('vroegsignaal: dist/ is missing; run `npm run build` first.\n');
  process.exit(2);
}
await import(entry.href);
