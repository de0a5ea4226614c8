import { readyzStatus } from './health.js';
import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import closeWithGrace from 'close-with-grace';
import { relative } from 'node:path';
import { loadConfig, type Config } from '../config/config.js';
import { ProductionConfigError } from '../config/production-check.js';
import { RedisServerMissingError } from '../redis/embedded.js';
import { PolicyBundleError } from '../policy/load.js';
import { startGateway, type PolicyReload, type RunningGateway, type StartOptions } from '../runtime/gateway.js';
import { parseCommandArgs } from './args.js';
import { demoAccountLines } from '../web/auth/demo-accounts.js';

const say = (line: string) => console.error(`• ${line}`);

/**
 * Messages between the first process and its HTTPS listeners (HTTP_WORKERS > 1). A reload asked
 * for over HTTP goes listener → first process (`verzoek`), which reloads and records it, has
 * every listener reload (`beleid-herladen`, acknowledged with `beleid-geladen`) and then answers
 * the asking listener (`antwoord`).
 */
type ListenerMessage =
  | { type: 'beleid-herladen'; id?: number }
  | { type: 'beleid-geladen'; id?: number }
  | { type: 'beleid-herladen-verzoek'; id: string }
  | ({ type: 'beleid-herladen-antwoord'; id: string } & ({ ok: true; from: string; to: string } | { ok: false; message: string; problems?: string[] }))
  | { type: 'stoppen' };

/** How long a reload may wait for a listener or for the first process before giving up on it. */
const reloadWaitMs = 30_000;

export async function runStart(argv: string[]): Promise<number> {
  parseCommandArgs(argv, {});
  const config = loadConfig();
  if (cluster.isWorker) return runListener(config);
  const listeners = config.httpWorkers > 1;
  // A reload recorded by another instance on the same Redis: this process follows, then its listeners.
  let followed = async () => undefined as void;
  const gateway = await start(config, { say, role: listeners ? 'background' : 'all', onPolicyFollowed: () => followed() });
  if (!gateway) return 1;
  const workers = listeners ? await forkListeners(config, gateway) : undefined;
  if (workers) followed = async () => void (await workers.reloadListeners());
  const port = workers ? workers.port : gateway.port;
  const staffPort = workers ? workers.staffPort : gateway.staffPort;
  // What an orchestrator's probe will see: asked of the instance itself, as the image's HEALTHCHECK does.
  const ready = (await readyzStatus(`https://127.0.0.1:${staffPort}`)) === 200;
  printBanner(config, port, staffPort, ready, gateway.metricsUrl);
  // SIGHUP: reload policies/ (an operator edited the bundle); a broken bundle keeps the old one.
  process.on('SIGHUP', () => {
    (workers ? workers.reload() : gateway.reloadPolicy()).then(
      ({ to }) => say(`beleid herladen: ${to}`),
      (err: Error) => say(`beleid NIET herladen, het oude blijft gelden: ${err.message}`),
    );
  });
  await new Promise<void>((resolve) => {
    // SIGHUP reloads (above), it does not stop.
    closeWithGrace({ delay: 10_000, skip: ['SIGHUP'] }, async ({ signal, err }) => {
      if (err) gateway.logger.error({ err: { message: err.message } }, 'stoppen na fout');
      else gateway.logger.info({ signal }, 'stoppen');
      await workers?.stop();
      await gateway.stop();
      resolve();
    });
  });
  return 0;
}

async function start(config: Config, options: StartOptions): Promise<RunningGateway | undefined> {
  try {
    return await startGateway(config, options);
  } catch (err) {
    if (err instanceof RedisServerMissingError) {
      console.error(err.message);
      return undefined;
    }
    if (err instanceof ProductionConfigError) {
      console.error(`vroegsignaal start: productiemodus (VROEGSIGNAAL_MODE=production), maar de gateway mist ${err.problems.length === 1 ? 'één punt' : `${err.problems.length} punten`}:`);
      for (const line of err.problems) console.error(`  - ${line}`);
      console.error('Zie README, "Productie". De gateway is niet gestart.');
      return undefined;
    }
    throw err;
  }
}

/** Where the Werkplek is, and in development the demo accounts of the embedded IdP. */
function werkplekLines(config: Config, staffUrl: string): string {
  const url = config.werkplekUrl ?? staffUrl;
  if (config.werkplekOidc) return `Werkplek: ${url}/ (inloggen bij ${config.werkplekOidc.issuer})\n`;
  if (config.mode !== 'development') return '';
  return `\n${demoAccountLines(`${url}/`).join('\n')}\n`;
}

function printBanner(config: Config, port: number, staffPort: number, ready: boolean, metricsUrl: string | undefined): void {
  const url = `https://localhost:${port}`;
  const staffUrl = `https://localhost:${staffPort}`;
  const partnerDir = relative(process.cwd(), `${config.home.partnersDir}/huur`) || '.';
  const portArg = config.port === 8443 ? '' : ` --url ${url}`;
  console.error(`
vroegsignaal draait op ${url}  (OpenAPI: ${url}/v1/openapi.json)${config.httpWorkers > 1 ? `, ${config.httpWorkers} HTTPS-processen` : ''}
Voor medewerkers (zaken, auditlog, beleid; zonder clientcertificaat): ${staffUrl}  (OpenAPI: ${staffUrl}/v1/openapi.json)
${werkplekLines(config, staffUrl)}
Gezondheid: ${staffUrl}/livez en ${staffUrl}/readyz — nu: ${ready ? 'gereed' : 'niet gereed (zie het log)'}
Metrics: ${staffUrl}/metrics (token met rol beheerder)${metricsUrl ? ` en ${metricsUrl}/metrics (zonder token, alleen vanaf deze machine)` : ''}

Stuur een eerste signaal als demo-verhuurder, in een tweede terminal:

  node bin/vroegsignaal.js send examples/signaal-huur.json --as ${partnerDir}${portArg}

Stoppen: Ctrl+C
`);
}

/**
 * Fork the HTTPS listeners; they share both ports (node:cluster hands connections round) and the
 * Redis this process started or was given. A listener that dies is replaced.
 */
async function forkListeners(config: Config, gateway: RunningGateway) {
  let stopping = false;
  let started = false;
  // The embedded server's address; with REDIS_URL or REDIS_SENTINELS the listeners inherit the environment.
  const env = gateway.redisUrl ? { REDIS_URL: gateway.redisUrl } : {};
  // Each listener listens on both ports, the partner port first (startGateway awaits one, then
  // the other), so its first 'listening' is PORT and its second STAFF_PORT.
  const listening = (worker: Worker) => new Promise<{ port: number; staffPort: number }>((resolve, reject) => {
    const ports: number[] = [];
    const onListening = (address: { port: number }) => {
      ports.push(address.port);
      if (ports.length < 2) return;
      worker.off('listening', onListening);
      resolve({ port: ports[0]!, staffPort: ports[1]! });
    };
    worker.on('listening', onListening);
    worker.once('exit', (code) => reject(new Error(`HTTPS-proces stopte bij het starten (exit ${code})`)));
  });
  let acknowledgement = 0;
  /** Have every listener reload; resolves once each has (or has gone, or took too long). */
  const reloadListeners = () => Promise.all(Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w?.isConnected())).map((worker) => new Promise<void>((resolve) => {
    const id = ++acknowledgement;
    const done = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('exit', done);
      resolve();
    };
    const onMessage = (message: ListenerMessage) => {
      if (message.type === 'beleid-geladen' && message.id === id) done();
    };
    const timer = setTimeout(done, reloadWaitMs);
    worker.on('message', onMessage);
    worker.once('exit', done);
    worker.send({ type: 'beleid-herladen', id } satisfies ListenerMessage, (err: Error | null) => err && done());
  })));
  /** Reload here (recorded once), then in every listener. */
  const reload = async () => {
    const result = await gateway.reloadPolicy();
    await reloadListeners();
    return result;
  };
  const answerReloadRequest = (worker: Worker, id: string) => {
    reload().then(
      ({ from, to }) => ({ type: 'beleid-herladen-antwoord', id, ok: true, from, to }) as const,
      (err: Error) => ({ type: 'beleid-herladen-antwoord', id, ok: false, message: err.message, ...(err instanceof PolicyBundleError ? { problems: err.problems } : {}) }) as const,
    ).then((answer) => {
      if (worker.isConnected()) worker.send(answer satisfies ListenerMessage, () => undefined);
    });
  };
  const fork = (): Worker => {
    const worker = cluster.fork(env);
    worker.on('exit', (code, signal) => {
      if (stopping || !started) return; // a listener that cannot start would only fail again
      gateway.logger.error({ code, signal }, 'HTTPS-proces gestopt; een nieuw wordt gestart');
      fork();
    });
    worker.on('message', (message: ListenerMessage) => {
      if (message.type === 'beleid-herladen-verzoek') answerReloadRequest(worker, message.id);
    });
    return worker;
  };
  const first = Array.from({ length: config.httpWorkers }, fork);
  const ports = await Promise.all(first.map(listening));
  started = true;
  return {
    port: ports[0]!.port,
    staffPort: ports[0]!.staffPort,
    reload,
    reloadListeners,
    stop: async () => {
      stopping = true;
      const all = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
      await Promise.all(all.map((worker) => new Promise<void>((resolve) => {
        if (worker.isDead()) return resolve();
        worker.once('exit', () => resolve());
        if (worker.isConnected()) worker.send({ type: 'stoppen' } satisfies ListenerMessage, (err: Error | null) => err && worker.process.kill('SIGTERM'));
        else worker.process.kill('SIGTERM');
        // Within close-with-grace's 10 s: a listener that will not stop is killed, not waited for.
        setTimeout(() => worker.process.kill('SIGKILL'), 8_000).unref();
      })));
    },
  };
}

/** One forked HTTPS listener: serves requests until the first process says stop. */
async function runListener(config: Config): Promise<number> {
  // Listen before starting: a stop that arrives while this listener still starts (a replacement
  // forked just before shutdown) must end it, not be dropped.
  let gateway: RunningGateway | undefined;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void (gateway?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
  };
  process.on('message', (message: ListenerMessage) => {
    if (message.type === 'beleid-herladen') {
      void (gateway?.reloadPolicy() ?? Promise.resolve())
        .catch((err: Error) => gateway?.logger.error({ err: { message: err.message } }, 'beleid herladen'))
        .finally(() => process.send?.({ type: 'beleid-geladen', id: message.id } satisfies ListenerMessage));
    }
    if (message.type === 'stoppen') stop();
  });
  // Ctrl+C reaches the whole process group: stop as the first process would tell us to.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
  // A reload is the first process's to do (it records it once, then tells us); a SIGHUP sent to
  // the whole group must not end a listener.
  process.on('SIGHUP', () => undefined);
  gateway = await startGateway(config, { role: 'http', say: () => undefined, reloadThroughBackground: askFirstProcessToReload });
  if (stopping) await gateway.stop().finally(() => process.exit(0));
  return new Promise<number>(() => undefined);
}

/**
 * `POST /v1/beleid/_herladen` in a listener: the first process reloads (and records it), has
 * every listener reload, this one included, and answers; a bundle it refused comes back as the
 * same PolicyBundleError, so the listener answers 400 as a single process would.
 */
function askFirstProcessToReload(): Promise<PolicyReload> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const onMessage = (message: ListenerMessage) => {
      if (message.type !== 'beleid-herladen-antwoord' || message.id !== id) return;
      finish();
      if (message.ok) resolve({ from: message.from, to: message.to });
      else reject(message.problems ? new PolicyBundleError(message.message, message.problems) : new Error(message.message));
    };
    const finish = () => {
      clearTimeout(timer);
      process.off('message', onMessage);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error('het hoofdproces antwoordde niet op het verzoek om het beleid te herladen'));
    }, reloadWaitMs);
    process.on('message', onMessage);
    process.send!({ type: 'beleid-herladen-verzoek', id } satisfies ListenerMessage);
  });
}
