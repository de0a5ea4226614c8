import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { x5tS256 } from '../pki/thumbprint.js';

export interface PartnerCredentials {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
  signingKey: KeyObject;
  x5tS256: string;
}

/** A partner directory as `vroegsignaal partner add` writes it (CONTRACT §4). */
export function loadPartnerCredentials(dir: string): PartnerCredentials {
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name));
    } catch {
      throw new Error(`${join(dir, name)} ontbreekt: verwacht een map van \`vroegsignaal partner add\``);
    }
  };
  const signingCert = read('signing.crt');
  return {
    ca: read('ca.crt'),
    cert: read('client.crt'),
    key: read('client.key'),
    signingKey: createPrivateKey(read('signing.key')),
    x5tS256: x5tS256(signingCert),
  };
}
