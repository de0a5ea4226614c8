import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { problemCatalogue, problemType, type ProblemCode } from '../errors/catalogue.js';

/** What the loopback listener serves: the text of one scrape. */
export interface MetricsSource {
  render(): Promise<string>;
  contentType: string;
}

export interface MetricsListener {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * METRICS_PORT: plain HTTP on 127.0.0.1 only, GET /metrics without a token, for a Prometheus (or an
 * agent) in the same host or pod. Loopback is the access control — nothing outside the machine
 * reaches it — so it serves nothing else: every other path is a 404, every other method a 405,
 * as problem+json like the gateway's own answers.
 */
export async function startMetricsListener(source: MetricsSource, port: number, onError?: (err: Error) => void): Promise<MetricsListener> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics') return problem(response, request, 'niet-gevonden', 'Hier is alleen /metrics');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return problem(response, request, 'methode-niet-toegestaan', 'Gebruik GET');
    }
    source.render().then((body) => {
      response.writeHead(200, { 'Content-Type': source.contentType, 'Cache-Control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : body);
    }, (err: Error) => {
      onError?.(err);
      problem(response, request, 'interne-fout', 'De metrics konden niet worden gemaakt');
    });
  });
  // Slow or idle scrapers must not hold sockets open for ever.
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function problem(response: ServerResponse, request: IncomingMessage, code: ProblemCode, detail: string): void {
  const { status, title } = problemCatalogue[code];
  response.writeHead(status, { 'Content-Type': 'application/problem+json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(request.method === 'HEAD' ? undefined : JSON.stringify({ type: problemType(code), title, status, detail, code, instance: (request.url ?? '').split('?')[0] }));
}
