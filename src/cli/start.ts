import closeWithGrace from 'close-with-grace';
import { relative } from 'node:path';
import { loadConfig } from '../config/config.js';
import { RedisServerMissingError } from '../redis/embedded.js';
import { startGateway } from '../runtime/gateway.js';
import { parseCommandArgs } from './args.js';

export async function runStart(argv: string[]): Promise<number> {
  parseCommandArgs(argv, {});
  const config = loadConfig();
  let gateway;
  try {
    gateway = await startGateway(config, { say: (line) => console.error(`• ${line}`) });
  } catch (err) {
    if (err instanceof RedisServerMissingError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  const partnerDir = relative(process.cwd(), `${config.home.partnersDir}/huur`) || '.';
  const portArg = config.port === 8443 ? '' : ` --url https://localhost:${gateway.port}`;
  console.error(`
vroegsignaal draait op ${gateway.url}  (OpenAPI: ${gateway.url}/v1/openapi.json)

Stuur een eerste signaal als demo-verhuurder, in een tweede terminal:

  node bin/vroegsignaal.js send examples/signaal-huur.json --as ${partnerDir}${portArg}

Stoppen: Ctrl+C
`);
  // SIGHUP: reload policies/ (an operator edited the bundle); a broken bundle keeps the old one.
  process.on('SIGHUP', () => {
    gateway.reloadPolicy().then(
      ({ to }) => console.error(`• beleid herladen: ${to}`),
      (err: Error) => console.error(`• beleid NIET herladen, het oude blijft gelden: ${err.message}`),
    );
  });
  await new Promise<void>((resolve) => {
    closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
      if (err) gateway.logger.error({ err: { message: err.message } }, 'stoppen na fout');
      else gateway.logger.info({ signal }, 'stoppen');
      await gateway.stop();
      resolve();
    });
  });
  return 0;
}
