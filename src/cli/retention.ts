import { loadConfig } from '../config/config.js';
import { createRedis } from '../redis/connection.js';
import { loadPolicyBundle } from '../policy/load.js';
import { overdue, retentionReport } from '../retention/report.js';
import { parseCommandArgs, UsageError } from './args.js';
import { resolveRedisTarget } from './redis-target.js';

/** `vroegsignaal retention report [--json]` */
export async function runRetention(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'report') throw new UsageError('gebruik: vroegsignaal retention report [--json]');
  const { values } = parseCommandArgs(rest, { json: { type: 'boolean' } });
  const config = loadConfig();
  const { bundle } = loadPolicyBundle(config.policiesDir);
  const redis = createRedis(resolveRedisTarget(config));
  try {
    const report = await retentionReport(redis, new Date(), bundle.termijnen.auditInhoud.duur);
    if (values.json) {
      console.log(JSON.stringify(report, null, 2));
    } else {
      const kinds = [
        ['Contactgegevens van afgesloten zaken', report.contactgegevens], ['Zaakfeiten (open zaken voorlopig)', report.zaakfeiten],
        ['Signalen zonder zaak', report.signalenZonderZaak], ['Inhoud van auditrecords', report.auditInhoud],
      ] as const;
      for (const [name, k] of kinds) {
        console.log(`${name}, per maand waarin ze vervallen:`);
        for (const [month, count] of Object.entries(k.perMaand).sort()) console.log(`  ${month}: ${count}`);
      }
      const late = overdue(report);
      console.log(`Achterstallige verwijderingen: ${late}${late === 0 ? '' : '  ← de veger moet draaien'}`);
      console.log(`Laatste veger: ${report.laatsteVeger ?? 'nog nooit'}`);
      console.log(`Vernietigde periodesleutels: ${report.vernietigdeSleutels.length}`);
      for (const k of report.vernietigdeSleutels.slice(-20)) console.log(`  ${k.sleutel} (${k.op})`);
    }
    return overdue(report) === 0 ? 0 : 1;
  } finally {
    redis.disconnect();
  }
}
