// The HTTP floor: the same listener setup as the gateway (Fastify, HTTPS, client certificate
// requested, TLS 1.2+ with the gateway's ciphers, keep-alive, as many listener processes as the
// gateway runs) with an endpoint that reads the body and answers 202 — no verification, no
// storage. What the load generator and Fastify cost together on this machine, before the
// gateway does any work of its own.
// Usage: node --import tsx bench/http-floor.ts <bench home> <processes>; prints the port on stdout.
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { homeLayout } from '../src/config/home.js';

const processes = Number(process.argv[3] ?? 1);
if (cluster.isPrimary && processes > 1) {
  const workers = Array.from({ length: processes }, () => cluster.fork());
  const ports = await Promise.all(workers.map((w) => new Promise<number>((resolve) => w.once('listening', (a) => resolve(a.port)))));
  process.stdout.write(`${ports[0]}\n`);
  process.on('SIGTERM', () => {
    for (const w of workers) w.process.kill('SIGTERM');
    process.exit(0);
  });
} else {
  const layout = homeLayout(process.argv[2]!);
  const app = Fastify({
    logger: false,
    https: {
      key: readFileSync(layout.serverKey), cert: readFileSync(layout.serverCert), ca: readFileSync(layout.caCert),
      requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2',
      ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256',
    },
  });
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post('/v1/vroegsignalen', async (_request, reply) => reply.code(202).send({ signaalId: randomUUID() }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (cluster.isPrimary) process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}
