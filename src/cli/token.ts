import { loadConfig } from '../config/config.js';
import { ensureDevIssuer, issueDevToken } from '../auth/dev-issuer.js';
import { roles, type Role } from '../auth/claims.js';
import { isValidOin } from '../pki/oin.js';
import { parseCommandArgs, requireOption, UsageError } from './args.js';

/**
 * `vroegsignaal token --rol <role> --gemeente <code> [--sub <id>]`: a development bearer token;
 * `--rol cbs --sub <OIN>`: a data consumer's token for the DDAS pull API (scope read).
 */
export async function runToken(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { rol: { type: 'string', multiple: true }, gemeente: { type: 'string' }, sub: { type: 'string' } });
  const requested = values.rol ?? [];
  if (requested.length === 0) throw new UsageError(`--rol is verplicht (${roles.join(', ')})`);
  const unknown = requested.filter((r) => !(roles as readonly string[]).includes(r));
  if (unknown.length > 0) throw new UsageError(`onbekende rol ${unknown.join(', ')}; kies uit ${roles.join(', ')}`);
  const config = loadConfig();
  if (requested.includes('cbs')) {
    // A data consumer's client-credentials token: its OIN as sub, scope read, no municipality.
    if (requested.length > 1) throw new UsageError('--rol cbs gaat niet samen met een andere rol');
    const sub = requireOption(values, 'sub');
    if (!isValidOin(sub)) throw new UsageError('--sub moet bij --rol cbs de OIN van de afnemer zijn (20 cijfers)');
    if (config.mode !== 'development') throw new UsageError('ontwikkeltokens bestaan alleen in VROEGSIGNAAL_MODE=development');
    await ensureDevIssuer(config.home.root);
    console.log(await issueDevToken(config.home.root, { sub, roles: ['cbs'], scope: 'read', lifetimeSeconds: config.maxTokenAgeSeconds }));
    return 0;
  }
  const gemeentecode = requireOption(values, 'gemeente');
  if (!/^[0-9]{4}$/.test(gemeentecode)) throw new UsageError('--gemeente moet een gemeentecode van 4 cijfers zijn');
  if (config.mode !== 'development') throw new UsageError('ontwikkeltokens bestaan alleen in VROEGSIGNAAL_MODE=development');
  await ensureDevIssuer(config.home.root);
  console.log(await issueDevToken(config.home.root, { sub: values.sub ?? `ontwikkelaar-${requested[0]}`, gemeentecode, roles: requested as Role[], lifetimeSeconds: config.maxTokenAgeSeconds }));
  return 0;
}
