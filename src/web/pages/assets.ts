import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The files the Werkplek serves: NL Design System's Utrecht components, the neutral voorbeeld
 * theme's tokens and our own stylesheet, and the few ES modules the issue allows (the proof check).
 * Each is read once at start and served under a path holding a hash of its content, so a browser
 * may keep it for a year: a new version of a file has a new address.
 */
export interface Asset {
  name: string;
  /** `/assets/<hash>/<name>` */
  path: string;
  body: Buffer;
  contentType: string;
}

const require = createRequire(import.meta.url);

// Beside the code: src/web/assets under tsx and vitest, dist/web/assets after `npm run build`
// (scripts/copy-static.mjs copies them; the production image has no src/).
const ownAsset = (name: string) => fileURLToPath(new URL(`../assets/${name}`, import.meta.url));

const sources: Array<{ name: string; file: string }> = [
  { name: 'utrecht.css', file: require.resolve('@utrecht/component-library-css/dist/index.css') },
  { name: 'voorbeeld-theme.css', file: require.resolve('@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css') },
  { name: 'werkplek.css', file: ownAsset('werkplek.css') },
  { name: 'bewijs.js', file: ownAsset('bewijs.js') },
];

const contentTypes: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };

export function loadAssets(): Asset[] {
  return sources.map(({ name, file }) => {
    const body = readFileSync(file);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
    return { name, path: `/assets/${hash}/${name}`, body, contentType: contentTypes[name.slice(name.lastIndexOf('.') + 1)]! };
  });
}
