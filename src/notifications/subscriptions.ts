import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { caPemProblem, receiverFields, receiverUrlProblem } from './receiver-address.js';

/**
 * Municipal subscriptions to case events (NL GOV CloudEvents): one receiver per entry, for the
 * cases of one municipality. A JSON file next to the partner registry, written the same way
 * (whole file, temp + rename), so a running relay reading it never sees half a list.
 */
const subscriptionSchema = z.object({
  /** Stable for the subscription's life: `abonnement remove <id>` names it. */
  id: z.uuid(),
  gemeentecode: z.string().regex(/^[0-9]{4}$/, 'verwacht 4 cijfers'),
  ...receiverFields,
  aangemaakt: z.iso.datetime(),
}).strict();

const fileSchema = z.object({ abonnementen: z.array(subscriptionSchema) }).strict();

export type Subscription = z.infer<typeof subscriptionSchema>;

/** A mistake in what the operator asked (Dutch message). */
export class SubscriptionError extends Error {
  override name = 'SubscriptionError';
}

/** The file itself is broken: not the operator's request, so not a usage error. */
export class SubscriptionFileError extends Error {
  override name = 'SubscriptionFileError';
}

/** Every subscription; a missing file is none (a fresh home). */
export function readSubscriptions(path: string): Subscription[] {
  if (!existsSync(path)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new SubscriptionFileError(`${path}: geen geldige JSON`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SubscriptionFileError(`${path}: ${issue.path.join('.') || '(hoofdniveau)'}: ${issue.message}`);
  }
  return parsed.data.abonnementen;
}

/** The subscriptions of one municipality: where a case's events go. */
export function subscriptionsFor(path: string, gemeentecode: string): Subscription[] {
  return readSubscriptions(path).filter((s) => s.gemeentecode === gemeentecode);
}

function write(path: string, abonnementen: Subscription[]): void {
  fileSchema.parse({ abonnementen });
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, JSON.stringify({ abonnementen }, null, 2) + '\n');
  renameSync(temp, path);
}

export interface NewSubscription {
  gemeentecode: string;
  url: string;
  ca?: string;
}

/**
 * Add a subscription for a municipality the policy bundle knows. The same address twice for
 * the same municipality would deliver every event twice: refused, naming the existing id.
 */
export function addSubscription(path: string, input: NewSubscription, knownGemeenten: readonly string[], now: Date): Subscription {
  if (!/^[0-9]{4}$/.test(input.gemeentecode)) throw new SubscriptionError('--gemeente moet een gemeentecode van 4 cijfers zijn');
  if (!knownGemeenten.includes(input.gemeentecode)) throw new SubscriptionError(`gemeente ${input.gemeentecode} staat niet in het beleid (gemeenten.yaml)`);
  const urlProblem = receiverUrlProblem(input.url);
  if (urlProblem) throw new SubscriptionError(`--url: ${urlProblem}`);
  const caProblem = input.ca === undefined ? undefined : caPemProblem(input.ca);
  if (caProblem) throw new SubscriptionError(`--ca ${caProblem}`);
  const all = readSubscriptions(path);
  const twin = all.find((s) => s.gemeentecode === input.gemeentecode && s.url === input.url);
  if (twin) throw new SubscriptionError(`gemeente ${input.gemeentecode} heeft al een abonnement op ${input.url} (id ${twin.id})`);
  const subscription: Subscription = {
    id: randomUUID(), gemeentecode: input.gemeentecode, url: input.url,
    ...(input.ca !== undefined ? { ca: input.ca } : {}), aangemaakt: now.toISOString(),
  };
  write(path, [...all, subscription]);
  return subscription;
}

/** Remove one subscription by id; an unknown id is an error, so a typo never looks like success. */
export function removeSubscription(path: string, id: string): Subscription {
  const all = readSubscriptions(path);
  const found = all.find((s) => s.id === id);
  if (!found) throw new SubscriptionError(`geen abonnement met id ${id}`);
  write(path, all.filter((s) => s.id !== id));
  return found;
}
