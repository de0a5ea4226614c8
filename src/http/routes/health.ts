import type { FastifyInstance } from 'fastify';
import { defaultMaxSequencerLagMs, isReady } from '../../health/readiness.js';
import { keyProblems } from '../../policy/key-check.js';
import { auditLogKeys, healthKeys } from '../../redis/keys.js';
import type { AppDeps } from '../deps.js';

/** The probes answer even under load shedding: a busy gateway is alive, and says itself whether it is ready. */
const probeConfig = { pressureHandler: () => undefined };
const json = 'application/json; charset=utf-8';

/**
 * GET /livez (the process runs and serves) and GET /readyz (readiness.ts), unauthenticated, on the
 * staff listener (CONTRACT §2), outside the API documents. Nothing but a status in the answer.
 */
export async function healthRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/livez', { schema: { hide: true }, config: probeConfig }, async (_request, reply) =>
    reply.type(json).header('Cache-Control', 'no-store').send('{"status":"ok"}'));

  app.get('/readyz', { schema: { hide: true }, config: probeConfig }, async (_request, reply) => {
    const [written, oldest] = await Promise.all([
      deps.redis.set(healthKeys.writeProbe, String(Date.now()), 'PX', 10_000).then((r) => r === 'OK', () => false),
      deps.redis.xrange(auditLogKeys.pending, '-', '+', 'COUNT', 1).then((entries) => entries[0]?.[0], () => undefined),
    ]);
    const snapshot = deps.policy();
    const ready = isReady({
      redisWritable: written,
      policyLoaded: Boolean(snapshot?.bundle && snapshot.revision),
      missingKeys: snapshot?.bundle ? keyProblems(snapshot.bundle, deps.keystore).length : 1,
      // Stream ids start with Redis's own time in ms: the age is measured on the same clock.
      oldestUnsequencedMs: oldest ? Math.max(0, Date.now() - Number(oldest.split('-')[0])) : 0,
      maxSequencerLagMs: deps.maxSequencerLagMs ?? defaultMaxSequencerLagMs,
    });
    return reply.code(ready ? 200 : 503).type(json).header('Cache-Control', 'no-store').send(ready ? '{"status":"gereed"}' : '{"status":"niet-gereed"}');
  });
}
