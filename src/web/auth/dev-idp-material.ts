import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { writeFileIfAbsent } from '../../privacy/secret-file.js';

/** What the embedded development IdP keeps between starts: made once, so logins survive a restart. */
const materialSchema = z.object({
  signingJwk: z.record(z.string(), z.unknown()),
  cookieKeys: z.array(z.string().min(32)).min(1),
  clientId: z.string().min(1),
  clientSecret: z.string().min(32),
});
export type DevIdpMaterial = z.infer<typeof materialSchema>;

export const devIdpMaterialPath = (homeRoot: string) => join(homeRoot, 'idp', 'ontwikkel-idp.json');

/** Read the material under the home, creating it (0600, never overwriting) the first time. */
export function ensureDevIdpMaterial(homeRoot: string): DevIdpMaterial {
  const file = devIdpMaterialPath(homeRoot);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) writeFileIfAbsent(file, freshMaterial());
  return materialSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

function freshMaterial(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const fresh: DevIdpMaterial = {
    signingJwk: { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('base64url'), alg: 'ES256', use: 'sig' },
    cookieKeys: [randomBytes(32).toString('base64url')],
    clientId: 'werkplek',
    clientSecret: randomBytes(32).toString('base64url'),
  };
  // Written with writeFileIfAbsent: a concurrent start may have written it first, and that file is the one.
  return `${JSON.stringify(fresh, null, 2)}\n`;
}
