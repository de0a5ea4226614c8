import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../config/config.js';
import { addPartner, PartnerInputError } from '../partners/add.js';
import { parseCommandArgs, requireOption, UsageError } from './args.js';

const usage = 'gebruik: vroegsignaal partner add --oin <20 cijfers> --naam <naam> --type <EnumSignaalpartner> --out <map>';

/** `vroegsignaal partner add` (CONTRACT §4): certificates from the home's CA, registered at once. */
export async function runPartner(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'add') throw new UsageError(usage);
  const { values, positionals } = parseCommandArgs(rest, {
    oin: { type: 'string' }, naam: { type: 'string' }, type: { type: 'string' }, out: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`onverwacht argument ${positionals[0]}; ${usage}`);
  const input = {
    oin: requireOption(values, 'oin'),
    naam: requireOption(values, 'naam'),
    type: requireOption(values, 'type'),
    outDir: requireOption(values, 'out'),
  };
  const config = loadConfig(env);
  const { caCert, caKey } = config.home;
  if (!existsSync(caCert) || !existsSync(caKey)) {
    throw new UsageError(`geen CA gevonden in ${config.home.root} (${caCert}): start de gateway één keer met \`npm start\`, die maakt de ontwikkel-CA aan`);
  }
  try {
    const result = addPartner({ ...input, registryPath: config.partnerRegistry, caCertPem: readFileSync(caCert, 'utf8'), caKeyPem: readFileSync(caKey, 'utf8') });
    console.log(`Signaalpartner ${result.naam} (${result.type}, OIN ${result.oin}) geregistreerd in ${config.partnerRegistry}.`);
    console.log(`  ondertekensleutel PS256, kid = x5t#S256 = ${result.kid}`);
    console.log(`  bestanden in ${result.outDir}: ${result.files.join(', ')} (privésleutels alleen leesbaar voor de eigenaar)`);
    console.log(`  een draaiende gateway leest het register opnieuw bij de volgende aanvraag; versturen: vroegsignaal send <bestand> --as ${result.outDir}`);
    return 0;
  } catch (err) {
    // A broken registry file is not a usage mistake: it stays an ordinary error (exit 1).
    if (err instanceof PartnerInputError) throw new UsageError(err.message);
    throw err;
  }
}
