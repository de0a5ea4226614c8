import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseSignalsCsv } from '../client/csv.js';
import { GatewayClient, type ClientResponse } from '../client/http.js';
import { loadPartnerCredentials } from '../client/partner-credentials.js';
import { ProgressBar } from '../client/progress.js';
import { chunk, formatSummary, summarise, type SendOutcome } from '../client/summary.js';
import { ReceiptVerifier } from '../client/verify-receipt.js';
import type { ProblemBody } from '../errors/problem.js';
import type { Receipt } from '../intake/receipt.js';
import { maxBatchSize } from '../intake/schema.js';
import { parseCommandArgs, requireOption, UsageError } from './args.js';

interface Item {
  ref: string;
  signal: unknown;
}

function readItems(file: string): { items: Item[]; preRejected: SendOutcome[]; single: boolean } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`kan ${file} niet lezen`);
  }
  if (extname(file).toLowerCase() === '.csv') {
    const { rows, errors } = parseSignalsCsv(text);
    return {
      items: rows.map((r) => ({ ref: `regel ${r.line} (${String(r.signal.id ?? '?')})`, signal: r.signal })),
      preRejected: errors.map((e) => ({ ref: `regel ${e.line}`, status: 0, problem: { code: 'csv', detail: e.message } })),
      single: false,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is geen geldige JSON`);
  }
  const list = Array.isArray(json) ? json : [json];
  const items = list.map((signal, i) => ({ ref: String((signal as { id?: unknown })?.id ?? `#${i}`), signal }));
  return { items, preRejected: [], single: !Array.isArray(json) };
}

function parseBody(res: ClientResponse): unknown {
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export async function runSend(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { as: { type: 'string' }, url: { type: 'string' }, chunk: { type: 'string' } });
  const file = positionals[0];
  if (!file) throw new UsageError('gebruik: vroegsignaal send <bestand.json|bestand.csv> --as <partnermap> [--url https://…] [--chunk 1000]');
  const chunkSize = values.chunk ? Number(values.chunk) : maxBatchSize;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > maxBatchSize) throw new UsageError(`--chunk moet tussen 1 en ${maxBatchSize} liggen`);
  const baseUrl = values.url ?? process.env.VROEGSIGNAAL_URL ?? `https://localhost:${process.env.PORT ?? 8443}`;
  const client = new GatewayClient(baseUrl, loadPartnerCredentials(requireOption(values, 'as')));
  const verifier = new ReceiptVerifier(client);
  const { items, preRejected, single } = readItems(file);
  const outcomes: SendOutcome[] = [...preRejected];
  try {
    if (single) {
      const res = await client.postSigned('/v1/vroegsignalen', items[0]!.signal);
      const body = parseBody(res) as (Receipt & Partial<ProblemBody>) | undefined;
      if (res.status === 202 || res.status === 200) {
        await verifier.verify(res);
        outcomes.push({ ref: items[0]!.ref, status: res.status, receipt: body as Receipt });
        console.log(JSON.stringify(body, null, 2));
      } else {
        outcomes.push({ ref: items[0]!.ref, status: res.status, problem: body ?? { detail: res.body.toString('utf8').slice(0, 200) } });
      }
    } else {
      const progress = new ProgressBar(items.length, 'signalen');
      let done = 0;
      progress.update(0);
      for (const part of chunk(items, chunkSize)) {
        const res = await client.postSigned('/v1/vroegsignalen/_batch', part.map((i) => i.signal));
        if (res.status !== 200) {
          const problem = (parseBody(res) as Partial<ProblemBody>) ?? {};
          for (const item of part) outcomes.push({ ref: item.ref, status: res.status, problem });
        } else {
          await verifier.verify(res);
          const results = parseBody(res) as Array<{ index: number; status: number; receipt?: Receipt; problem?: ProblemBody }>;
          for (const r of results) outcomes.push({ ref: part[r.index]!.ref, status: r.status, ...(r.receipt ? { receipt: r.receipt } : {}), ...(r.problem ? { problem: r.problem } : {}) });
        }
        done += part.length;
        progress.update(done);
      }
    }
  } finally {
    client.close();
  }
  const summary = summarise(outcomes);
  console.log(formatSummary(summary));
  return summary.rejected.length === 0 ? 0 : 1;
}
