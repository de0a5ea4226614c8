import { readFileSync } from 'node:fs';
import { loadConfig } from '../config/config.js';
import { addSubscription, readSubscriptions, removeSubscription, SubscriptionError } from '../notifications/subscriptions.js';
import { loadPolicyBundle, PolicyBundleError } from '../policy/load.js';
import { parseCommandArgs, requireOption, UsageError } from './args.js';

const usage = `gebruik: vroegsignaal abonnement add --gemeente <code> --url https://… [--ca <bestand>]
     of: vroegsignaal abonnement list
     of: vroegsignaal abonnement remove <id>`;

/** Operator mistakes become usage errors (one line, exit 2); a broken file stays an ordinary error. */
function asUsage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SubscriptionError) throw new UsageError(err.message);
    throw err;
  }
}

function add(rest: string[], env: NodeJS.ProcessEnv): number {
  const { values, positionals } = parseCommandArgs(rest, { gemeente: { type: 'string' }, url: { type: 'string' }, ca: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`onverwacht argument ${positionals[0]}; ${usage}`);
  const gemeentecode = requireOption(values, 'gemeente');
  const url = requireOption(values, 'url');
  let ca: string | undefined;
  if (values.ca !== undefined) {
    try {
      ca = readFileSync(values.ca, 'utf8');
    } catch {
      throw new UsageError(`--ca: ${values.ca} is niet te lezen`);
    }
  }
  const config = loadConfig(env);
  let gemeenten: string[];
  try {
    gemeenten = loadPolicyBundle(config.policiesDir).bundle.gemeenten.map((g) => g.gemeentecode);
  } catch (err) {
    if (err instanceof PolicyBundleError) throw new Error(`beleid in ${config.policiesDir} is ongeldig: ${err.message}`);
    throw err;
  }
  const s = asUsage(() => addSubscription(config.subscriptionRegistry, { gemeentecode, url, ...(ca !== undefined ? { ca } : {}) }, gemeenten, new Date()));
  console.log(`Abonnement ${s.id} toegevoegd: gebeurtenissen over zaken van gemeente ${s.gemeentecode} gaan naar ${s.url} (${s.ca ? 'eigen CA' : 'systeemvertrouwen'}).`);
  return 0;
}

function list(rest: string[], env: NodeJS.ProcessEnv): number {
  const { positionals } = parseCommandArgs(rest, {});
  if (positionals.length > 0) throw new UsageError(`onverwacht argument ${positionals[0]}; ${usage}`);
  const all = readSubscriptions(loadConfig(env).subscriptionRegistry);
  if (all.length === 0) {
    console.log('Geen abonnementen.');
    return 0;
  }
  console.log(`${'id'.padEnd(36)}  gemeente  ${'vertrouwen'.padEnd(17)}  adres`);
  for (const s of all) console.log(`${s.id}  ${s.gemeentecode.padEnd(8)}  ${(s.ca ? 'eigen CA' : 'systeemvertrouwen').padEnd(17)}  ${s.url}`);
  return 0;
}

function remove(rest: string[], env: NodeJS.ProcessEnv): number {
  const { positionals } = parseCommandArgs(rest, {});
  if (positionals.length !== 1) throw new UsageError(usage);
  const s = asUsage(() => removeSubscription(loadConfig(env).subscriptionRegistry, positionals[0]!));
  console.log(`Abonnement ${s.id} (gemeente ${s.gemeentecode}, ${s.url}) verwijderd.`);
  return 0;
}

/** `vroegsignaal abonnement`: municipal subscriptions to case events (CONTRACT §7). */
export async function runAbonnement(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'add') return add(rest, env);
  if (sub === 'list') return list(rest, env);
  if (sub === 'remove') return remove(rest, env);
  throw new UsageError(usage);
}
