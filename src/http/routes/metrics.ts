import type { FastifyInstance } from 'fastify';
import type { GatewayMetrics } from '../../metrics/gateway-metrics.js';
import { bearerAuth } from '../caller.js';
import type { AppDeps } from '../deps.js';

/**
 * GET /metrics on the staff listener (Prometheus text format) for a bearer token with role
 * beheerder — 401 without a valid token, 403 without the role, as every staff route (caller.ts).
 * Outside the API documents, like the health probes, and answered under load shedding too: an
 * overloaded gateway is when an operator looks. A Prometheus beside the gateway may use
 * METRICS_PORT instead (src/metrics/loopback.ts), without a token.
 */
export async function metricsRoutes(app: FastifyInstance, deps: AppDeps, metrics: GatewayMetrics): Promise<void> {
  bearerAuth(app, deps);
  app.get('/metrics', { schema: { hide: true }, config: { roles: ['beheerder'], pressureHandler: () => undefined } }, async (_request, reply) => {
    const body = await metrics.render();
    return reply.type(metrics.contentType).header('Cache-Control', 'no-store').send(body);
  });
}
