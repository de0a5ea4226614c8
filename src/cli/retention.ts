import { loadConfig } from '../config/config.js';
import { createRedis } from '../redis/connection.js';
import { retentionReport } from '../retention/report.js';
import { parseCommandArgs, UsageError } from './args.js';
import { resolveRedisUrl } from './redis-url.js';

/** `vroegsignaal retention report [--json]` */
export async function runRetention(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'report') throw new UsageError('gebruik: vroegsignaal retention report [--json]');
  const { values } = parseCommandArgs(rest, { json: { type: 'boolean' } });
  const redis = createRedis(resolveRedisUrl(loadConfig()));
  try {
    const report = await retentionReport(redis, new Date());
    if (values.json) {
      console.log(JSON.stringify(report, null, 2));
    } else {
      for (const [name, k] of [['Contactgegevens', report.contactgegevens], ['Zaakfeiten', report.zaakfeiten]] as const) {
        console.log(`${name} van afgesloten zaken, per maand waarin ze vervallen:`);
        for (const [month, count] of Object.entries(k.perMaand).sort()) console.log(`  ${month}: ${count}`);
      }
      const overdue = report.contactgegevens.achterstallig + report.zaakfeiten.achterstallig;
      console.log(`Achterstallige verwijderingen: ${overdue}${overdue === 0 ? '' : '  ← de veger moet draaien'}`);
      console.log(`Laatste veger: ${report.laatsteVeger ?? 'nog nooit'}`);
      console.log(`Vernietigde periodesleutels: ${report.vernietigdeSleutels.length}`);
      for (const k of report.vernietigdeSleutels.slice(-20)) console.log(`  ${k.sleutel} (${k.op})`);
    }
    return report.contactgegevens.achterstallig + report.zaakfeiten.achterstallig === 0 ? 0 : 1;
  } finally {
    redis.disconnect();
  }
}
