import { createRequire } from 'node:module';
import { context, diag, DiagLogLevel, propagation, trace } from '@opentelemetry/api';
import type { FastifyPluginCallback, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { TraceContext } from '../audit/trace.js';
import type { TracingConfig } from '../config/config.js';
import { enterRequestSpan, startRequestSpan, untracedPath } from './request.js';
import { recordSpans } from './spans.js';

/** What the HTTP app needs when tracing is on (see buildApp). */
export interface HttpTracing {
  /** From the app's childLoggerFactory: the request's SERVER span, whose ids become `request.trace`. */
  startRequestSpan(raw: IncomingMessage): TraceContext | undefined;
  /** The first onRequest hook, before `plugin`'s. */
  enterRequestSpan(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void;
  /** @fastify/otel, registered before every route. */
  plugin: FastifyPluginCallback;
}

export interface Tracing {
  http: HttpTracing;
  /** Export what is still buffered, then stop: the gateway's last cleanup, after the listeners closed. */
  shutdown(): Promise<void>;
}

/**
 * Start the OpenTelemetry Node SDK for traces only (metrics and logs have their own routes:
 * prom-client, pino). Called only when an OTLP endpoint is configured; the SDK is then loaded
 * on demand, so a gateway without one loads none of it. The SDK reads the standard variables
 * itself: OTEL_EXPORTER_OTLP_ENDPOINT / _TRACES_ENDPOINT, _PROTOCOL (http/protobuf by default,
 * http/json, grpc), _HEADERS, OTEL_TRACES_SAMPLER, OTEL_BSP_*, OTEL_PROPAGATORS, OTEL_RESOURCE_ATTRIBUTES.
 */
export async function startTracing(config: TracingConfig, logger: Logger): Promise<Tracing> {
  const [{ NodeSDK }, { FastifyOtelInstrumentation }, { IORedisInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@fastify/otel'),
    import('@opentelemetry/instrumentation-ioredis'),
  ]);
  // The SDK's own complaints (an unreachable collector, dropped spans) in our log, message only;
  // OTEL_LOG_LEVEL, when set, replaces this with the SDK's console logger.
  diag.setLogger({
    error: (message) => logger.warn({ otel: message }, 'traces'),
    warn: (message) => logger.warn({ otel: message }, 'traces'),
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  }, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });

  const fastifyOtel = new FastifyOtelInstrumentation({
    // The request and its handler; a span per hook per request would be noise at intake rates.
    instrumentHooks: false,
    // Exception text is not ours to vouch for; the status code says a request failed.
    recordExceptions: false,
    ignorePaths: (route) => untracedPath(route.url),
    // @fastify/otel records `url.path` as requested: the path of a case or signal holds its id,
    // the query a Werkplek filter. The route template instead (`/v1/zaken/:zaakId`).
    requestHook: (span, request) => span.setAttribute('url.path', request.routeOptions.url ?? '(geen route)'),
    // The handler's span is named after its plugin, which for an anonymous plugin is its source
    // text; the route says which handler it is.
    lifecycleHook: (span, info) => {
      span.updateName(info.hookName);
      span.setAttribute('hook.name', info.hookName);
    },
  });
  const redis = new IORedisInstrumentation({
    // Only commands made on a request's behalf: the sequencer, relay and BullMQ workers poll
    // Redis all day, and need no spans (a root span per poll would drown the requests).
    requireParentSpan: true,
    // The command name only. The default text lists arguments — keys hold pseudonyms and ids,
    // and the commit script's arguments are the whole pseudonymised, encrypted signal.
    dbStatementSerializer: (command) => command,
  });
  const sdk = new NodeSDK({
    ...(config.serviceName ? { serviceName: config.serviceName } : {}),
    instrumentations: [fastifyOtel, redis],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  // ioredis is CommonJS, imported from ESM. The SDK patches modules through a require hook
  // (require-in-the-middle), which an ESM `import` never passes, so the gateway's `import { Redis }`
  // would stay unpatched. We do not use the ESM loader hook (`--import` of
  // @opentelemetry/instrumentation/hook.mjs): it must be registered before the first module of
  // every entry point loads (bin, npm start, the image, cluster listeners, tests) and wraps
  // every ES module of the process. Node instead hands an ESM importer of a CommonJS module the
  // very exports object its require cache holds: one require here, after the hook is in place,
  // lets the instrumentation patch `Redis.prototype.sendCommand` on that object — every
  // connection of the process, made before or after, whoever imported the class (BullMQ too).
  createRequire(import.meta.url)('ioredis');
  recordSpans(true);
  logger.info({ dienst: config.serviceName ?? '(OTEL_RESOURCE_ATTRIBUTES)' }, 'traces aan (OTLP)');
  return {
    http: { startRequestSpan, enterRequestSpan, plugin: fastifyOtel.plugin() as FastifyPluginCallback },
    async shutdown() {
      recordSpans(false);
      try {
        // Flushes the batch processor: spans of the last requests reach the collector.
        await sdk.shutdown();
      } finally {
        redis.disable();
        fastifyOtel.disable();
        // Unregister the globals, so a gateway started again in this process can register its own.
        trace.disable();
        context.disable();
        propagation.disable();
        diag.disable();
      }
    },
  };
}
