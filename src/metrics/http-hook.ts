import type { FastifyInstance } from 'fastify';
import type { GatewayMetrics } from './gateway-metrics.js';

/**
 * Request latency for every answer of one listener, by the route template fastify matched — the
 * pattern, as the request log line names it, never the URL with its ids.
 */
export function measureRequests(app: FastifyInstance, metrics: GatewayMetrics, listener: string): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(listener, request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
  });
}
