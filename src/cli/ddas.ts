import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { deliveryText, emptyStats, planPage } from '../ddas/delivery.js';
import { redisDeliverySource } from '../ddas/delivery-source.js';
import { contactDecryptor, deliveryMunicipalities } from '../ddas/municipalities.js';
import { monthPeriod } from '../ddas/period.js';
import { loadConfig } from '../config/config.js';
import { loadPolicyBundle } from '../policy/load.js';
import { loadKeystore } from '../privacy/keystore.js';
import { createRedis } from '../redis/connection.js';
import { parseCommandArgs, requireOption, UsageError } from './args.js';
import { resolveRedisTarget } from './redis-target.js';

/**
 * `vroegsignaal ddas --gemeente <code> --maand <YYYY-MM> [--out file]`: the monthly DDAS v1.2
 * delivery of one municipality, through the same builder as the CBS pull endpoint (one page
 * holding the whole month), written as it is built.
 */
export async function runDdas(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { gemeente: { type: 'string' }, maand: { type: 'string' }, out: { type: 'string' } });
  const gemeentecode = requireOption(values, 'gemeente');
  const maand = requireOption(values, 'maand');
  if (!/^[0-9]{4}$/.test(gemeentecode)) throw new UsageError('--gemeente moet een gemeentecode van 4 cijfers zijn');
  if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(maand)) throw new UsageError('--maand moet JJJJ-MM zijn');
  const config = loadConfig();
  const bundle = loadPolicyBundle(config.policiesDir).bundle;
  const municipalities = deliveryMunicipalities(bundle, [gemeentecode]);
  if (municipalities.length === 0) throw new UsageError(`gemeente ${gemeentecode} staat niet in het beleid`);
  const redis = createRedis(resolveRedisTarget(config));
  try {
    const source = redisDeliverySource(redis);
    const period = monthPeriod(maand);
    const request = {
      period, municipalities, page: 1, pageSize: Number.MAX_SAFE_INTEGER,
      codeGegevensleverancier: bundle.rapportage.codeGegevensleverancier, clientFields: bundle.rapportage.clientvelden.waarde,
      decrypt: contactDecryptor(loadKeystore(config.municipalKeysDir, config.periodKeysDir)), now: new Date(),
    };
    const plan = await planPage(source, request);
    const stats = emptyStats();
    // It holds contact details: readable by the owner only.
    const out = values.out ? createWriteStream(values.out, { mode: 0o600 }) : process.stdout;
    for await (const piece of deliveryText(source, request, plan, stats)) {
      if (!out.write(piece)) await once(out, 'drain');
    }
    out.write('\n');
    if (values.out) {
      (out as ReturnType<typeof createWriteStream>).end();
      await once(out, 'finish');
      console.log(`DDAS-levering (v1.2) ${gemeentecode} ${maand}: ${stats.vroegsignalen} vroegsignalen, ${stats.vroegsignaalzaken} zaken → ${values.out}`);
    }
    return 0;
  } finally {
    redis.disconnect();
  }
}
