import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseSignalsCsv } from '../client/csv.js';
import { GatewayClient, type ClientResponse } from '../client/http.js';
import { loadPartnerCredentials, PartnerCredentialsError } from '../client/partner-credentials.js';
import { ProgressBar } from '../client/progress.js';
import { maxRetries, retryableStatuses, retryDelayMs } from '../client/retry.js';
import {
  batchOutcomes, chunk, chunkRejected, exitCode, formatSummary, idOf, notSent, singleOutcome, summarise,
  type SendItem, type SendOutcome,
} from '../client/summary.js';
import { ReceiptVerifier } from '../client/verify-receipt.js';
import { maxBatchSize } from '../intake/schema.js';
import { parseCommandArgs, requireOption, UsageError } from './args.js';

const usage = 'gebruik: vroegsignaal send <bestand.json|bestand.csv> --as <partnermap> [--url https://…] [--chunk 1000]';

/** A chunk refused for one of these reasons will be refused for every later chunk too. */
const stopStatuses: ReadonlySet<number> = new Set([401, 403, 415]);

interface Input {
  items: SendItem[];
  /** CSV rows that could not be read: rejected before anything is sent. */
  unreadable: SendOutcome[];
  /** One JSON object: the single endpoint; otherwise the batch endpoint. */
  single: boolean;
}

function ref(prefix: string, signal: unknown): string {
  const id = idOf(signal);
  return id ? `${prefix} (${id})` : prefix;
}

/** Read the file; shape errors of the file itself are usage errors (exit 2), not rejections. */
export function readInput(file: string, text: string): Input {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') {
    const { rows, errors } = parseSignalsCsv(text);
    return {
      items: rows.map((r) => ({ ref: ref(`regel ${r.line}`, r.signal), signal: r.signal })),
      unreadable: errors.map((e) => ({ ref: `regel ${e.line}`, status: 0, problem: { code: 'csv-onleesbaar', detail: e.message } })),
      single: false,
    };
  }
  if (ext !== '.json') throw new UsageError(`${file}: verwacht een .json- of .csv-bestand`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is geen geldige JSON`);
  }
  if (Array.isArray(json)) return { items: json.map((signal, i) => ({ ref: ref(`#${i}`, signal), signal })), unreadable: [], single: false };
  if (json && typeof json === 'object') return { items: [{ ref: idOf(json) ?? '#0', signal: json }], unreadable: [], single: true };
  throw new UsageError(`${file}: verwacht één signaal (object) of een array van signalen`);
}

function parseBody(res: ClientResponse): unknown {
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** POST, re-signed on each try (fresh sigT), waiting out 429/503 a few times. */
async function postWithRetry(client: GatewayClient, path: string, value: unknown): Promise<ClientResponse> {
  for (let attempt = 1; ; attempt++) {
    const res = await client.postSigned(path, value);
    if (!retryableStatuses.has(res.status) || attempt > maxRetries) return res;
    await sleep(retryDelayMs(res.headers['retry-after'], attempt, new Date()));
  }
}

function parseOptions(argv: string[]) {
  const { values, positionals } = parseCommandArgs(argv, { as: { type: 'string' }, url: { type: 'string' }, chunk: { type: 'string' } });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(usage);
  const chunkSize = values.chunk === undefined ? maxBatchSize : Number(values.chunk);
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > maxBatchSize) throw new UsageError(`--chunk moet een geheel getal van 1 tot ${maxBatchSize} zijn`);
  const url = values.url || process.env.VROEGSIGNAAL_URL || `https://localhost:${process.env.PORT || 8443}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url ${url} is geen geldige URL`);
  }
  if (parsed.protocol !== 'https:') throw new UsageError('--url moet https:// zijn: signalen gaan alleen over (mutual) TLS');
  return { file, partnerDir: requireOption(values, 'as'), chunkSize, url: parsed.origin };
}

/**
 * `vroegsignaal send <file> --as <partner dir>` (CONTRACT §4). Every 200/202 is checked against
 * the gateway's published receipt keys before it counts; an answer that does not verify stops
 * the run loudly (exit 1) after printing what was established so far.
 */
export async function runSend(argv: string[]): Promise<number> {
  const { file, partnerDir, chunkSize, url } = parseOptions(argv);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`kan ${file} niet lezen`);
  }
  const { items, unreadable, single } = readInput(file, text);
  let creds;
  try {
    creds = loadPartnerCredentials(partnerDir);
  } catch (err) {
    if (err instanceof PartnerCredentialsError) throw new UsageError(err.message);
    throw err;
  }
  const client = new GatewayClient(url, creds);
  const verifier = new ReceiptVerifier(client);
  const outcomes: SendOutcome[] = [...unreadable];
  let failure: Error | undefined;
  try {
    if (single) {
      const item = items[0]!;
      const res = await postWithRetry(client, '/v1/vroegsignalen', item.signal);
      if (res.status === 200 || res.status === 202) await verifier.verify(res);
      const outcome = singleOutcome(item, res.status, parseBody(res));
      outcomes.push(outcome);
      if (outcome.receipt) console.log(JSON.stringify(outcome.receipt, null, 2));
    } else {
      const progress = new ProgressBar(items.length, 'signalen');
      const parts = chunk(items, chunkSize);
      let done = 0;
      progress.update(0);
      try {
        for (const [n, part] of parts.entries()) {
          const res = await postWithRetry(client, '/v1/vroegsignalen/_batch', part.map((i) => i.signal));
          if (res.status === 200) {
            await verifier.verify(res); // the batch answer is signed once, as a whole
            outcomes.push(...batchOutcomes(part, parseBody(res)));
          } else {
            outcomes.push(...chunkRejected(part, res.status, parseBody(res)));
            if (stopStatuses.has(res.status)) {
              outcomes.push(...notSent(parts.slice(n + 1).flat(), `niet verzonden na HTTP ${res.status} op een eerdere batch`));
              break;
            }
          }
          done += part.length;
          progress.update(done);
        }
      } finally {
        progress.finish();
      }
    }
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
  } finally {
    client.close();
  }
  console.log(formatSummary(summarise(outcomes)));
  if (failure) {
    // Printed after the summary, so it is the last thing the user sees.
    console.error(`vroegsignaal send: AFGEBROKEN — ${failure.message}`);
    return 1;
  }
  return exitCode(summarise(outcomes));
}
