import { request } from 'node:https';
import { loadConfig } from '../config/config.js';
import { parseCommandArgs } from './args.js';

/**
 * `vroegsignaal health [--url <staff listener>]`: exit 0 when GET /readyz says ready, 1 otherwise —
 * what the image's HEALTHCHECK and an orchestrator's probe run. It talks to its own instance over
 * loopback, so the server certificate (issued for the public name) is not checked here.
 */
export async function runHealth(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { url: { type: 'string' } });
  const base = (values.url as string | undefined) ?? `https://127.0.0.1:${loadConfig().staffPort}`;
  const status = await readyzStatus(base);
  console.log(status === 200 ? 'gereed' : status === 0 ? 'niet bereikbaar' : 'niet gereed');
  return status === 200 ? 0 : 1;
}

/** The HTTP status of GET /readyz on this staff listener; 0 when it does not answer within 3 s. */
export function readyzStatus(base: string): Promise<number> {
  return new Promise<number>((resolve) => {
    const req = request(new URL('/readyz', base), { method: 'GET', rejectUnauthorized: false, timeout: 3_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}
