/**
 * What a failed Redis call means for the one who asked. `unavailable`: Redis cannot serve right
 * now (loading, out of memory, a read-only replica, a failover, no connection) and the same
 * request can succeed later — a 503 with Retry-After. `bug`: Redis served and refused what we
 * sent (a Lua script that errors, a command against a key of the wrong type) — retrying cannot
 * help, so it is a 500 and someone must look at the log. Anything else is not a Redis failure.
 */
export type RedisFailure = 'unavailable' | 'bug';

/** Error prefixes Redis uses for "not now" (https://redis.io/docs/latest/develop/reference/protocol-spec/#simple-errors). */
const unavailablePrefixes = new Set(['LOADING', 'MISCONF', 'READONLY', 'NOREPLICAS', 'OOM', 'MASTERDOWN', 'TRYAGAIN', 'CLUSTERDOWN', 'BUSY']);

/** ioredis' own errors for a connection that is gone or gave up. */
const connectionErrorNames = new Set(['MaxRetriesPerRequestError', 'AbortError']);
const connectionMessages = /ECONNREFUSED|ECONNRESET|Connection is closed|Stream isn't writeable/;

export function redisFailure(error: Error): RedisFailure | undefined {
  if (error.name === 'ReplyError') return replyFailure(error);
  if (connectionErrorNames.has(error.name) || connectionMessages.test(error.message)) return 'unavailable';
  return undefined;
}

function replyFailure(error: Error & { previousErrors?: Error[] }): RedisFailure {
  const prefix = /^[A-Z]+/.exec(error.message)?.[0] ?? '';
  if (unavailablePrefixes.has(prefix)) return 'unavailable';
  if (/^ERR max number of clients reached/.test(error.message)) return 'unavailable';
  // A transaction refused because a queued command was: that command's error says why.
  if (prefix === 'EXECABORT' && error.previousErrors?.length) return replyFailure(error.previousErrors[0]!);
  return 'bug';
}
