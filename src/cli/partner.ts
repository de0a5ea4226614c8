import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../config/config.js';
import { addPartner, checkFeedbackReceiver, PartnerInputError } from '../partners/add.js';
import { PartnerRegistryError, setFeedbackReceiver, type FeedbackReceiverEntry } from '../partners/registry.js';
import { isValidOin } from '../pki/oin.js';
import { parseCommandArgs, requireOption, UsageError } from './args.js';

const usage = `gebruik: vroegsignaal partner add --oin <20 cijfers> --naam <naam> --type <EnumSignaalpartner> --out <map> [--terugmeld-url https://… [--terugmeld-ca <bestand>]]
     of: vroegsignaal partner set --oin <20 cijfers> (--terugmeld-url https://… [--terugmeld-ca <bestand>] | --geen-terugmelding)`;

const feedbackOptions = { 'terugmeld-url': { type: 'string' }, 'terugmeld-ca': { type: 'string' } } as const;

/** `--terugmeld-url` / `--terugmeld-ca` as a registry entry; the CA file's PEM goes into the registry itself. */
function feedbackReceiver(values: { 'terugmeld-url'?: string | undefined; 'terugmeld-ca'?: string | undefined }): FeedbackReceiverEntry | undefined {
  const url = values['terugmeld-url'];
  const caFile = values['terugmeld-ca'];
  if (url === undefined) {
    if (caFile !== undefined) throw new UsageError('--terugmeld-ca hoort bij --terugmeld-url');
    return undefined;
  }
  let ca: string | undefined;
  if (caFile !== undefined) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch {
      throw new UsageError(`--terugmeld-ca: ${caFile} is niet te lezen`);
    }
  }
  const receiver = { url, ...(ca !== undefined ? { ca } : {}) };
  try {
    checkFeedbackReceiver(receiver);
  } catch (err) {
    if (err instanceof PartnerInputError) throw new UsageError(err.message.replace('--terugmeld-ca ', `--terugmeld-ca: ${caFile} `));
    throw err;
  }
  return receiver;
}

/** `vroegsignaal partner add` (CONTRACT §4): certificates from the home's CA, registered at once. */
async function add(rest: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseCommandArgs(rest, {
    oin: { type: 'string' }, naam: { type: 'string' }, type: { type: 'string' }, out: { type: 'string' }, ...feedbackOptions,
  });
  if (positionals.length > 0) throw new UsageError(`onverwacht argument ${positionals[0]}; ${usage}`);
  const input = {
    oin: requireOption(values, 'oin'),
    naam: requireOption(values, 'naam'),
    type: requireOption(values, 'type'),
    outDir: requireOption(values, 'out'),
  };
  const terugmelding = feedbackReceiver(values);
  const config = loadConfig(env);
  const { caCert, caKey } = config.home;
  if (!existsSync(caCert) || !existsSync(caKey)) {
    throw new UsageError(`geen CA gevonden in ${config.home.root} (${caCert}): start de gateway één keer met \`npm start\`, die maakt de ontwikkel-CA aan`);
  }
  try {
    const result = addPartner({
      ...input, registryPath: config.partnerRegistry, caCertPem: readFileSync(caCert, 'utf8'), caKeyPem: readFileSync(caKey, 'utf8'),
      ...(terugmelding ? { terugmelding } : {}),
    });
    console.log(`Signaalpartner ${result.naam} (${result.type}, OIN ${result.oin}) geregistreerd in ${config.partnerRegistry}.`);
    console.log(`  ondertekensleutel PS256, kid = x5t#S256 = ${result.kid}`);
    console.log(`  bestanden in ${result.outDir}: ${result.files.join(', ')} (privésleutels alleen leesbaar voor de eigenaar)`);
    if (terugmelding) console.log(`  terugmeldingen naar ${terugmelding.url} (${terugmelding.ca ? 'eigen CA' : 'systeemvertrouwen'})`);
    console.log(`  een draaiende gateway leest het register opnieuw bij de volgende aanvraag; versturen: vroegsignaal send <bestand> --as ${result.outDir}`);
    return 0;
  } catch (err) {
    // A broken registry file is not a usage mistake: it stays an ordinary error (exit 1).
    if (err instanceof PartnerInputError) throw new UsageError(err.message);
    throw err;
  }
}

/** `vroegsignaal partner set`: register, replace or remove the callback of a registered partner. */
async function set(rest: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseCommandArgs(rest, { oin: { type: 'string' }, 'geen-terugmelding': { type: 'boolean' }, ...feedbackOptions });
  if (positionals.length > 0) throw new UsageError(`onverwacht argument ${positionals[0]}; ${usage}`);
  const oin = requireOption(values, 'oin');
  if (!isValidOin(oin)) throw new UsageError('--oin moet precies 20 cijfers zijn');
  const remove = values['geen-terugmelding'] === true;
  const terugmelding = feedbackReceiver(values);
  if (remove === (terugmelding !== undefined)) throw new UsageError(`geef --terugmeld-url of --geen-terugmelding; ${usage}`);
  const config = loadConfig(env);
  try {
    setFeedbackReceiver(config.partnerRegistry, oin, terugmelding);
  } catch (err) {
    if (err instanceof PartnerRegistryError && err.message.includes('staat niet in het partnerregister')) throw new UsageError(err.message);
    throw err;
  }
  console.log(terugmelding
    ? `Terugmeldingen voor OIN ${oin} gaan naar ${terugmelding.url} (${terugmelding.ca ? 'eigen CA' : 'systeemvertrouwen'}).`
    : `OIN ${oin} heeft geen terugmeldadres meer; de partner vraagt de status zelf op.`);
  return 0;
}

export async function runPartner(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'add') return add(rest, env);
  if (sub === 'set') return set(rest, env);
  throw new UsageError(usage);
}
