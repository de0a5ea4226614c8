import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import { commandLabel } from './labels.js';

/** The part of ioredis' Command this uses: its name, its first argument (a script's SHA) and how it is answered. */
interface SentCommand {
  name: string;
  args: unknown[];
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
  [timed]?: true;
}
const timed = Symbol('vroegsignaal.timed');

type SendCommand = (command: SentCommand, stream?: unknown) => unknown;

/**
 * Time every command one connection sends, from the moment it is written (or queued while
 * offline) to its reply: the latency a caller waits, pipelining and queueing included. ioredis
 * sends every command through `sendCommand` — plain calls, auto-pipelined batches, pipelines and
 * scripts (EVALSHA) alike — and answers each through its `resolve` or `reject`, so wrapping those
 * two sees them all at the cost of two clock reads and a closure per command (no extra promise);
 * nothing about the command's arguments is kept.
 *
 * A script is named as it was defined (`vs_commit_intake`, the rate limiter's `ratelimit`): its
 * SHA looked up among the connection's defined scripts. Returns a function that undoes the wrap.
 */
export function timeRedisCommands(redis: Redis, observe: (command: string, seconds: number) => void): () => void {
  const target = redis as unknown as { sendCommand: SendCommand; scriptsSet?: Record<string, { sha: string }> };
  const original = target.sendCommand;
  const scriptNames = new Map<string, string>();
  const scriptName = (sha: unknown): string => {
    if (typeof sha !== 'string') return 'evalsha';
    let name = scriptNames.get(sha);
    if (name === undefined) {
      // Scripts are defined on first use (src/redis/lua.ts): look again when an unknown SHA shows up.
      for (const [defined, script] of Object.entries(target.scriptsSet ?? {})) scriptNames.set(script.sha, defined);
      name = scriptNames.get(sha) ?? 'evalsha';
    }
    return name;
  };
  target.sendCommand = function (this: unknown, command: SentCommand, stream?: unknown) {
    // A command passes here again when ioredis re-sends it after a reconnect: timed from its first send.
    if (!command[timed]) {
      command[timed] = true;
      const start = performance.now();
      const name = commandLabel(command.name === 'evalsha' ? scriptName(command.args[0]) : command.name);
      const { resolve, reject } = command;
      let open = true;
      const done = () => {
        // Once: a command that timed out may still get its reply later.
        if (open) observe(name, (performance.now() - start) / 1000);
        open = false;
      };
      command.resolve = (result) => {
        done();
        resolve(result);
      };
      command.reject = (err) => {
        done();
        reject(err);
      };
    }
    return original.call(this, command, stream);
  };
  return () => {
    target.sendCommand = original;
  };
}
