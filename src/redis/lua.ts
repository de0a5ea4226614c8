import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { luaConstants } from './keys.js';

export type ScriptArg = string | Buffer | number;

/**
 * The Lua scripts, one file each under src/redis/scripts (after BullMQ's src/commands):
 *
 * - `<name>-<n>.lua` takes exactly n KEYS; `<name>.lua` (no number) takes as many as its caller
 *   passes (a plan that names its keys by position in ARGV).
 * - A line `--- @include "<fragment>"` is replaced by scripts/includes/<fragment>.lua; a fragment
 *   may include others, and each goes into a script once, where it is first included.
 * - `{{name}}` is replaced by the Lua literal of `luaConstants[name]` (src/redis/keys.ts): for a
 *   key a script must build itself because it depends on what the script computes.
 *
 * Each script is registered on a connection with ioredis' `defineCommand` the first time it is
 * used there (see `define`); ioredis then runs it by EVALSHA and sends the source only when Redis answers NOSCRIPT
 * (first use on a connection, after a restart). Sending the source with every call cost the
 * intake more CPU than the script itself.
 */

// dist/redis/scripts after `npm run build` (which copies them), src/redis/scripts under tsx and
// vitest; a dist built by plain `tsc` reads them from the source tree beside it.
const here = fileURLToPath(new URL('./scripts/', import.meta.url));
export const scriptsDir = existsSync(here) ? here : fileURLToPath(new URL('../../src/redis/scripts/', import.meta.url));

const includeLine = /^---[ \t]*@include[ \t]+"([^"]+)"[ \t]*$/gm;
const constant = /\{\{\s*(\w+)\s*\}\}/g;

export interface LoadedScript {
  name: string;
  /** The fixed number of KEYS, or undefined when the caller decides (a name without a number). */
  numberOfKeys: number | undefined;
  lua: string;
}

/** Read a script with its includes and constants resolved. `name` is the file name without `.lua`. */
export function loadLua(name: string): LoadedScript {
  const count = /-(\d+)$/.exec(name);
  return { name, numberOfKeys: count ? Number(count[1]) : undefined, lua: resolve(join(scriptsDir, `${name}.lua`), new Set(), []) };
}

function resolve(file: string, included: Set<string>, stack: string[]): string {
  if (stack.includes(file)) throw new Error(`Lua: ${[...stack, file].join(' → ')} includes itself`);
  const source = readFileSync(file, 'utf8');
  return source
    .replace(includeLine, (_line, fragment: string) => {
      const path = join(scriptsDir, 'includes', `${fragment}.lua`);
      if (included.has(path)) return `-- (${fragment}: included above)`;
      included.add(path);
      return resolve(path, included, [...stack, file]).trimEnd();
    })
    .replace(constant, (_text, key: string) => {
      const value = luaConstants[key];
      if (value === undefined) throw new Error(`Lua: ${file} names {{${key}}}, which src/redis/keys.ts does not define`);
      return typeof value === 'number' ? String(value) : `'${value.replace(/[\\']/g, '\\$&')}'`;
    });
}

type Command<T> = (...args: unknown[]) => Promise<T>;

/**
 * A script file as a function of (connection, KEYS, ARGV) — the shape every wrapper (claimNext,
 * appendAuditRecords, …) calls. The file is read once, when the module that names it loads.
 * Arguments go to ioredis as two arrays, which it flattens: a sequencer batch has tens of thousands,
 * too many to spread into a call.
 */
export function redisScript<T = unknown>(name: string): (redis: Redis, keys: string[], args: ScriptArg[]) => Promise<T> {
  const script = loadLua(name);
  const command = `vs_${name.replace(/-\d+$/, '').replace(/-/g, '_')}`;
  return (redis, keys, args) => {
    const client = redis as unknown as Record<string, Command<T> | undefined>;
    if (typeof client[command] !== 'function') define(redis, command, script);
    if (script.numberOfKeys === undefined) return client[command]!(keys.length, keys, args);
    if (keys.length !== script.numberOfKeys) throw new Error(`Lua ${name}: ${keys.length} keys given, ${script.numberOfKeys} expected`);
    return client[command]!(keys, args);
  };
}

/**
 * Register a script on a connection, outside ioredis' auto-pipelining: a pipeline it is gathering
 * (one can gather over many ticks while the previous one runs) was made before the command existed
 * and lacks it — the call throws, the pipeline's replies no longer match its callbacks, and that
 * uncaught error stopped the gateway (ioredis issue #1931). A script is one large call anyway;
 * the plain commands around it keep being pipelined.
 */
function define(redis: Redis, command: string, script: LoadedScript): void {
  redis.options.autoPipeliningIgnoredCommands = [...(redis.options.autoPipeliningIgnoredCommands ?? []), command];
  redis.defineCommand(command, { lua: script.lua, numberOfKeys: script.numberOfKeys });
}
