import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLua, scriptsDir } from '../../../src/redis/lua.js';

const root = join(import.meta.dirname, '../../..');
const scripts = readdirSync(scriptsDir).filter((f) => f.endsWith('.lua')).map((f) => f.slice(0, -4));
const fragments = readdirSync(join(scriptsDir, 'includes')).filter((f) => f.endsWith('.lua'));

/** The leading `--[[ … ]]` block: what a reader sees before the code. */
const header = (source: string) => /^--\[\[([\s\S]*?)\]\]/.exec(source)?.[1] ?? '';
const own = (name: string) => readFileSync(join(scriptsDir, `${name}.lua`), 'utf8');
const literalIndexes = (lua: string, table: 'KEYS' | 'ARGV') => [...lua.matchAll(new RegExp(`${table}\\[(\\d+)\\]`, 'g'))].map((m) => Number(m[1]));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

describe('Lua script files', () => {
  it('are there, each named <name>-<keys>.lua or <name>.lua (keys decided by the caller)', () => {
    expect(scripts.length).toBeGreaterThan(5);
    for (const name of scripts) expect(name).toMatch(/^[a-z]+(-[a-z]+)*(-\d+)?$/);
  });

  it.each(scripts)('%s: the header names every KEYS and ARGV the script reads, and its answers', (name) => {
    const { lua, numberOfKeys } = loadLua(name);
    const text = header(own(name));
    expect(text, 'header comment').not.toBe('');
    expect(text).toMatch(/KEYS\[1\]/);
    expect(text).toMatch(/ARGV\[1[\]…]/);
    expect(text).toMatch(/Returns/);
    const keys = literalIndexes(lua, 'KEYS');
    const dynamicKeys = /KEYS\[(?!\d+\])/.test(lua);
    if (numberOfKeys !== undefined) {
      // The number in the name is what defineCommand passes as numkeys: it must be what the script reads.
      expect(Math.max(...keys), 'highest KEYS[n] read').toBe(numberOfKeys);
      expect(dynamicKeys, 'a KEYS index computed at run time needs a name without a key count').toBe(false);
      for (let i = 1; i <= numberOfKeys; i++) expect(text, `KEYS[${i}] in the header`).toContain(`KEYS[${i}]`);
    } else {
      expect(dynamicKeys, 'a name without a key count is for scripts whose keys the caller decides').toBe(true);
      for (const i of new Set(keys)) expect(text, `KEYS[${i}] in the header`).toContain(`KEYS[${i}]`);
    }
    // Each ARGV position read is named, or falls in a range the header names ("ARGV[8…]").
    const from = [...text.matchAll(/ARGV\[(\d+)…\]/g)].map((m) => Number(m[1]));
    for (const i of new Set(literalIndexes(lua, 'ARGV'))) {
      expect(text.includes(`ARGV[${i}]`) || from.some((f) => f <= i), `ARGV[${i}] in the header`).toBe(true);
    }
  });

  it.each(fragments)('fragment %s starts with a header saying what it gives and expects', (file) => {
    expect(header(readFileSync(join(scriptsDir, 'includes', file), 'utf8'))).toMatch(/Fragment/);
  });

  it('are each used by the TypeScript (no orphan file)', () => {
    const ts = sourceFiles(join(root, 'src')).map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const name of scripts) expect(ts, name).toContain(`'${name}'`);
    for (const file of fragments) expect(`${ts}\n${scripts.map(own).join('\n')}\n${fragments.map((f) => readFileSync(join(scriptsDir, 'includes', f), 'utf8')).join('\n')}`).toMatch(new RegExp(`@include "${file.slice(0, -4)}"`));
  });
});

describe('Redis keys', () => {
  it('are named in src/redis/keys.ts only: no other source file or Lua script holds a vs: key', () => {
    const offenders = [...sourceFiles(join(root, 'src')), ...scripts.map((s) => join(scriptsDir, `${s}.lua`))]
      .filter((f) => relative(root, f) !== join('src', 'redis', 'keys.ts'))
      .filter((f) => /['"`]vs:|\bvs:[a-z]/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });
});
