import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/*
 * @kitajs/html escapes attributes but not children: a string child without `safe` is written as
 * markup. The ts-html-plugin's `xss-scan` finds every such child at compile time; running it here
 * makes an unescaped template a failing test, not a review comment.
 */
const run = promisify(execFile);

function templates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.tsx'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('Werkplek templates', () => {
  it('have no XSS-prone JSX (xss-scan)', async () => {
    const files = templates('src/web');
    expect(files.length).toBeGreaterThan(0);
    const result = await run('node_modules/.bin/xss-scan', ['-p', 'tsconfig.json', ...files]).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect('code' in result ? `${result.stdout}${result.stderr}` : '').toBe('');
  }, 120_000);
});
