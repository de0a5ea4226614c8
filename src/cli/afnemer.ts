import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../config/config.js';
import { addConsumer, ConsumerInputError, readConsumers, removeConsumer } from '../ddas/consumers.js';
import { loadPolicyBundle } from '../policy/load.js';
import { isValidOin } from '../pki/oin.js';
import { parseCommandArgs, requireOption, UsageError } from './args.js';

const usage = 'gebruik: vroegsignaal afnemer add --naam <naam> --oin <20 cijfers> --out <map> [--gemeenten <code,…>] | afnemer list | afnemer remove --oin <20 cijfers>';

/** `vroegsignaal afnemer add|list|remove`: data consumers (CBS) of the DDAS pull API. */
export async function runAfnemer(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [sub, ...rest] = argv;
  const config = loadConfig(env);
  const registryPath = config.ddas.afnemerRegistry;
  if (sub === 'list') {
    parseCommandArgs(rest, {});
    const consumers = readConsumers(registryPath);
    if (consumers.length === 0) console.log(`Geen afnemers geregistreerd (${registryPath}).`);
    for (const c of consumers) {
      console.log(`${c.oin}  ${c.naam}  gemeenten: ${c.gemeenten ? c.gemeenten.join(',') : 'alle (ontwikkeling; in productie bepaalt rapportage.yaml)'}  certificaten: ${c.tlsCertificates.length}`);
    }
    return 0;
  }
  if (sub === 'remove') {
    const { values } = parseCommandArgs(rest, { oin: { type: 'string' } });
    const oin = requireOption(values, 'oin');
    if (!isValidOin(oin)) throw new UsageError('--oin moet precies 20 cijfers zijn');
    if (!removeConsumer(registryPath, oin)) throw new UsageError(`geen afnemer met OIN ${oin} in ${registryPath}`);
    console.log(`Afnemer ${oin} verwijderd uit ${registryPath}; zijn certificaten openen de DDAS-API niet meer.`);
    return 0;
  }
  if (sub !== 'add') throw new UsageError(usage);
  const { values, positionals } = parseCommandArgs(rest, { oin: { type: 'string' }, naam: { type: 'string' }, out: { type: 'string' }, gemeenten: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`onverwacht argument ${positionals[0]}; ${usage}`);
  const { caCert, caKey } = config.home;
  if (!existsSync(caCert) || !existsSync(caKey)) {
    throw new UsageError(`geen CA gevonden in ${config.home.root} (${caCert}): start de gateway één keer met \`npm start\`, die maakt de ontwikkel-CA aan`);
  }
  const bundle = loadPolicyBundle(config.policiesDir).bundle;
  try {
    const { consumer, files } = addConsumer({
      registryPath, caCertPem: readFileSync(caCert, 'utf8'), caKeyPem: readFileSync(caKey, 'utf8'),
      oin: requireOption(values, 'oin'), naam: requireOption(values, 'naam'), outDir: requireOption(values, 'out'),
      gemeenten: values.gemeenten?.split(',').map((g) => g.trim()).filter((g) => g.length > 0),
      knownGemeenten: bundle.gemeenten.map((g) => g.gemeentecode),
    });
    console.log(`Afnemer ${consumer.naam} (OIN ${consumer.oin}) geregistreerd in ${registryPath}.`);
    console.log(`  gemeenten: ${consumer.gemeenten ? consumer.gemeenten.join(', ') : 'alle gemeenten in het beleid'}`);
    console.log(`  bestanden in ${requireOption(values, 'out')}: ${files.join(', ')} (signing.crt met de keten; privésleutels alleen leesbaar voor de eigenaar)`);
    console.log(`  token: vroegsignaal token --rol cbs --sub ${consumer.oin}`);
    return 0;
  } catch (err) {
    if (err instanceof ConsumerInputError) throw new UsageError(err.message);
    throw err;
  }
}
