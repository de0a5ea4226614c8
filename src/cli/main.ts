import { UsageError } from './args.js';

const usage = `vroegsignaal — gateway voor vroegsignalering schulden

Gebruik:
  vroegsignaal start                      alles in één proces (embedded Redis, ontwikkelsleutels)
  vroegsignaal partner add --oin <20 cijfers> --naam <naam> --type <EnumSignaalpartner> --out <map> [--terugmeld-url https://… [--terugmeld-ca <bestand>]]
  vroegsignaal partner set --oin <20 cijfers> (--terugmeld-url https://… [--terugmeld-ca <bestand>] | --geen-terugmelding)
  vroegsignaal abonnement add --gemeente <code> --url https://… [--ca <bestand>] | list | remove <id>   CloudEvents voor gemeentesystemen
  vroegsignaal afnemer add --naam <naam> --oin <20 cijfers> --out <map> [--gemeenten <code,…>] | list | remove --oin <oin>
  vroegsignaal send <bestand.json|bestand.csv> --as <partnermap> [--url <gateway>] [--chunk <n>]
  vroegsignaal policy check [map] | explain <signaal.json> --as <partnermap> | register --format markdown [--out <bestand>]
  vroegsignaal audit export [--van <tijd>] [--tot <tijd>] <map> | verify <map>
  vroegsignaal ddas --gemeente <code> --maand <JJJJ-MM> [--out <bestand>]      maandlevering DDAS
  vroegsignaal keys init [--gemeente <code>]…                                eigen sleutels voor productie (maakt alleen wat ontbreekt)
  vroegsignaal keys rotate --gemeente <code>                                  nieuwe sleutels, datasleutels herverpakt
  vroegsignaal retention report [--json]                                      bewaartermijnen: wat vervalt wanneer, achterstand
  vroegsignaal meldingen status [--json] | opnieuw [--ontvanger <id>]         terugmeldingen en gebeurtenissen: wachtrij, mislukt, opnieuw
  vroegsignaal health [--url <medewerkerslistener>]                           0 als GET /readyz gereed zegt (HEALTHCHECK van het image)
  vroegsignaal token --rol <rol> --gemeente <code> [--sub <id>]     ontwikkeltoken (alleen development)
  vroegsignaal token --rol cbs --sub <OIN afnemer>                   ontwikkeltoken met scope read voor de DDAS-API

Omgeving: PORT, STAFF_PORT, HOST, REDIS_URL of REDIS_SENTINELS (met REDIS_PASSWORD), VROEGSIGNAAL_HOME (zie README).`;

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./start.js')).runStart,
  partner: async () => (await import('./partner.js')).runPartner,
  abonnement: async () => (await import('./abonnement.js')).runAbonnement,
  afnemer: async () => (await import('./afnemer.js')).runAfnemer,
  send: async () => (await import('./send.js')).runSend,
  token: async () => (await import('./token.js')).runToken,
  policy: async () => (await import('./policy.js')).runPolicy,
  audit: async () => (await import('./audit.js')).runAudit,
  ddas: async () => (await import('./ddas.js')).runDdas,
  keys: async () => (await import('./keys.js')).runKeys,
  retention: async () => (await import('./retention.js')).runRetention,
  meldingen: async () => (await import('./meldingen.js')).runMeldingen,
  health: async () => (await import('./health.js')).runHealth,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    console.error(`Onbekend commando: ${name}\n\n${usage}`);
    return 2;
  }
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`vroegsignaal: ${err.message}`);
      process.exitCode = 2;
      return;
    }
    console.error(`vroegsignaal: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
