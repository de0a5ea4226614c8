import { loadConfig } from '../config/config.js';
import { closeQueues, openQueues } from '../notifications/queues.js';
import { deliveryStatus, retryFailed } from '../notifications/status.js';
import { createRedis } from '../redis/connection.js';
import { parseCommandArgs, UsageError } from './args.js';
import { resolveRedisTarget } from './redis-target.js';

const usage = 'gebruik: vroegsignaal meldingen status [--json] | opnieuw [--ontvanger <OIN of abonnement-id>]';

const queueLabels: Record<string, string> = { terugmelding: 'Terugmeldingen aan signaalpartners', gebeurtenis: 'Gebeurtenissen aan gemeenten' };

/**
 * `vroegsignaal meldingen status`: what waits, what waits out a retry, what failed and for whom,
 * and how old the oldest undelivered message is. Exit code 1 when anything failed, so a
 * monitoring check can run it. `meldingen opnieuw`: failed deliveries back in line.
 */
export async function runMeldingen(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'status' && sub !== 'opnieuw') throw new UsageError(usage);
  const { values } = parseCommandArgs(rest, sub === 'status' ? { json: { type: 'boolean' } } : { ontvanger: { type: 'string' } });
  const config = loadConfig();
  const redis = createRedis(resolveRedisTarget(config), { maxRetriesPerRequest: null });
  const queues = openQueues(redis);
  try {
    if (sub === 'opnieuw') {
      const ontvanger = values.ontvanger as string | undefined;
      const retried = await retryFailed(queues, ontvanger);
      console.log(`${retried} mislukte melding${retried === 1 ? '' : 'en'} opnieuw in de wachtrij${ontvanger ? ` voor ontvanger ${ontvanger}` : ''}.`);
      return 0;
    }
    const status = await deliveryStatus(queues, new Date());
    if (values.json) {
      console.log(JSON.stringify(status, null, 2));
    } else {
      for (const [name, s] of Object.entries(status)) {
        console.log(`${queueLabels[name] ?? name}:`);
        console.log(`  wachtend ${s.wachtend}, uitgesteld (wacht op een nieuwe poging) ${s.uitgesteld}, bezig ${s.bezig}, mislukt ${s.mislukt}`);
        for (const [receiver, n] of Object.entries(s.misluktPerOntvanger).sort()) console.log(`  mislukt voor ${receiver}: ${n}`);
        console.log(`  oudste nog niet bezorgde melding: ${s.oudsteOnbezorgdSeconden === undefined ? 'geen' : `${s.oudsteOnbezorgdSeconden} s oud`}`);
      }
    }
    return Object.values(status).some((s) => s.mislukt > 0) ? 1 : 0;
  } finally {
    await closeQueues(queues);
    redis.disconnect();
  }
}
