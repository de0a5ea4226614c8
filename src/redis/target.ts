/**
 * Where the gateway's Redis is: one address (REDIS_URL, or the embedded server's), or the
 * Sentinels that know which node is the primary now (REDIS_SENTINELS + REDIS_SENTINEL_NAME).
 * The password (REDIS_PASSWORD) goes to every connection made from it — request path, BullMQ
 * and its duplicates, subscribers, CLI commands — and, with Sentinel, to the Sentinels too.
 */
export type RedisTarget =
  | { kind: 'url'; url: string; password?: string }
  | { kind: 'sentinel'; sentinels: SentinelAddress[]; name: string; password?: string };

export interface SentinelAddress {
  host: string;
  port: number;
}

/** The master name deploy/sentinel.conf monitors (`sentinel monitor vroegsignaal …`). */
export const defaultSentinelName = 'vroegsignaal';

/**
 * `host:port,host:port` (a host without a port gets Sentinel's 26379; IPv6 in brackets,
 * `[::1]:26379`). Throws with one line per entry that is not an address.
 */
export function parseSentinels(text: string): SentinelAddress[] {
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) throw new Error('geen enkel adres (verwacht host:poort,host:poort)');
  const wrong: string[] = [];
  const addresses = entries.flatMap((entry) => {
    const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(entry);
    const port = match?.[3] === undefined ? 26379 : Number(match[3]);
    if (!match || port < 1 || port > 65535) {
      wrong.push(entry);
      return [];
    }
    return [{ host: (match[1] ?? match[2])!, port }];
  });
  if (wrong.length > 0) throw new Error(`geen host:poort: ${wrong.join(', ')}`);
  return addresses;
}

/** For logs and messages: where, never the password. */
export function describeTarget(target: RedisTarget): string {
  if (target.kind === 'sentinel') return `Sentinel ${target.sentinels.map((s) => `${s.host}:${s.port}`).join(',')} (master ${target.name})`;
  const url = new URL(target.url);
  url.password = '';
  url.username = '';
  return url.toString().replace(/\/$/, '');
}
