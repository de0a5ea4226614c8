import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../config/config.js';
import { addPartner, PartnerInputError } from '../partners/add.js';
import { parseCommandArgs, requireOption, UsageError } from './args.js';

export async function runPartner(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'add') throw new UsageError('gebruik: vroegsignaal partner add --oin <20 cijfers> --naam <naam> --type <EnumSignaalpartner> --out <map>');
  const { values } = parseCommandArgs(rest, {
    oin: { type: 'string' }, naam: { type: 'string' }, type: { type: 'string' }, out: { type: 'string' },
  });
  const config = loadConfig();
  if (!existsSync(config.home.caKey)) {
    throw new UsageError(`geen CA in ${config.home.root}: start de gateway één keer (npm start) om ontwikkelsleutels te maken`);
  }
  try {
    const result = addPartner({
      registryPath: config.partnerRegistry,
      caCertPem: readFileSync(config.home.caCert, 'utf8'),
      caKeyPem: readFileSync(config.home.caKey, 'utf8'),
      oin: requireOption(values, 'oin'),
      naam: requireOption(values, 'naam'),
      type: requireOption(values, 'type'),
      outDir: requireOption(values, 'out'),
    });
    console.log(`Signaalpartner ${result.naam} (${result.type}, OIN ${result.oin}) geregistreerd in ${config.partnerRegistry}.`);
    console.log(`Sleutel-id (x5t#S256): ${result.kid}`);
    console.log(`Bestanden in ${values.out}: ${result.files.join(', ')}`);
    return 0;
  } catch (err) {
    if (err instanceof PartnerInputError) throw new UsageError(err.message);
    throw err;
  }
}
