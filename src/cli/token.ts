import { loadConfig } from '../config/config.js';
import { ensureDevIssuer, issueDevToken } from '../auth/dev-issuer.js';
import { roles, type Role } from '../auth/claims.js';
import { parseCommandArgs, requireOption, UsageError } from './args.js';

/** `vroegsignaal token --rol <role> --gemeente <code> [--sub <id>]`: a development bearer token. */
export async function runToken(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { rol: { type: 'string', multiple: true }, gemeente: { type: 'string' }, sub: { type: 'string' } });
  const requested = values.rol ?? [];
  if (requested.length === 0) throw new UsageError(`--rol is verplicht (${roles.join(', ')})`);
  const unknown = requested.filter((r) => !(roles as readonly string[]).includes(r));
  if (unknown.length > 0) throw new UsageError(`onbekende rol ${unknown.join(', ')}; kies uit ${roles.join(', ')}`);
  const gemeentecode = requireOption(values, 'gemeente');
  if (!/^[0-9]{4}$/.test(gemeentecode)) throw new UsageError('--gemeente moet een gemeentecode van 4 cijfers zijn');
  const config = loadConfig();
  if (config.mode !== 'development') throw new UsageError('ontwikkeltokens bestaan alleen in VROEGSIGNAAL_MODE=development');
  await ensureDevIssuer(config.home.root);
  console.log(await issueDevToken(config.home.root, { sub: values.sub ?? `ontwikkelaar-${requested[0]}`, gemeentecode, roles: requested as Role[], lifetimeSeconds: config.maxTokenAgeSeconds }));
  return 0;
}
