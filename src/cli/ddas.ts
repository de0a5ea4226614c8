import { writeFileSync } from 'node:fs';
import { buildDdasDelivery } from '../cases/ddas-export.js';
import { loadConfig } from '../config/config.js';
import { loadPolicyBundle } from '../policy/load.js';
import { loadKeystore } from '../privacy/keystore.js';
import { createRedis } from '../redis/connection.js';
import { parseCommandArgs, requireOption, UsageError } from './args.js';
import { resolveRedisUrl } from './redis-url.js';

/** `vroegsignaal ddas --gemeente <code> --maand <YYYY-MM> [--out file]`: the monthly DDAS delivery. */
export async function runDdas(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { gemeente: { type: 'string' }, maand: { type: 'string' }, out: { type: 'string' } });
  const gemeentecode = requireOption(values, 'gemeente');
  const maand = requireOption(values, 'maand');
  if (!/^[0-9]{4}$/.test(gemeentecode)) throw new UsageError('--gemeente moet een gemeentecode van 4 cijfers zijn');
  if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(maand)) throw new UsageError('--maand moet JJJJ-MM zijn');
  const config = loadConfig();
  const redis = createRedis(resolveRedisUrl(config));
  try {
    const delivery = await buildDdasDelivery({
      redis, bundle: loadPolicyBundle(config.policiesDir).bundle, keystore: loadKeystore(config.municipalKeysDir, config.periodKeysDir), gemeentecode, maand, now: new Date(),
    });
    const text = JSON.stringify(delivery, null, 2) + '\n';
    if (values.out) {
      // It holds contact details: readable by the owner only.
      writeFileSync(values.out, text, { mode: 0o600 });
      const levering = (delivery.leveringen as Array<{ vroegsignalen: unknown[]; vroegsignaalzaken: unknown[] }>)[0]!;
      console.log(`DDAS-levering ${gemeentecode} ${maand}: ${levering.vroegsignalen.length} vroegsignalen, ${levering.vroegsignaalzaken.length} zaken → ${values.out}`);
    } else {
      process.stdout.write(text);
    }
    return 0;
  } finally {
    redis.disconnect();
  }
}
