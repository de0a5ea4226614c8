import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, type Registry } from 'prom-client';

/**
 * HTTP_WORKERS > 1: every listener process counts its own requests and intakes, while a scrape
 * reaches whichever listener the connection was handed to. So one process answers for all: the
 * first process asks each listener for its registry (as JSON), adds its own (the sequencer's and
 * relay's Redis latency, and the gauges read from Redis, which only it reads) and sums them with
 * prom-client's aggregator. A listener asked for /metrics passes the question to the first process.
 *
 * Messages over the cluster's IPC channel, beside the policy-reload ones of cli/start.ts.
 */
type MetricsMessage =
  | { type: 'metrieken-json-verzoek'; id: string }
  | { type: 'metrieken-json'; id: string; metrics: object[] }
  | { type: 'metrieken-verzoek'; id: string }
  | { type: 'metrieken-antwoord'; id: string; text?: string; error?: string };

const isMetricsMessage = (message: unknown): message is MetricsMessage =>
  typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string' && (message as { type: string }).type.startsWith('metrieken-');

/** How long the first process waits for one listener's figures; a listener that does not answer is left out of that scrape. */
const listenerWaitMs = 5_000;

/** The first process: its own registry summed with every live listener's. */
export async function clusterMetrics(own: Registry): Promise<string> {
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w?.isConnected()));
  const parts = await Promise.all([own.getMetricsAsJSON(), ...workers.map(listenerMetrics)]);
  return AggregatorRegistry.aggregate(parts.filter((p): p is object[] => p !== undefined)).metrics();
}

function listenerMetrics(worker: Worker): Promise<object[] | undefined> {
  const id = randomUUID();
  return new Promise((resolve) => {
    const done = (metrics: object[] | undefined) => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('exit', gone);
      resolve(metrics);
    };
    const onMessage = (message: unknown) => {
      if (isMetricsMessage(message) && message.type === 'metrieken-json' && message.id === id) done(message.metrics);
    };
    const gone = () => done(undefined);
    const timer = setTimeout(gone, listenerWaitMs);
    worker.on('message', onMessage);
    worker.once('exit', gone);
    worker.send({ type: 'metrieken-json-verzoek', id } satisfies MetricsMessage, (err: Error | null) => err && gone());
  });
}

/**
 * The first process answers a listener's request for the whole cluster's text (its staff
 * /metrics route). Returns the function that stops answering.
 */
export function answerListeners(render: () => Promise<string>): () => void {
  const onMessage = (worker: Worker, message: unknown) => {
    if (!isMetricsMessage(message) || message.type !== 'metrieken-verzoek') return;
    const answer = (reply: MetricsMessage) => {
      if (worker.isConnected()) worker.send(reply, () => undefined);
    };
    render().then(
      (text) => answer({ type: 'metrieken-antwoord', id: message.id, text }),
      (err: Error) => answer({ type: 'metrieken-antwoord', id: message.id, error: err.message }),
    );
  };
  cluster.on('message', onMessage);
  return () => {
    cluster.off('message', onMessage);
  };
}

/**
 * A listener: gives its registry to the first process when asked. Returns the function that stops.
 */
export function shareWithFirstProcess(registry: Registry): () => void {
  const onMessage = (message: unknown) => {
    if (!isMetricsMessage(message) || message.type !== 'metrieken-json-verzoek') return;
    void registry.getMetricsAsJSON().then((metrics) => process.send?.({ type: 'metrieken-json', id: message.id, metrics } satisfies MetricsMessage));
  };
  process.on('message', onMessage);
  return () => {
    process.off('message', onMessage);
  };
}

/** A listener's /metrics: the whole cluster's text, from the first process. */
export function askFirstProcess(): Promise<string> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const finish = () => {
      clearTimeout(timer);
      process.off('message', onMessage);
    };
    const onMessage = (message: unknown) => {
      if (!isMetricsMessage(message) || message.type !== 'metrieken-antwoord' || message.id !== id) return;
      finish();
      if (message.text !== undefined) resolve(message.text);
      else reject(new Error(message.error ?? 'het hoofdproces gaf geen metrics'));
    };
    // The first process waits up to listenerWaitMs for each listener, in parallel.
    const timer = setTimeout(() => {
      finish();
      reject(new Error('het hoofdproces antwoordde niet op het verzoek om metrics'));
    }, listenerWaitMs + 5_000);
    process.on('message', onMessage);
    process.send!({ type: 'metrieken-verzoek', id } satisfies MetricsMessage);
  });
}
