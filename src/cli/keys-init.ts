import { existsSync } from 'node:fs';
import { ensureCheckpointKey, loadCheckpointSigner } from '../audit/checkpoint-key.js';
import { verifierKeyString } from '../audit/note.js';
import { loadConfig } from '../config/config.js';
import { generateP256KeyPair, generateRsaKeyPair, writePrivateKeyFile } from '../pki/keys.js';
import { loadPolicyBundle } from '../policy/load.js';
import { ensureMunicipalKeys } from '../privacy/keystore.js';
import { parseCommandArgs, UsageError } from './args.js';

/**
 * `vroegsignaal keys init [--gemeente <code>]…`: the gateway's own keys for a production
 * deployment, made where the settings point (RECEIPT_KEY, CHECKPOINT_KEY, MUNICIPAL_KEYS_DIR)
 * and only where none exists yet: an existing key is never replaced, since a new one would
 * orphan every pseudonym, blob or signature made with the old. Production mode makes no keys
 * itself; TLS certificates come from PKIoverheid and tokens from the municipality's IdP.
 */
export async function runKeysInit(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { gemeente: { type: 'string', multiple: true } });
  if (positionals.length > 0) throw new UsageError(`onverwacht argument ${positionals[0]}; gebruik: vroegsignaal keys init [--gemeente <code>]…`);
  for (const code of values.gemeente ?? []) if (!/^[0-9]{4}$/.test(code)) throw new UsageError(`--gemeente ${code}: een gemeentecode is 4 cijfers`);
  const config = loadConfig(env);
  // By default every municipality the policy bundle routes signals to: the gateway refuses to start without their keys.
  const gemeentecodes = values.gemeente?.length ? values.gemeente : loadPolicyBundle(config.policiesDir).bundle.gemeenten.map((g) => g.gemeentecode);

  const receipt = config.receipt;
  if (existsSync(receipt.keyPath)) {
    console.log(`ontvangstbewijssleutel bestaat al, ongewijzigd: ${receipt.keyPath}`);
  } else {
    writePrivateKeyFile(receipt.keyPath, (receipt.alg === 'ES256' ? generateP256KeyPair() : generateRsaKeyPair()).privateKeyPem);
    console.log(`ontvangstbewijssleutel ${receipt.alg} aangemaakt: ${receipt.keyPath}`);
  }

  const checkpointPath = config.audit.checkpointKeyPath;
  console.log(ensureCheckpointKey(checkpointPath)
    ? `checkpointsleutel Ed25519 aangemaakt: ${checkpointPath}`
    : `checkpointsleutel bestaat al, ongewijzigd: ${checkpointPath}`);
  // Public: auditors pin it to verify exports (also served at /v1/auditlog/sleutel).
  console.log(`  verificatiesleutel (AUDIT_ORIGIN=${config.audit.origin}): ${verifierKeyString(loadCheckpointSigner(checkpointPath, config.audit.origin))}`);

  const created = new Set(ensureMunicipalKeys(config.municipalKeysDir, gemeentecodes));
  for (const code of new Set(gemeentecodes)) {
    console.log(created.has(code)
      ? `gemeentesleutels aangemaakt voor ${code}: ${config.municipalKeysDir}/${code}.json`
      : `gemeentesleutels voor ${code} bestaan al, ongewijzigd`);
  }
  return 0;
}
