import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sealRecord } from '../../../src/audit/leaf.js';
import { inclusionProof, MemoryTree, rootHash } from '../../../src/audit/merkle.js';
import { checkpointText, noteSigner, signNote, verifierKeyString } from '../../../src/audit/note.js';
import { processingRecord } from '../../../src/audit/records.js';
import { jcs as serverJcs } from '../../../src/audit/jcs.js';
import { jcs, rootFromInclusionProof, verifyRecordInLog, type ProofAnswer, type RecordAnswer } from '../../../src/web/assets/bewijs.js';

/*
 * The browser's proof check (src/web/assets/bewijs.js) run in Node's WebCrypto against the
 * server's own Merkle tree, leaf sealing and signed notes: what the server proves, the browser
 * accepts; anything altered, it names.
 */

const pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
const signer = noteSigner('localhost/vroegsignaal', pem());
const record = (i: number) => processingRecord({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }, `stap-${i}`, new Date(Date.UTC(2026, 10, 22, 9, 30, i)), {
  'dpl.core.processing_activity_id': 'urn:vroegsignaal:verwerking:signalen-ontvangen',
  'dpl.core.data_subject_id': `p-${i} “ü” \u2028`,
  'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
  'vroegsignaal.vertrouwelijkheid': 'vertrouwelijk',
  'vroegsignaal.bewaartermijn': 'P2Y',
});

async function logOf(size: number) {
  const tree = new MemoryTree();
  const sealed = Array.from({ length: size }, (_, i) => sealRecord(record(i)));
  for (const s of sealed) tree.append(s.leafHash);
  const checkpoint = signNote(checkpointText({ origin: 'localhost/vroegsignaal', size, root: await rootHash(tree, size) }), signer);
  const answer = (i: number): RecordAnswer => ({ index: i, record: JSON.parse(sealed[i]!.json), salt: sealed[i]!.salt.toString('base64'), leafHash: sealed[i]!.leafHash.toString('base64') });
  const proof = async (i: number, n: number): Promise<ProofAnswer> => ({ index: i, grootte: n, leafHash: sealed[i]!.leafHash.toString('base64'), bewijs: (await inclusionProof(tree, i, n)).map((h) => h.toString('base64')) });
  return { tree, sealed, checkpoint, answer, proof };
}

const verifierKey = verifierKeyString(signer);

describe('the browser proof check', () => {
  it('canonicalises records exactly as the server (RFC 8785)', () => {
    const value = { b: [1, 2.5, -0.000001, 1e21, null, true], a: { z: 'é\u0000"\\', é: 1, A: 'x' }, '\u20ac': 'euro', '\ud83d\ude00': 'smiley' };
    expect(jcs(value)).toBe(serverJcs(value));
  });

  it('follows every inclusion proof of trees of 1 to 33 leaves to the server root', async () => {
    for (let size = 1; size <= 33; size++) {
      const { tree } = await logOf(size);
      const root = await rootHash(tree, size);
      for (let i = 0; i < size; i++) {
        const path = await inclusionProof(tree, i, size);
        const computed = await rootFromInclusionProof(await tree.node(0, i), i, size, path);
        expect(Buffer.from(computed!).equals(root)).toBe(true);
      }
    }
  });

  it('verifies a genuine record: signature, content and inclusion', async () => {
    const log = await logOf(13);
    const outcome = await verifyRecordInLog({ index: 6, verifierKey, record: log.answer(6), checkpoint: log.checkpoint, proof: (n) => log.proof(6, n) });
    expect(outcome.verified).toBe(true);
    expect(outcome.checks.map((c) => [c.label, c.ok])).toEqual([['Handtekening van het checkpoint', true], ['Inhoud van het record', true], ['Inclusiebewijs', true]]);
  });

  it('names what failed: a changed proof hash, changed content, a changed checkpoint, another key', async () => {
    const log = await logOf(13);
    const failed = async (overrides: Partial<Parameters<typeof verifyRecordInLog>[0]>) => {
      const outcome = await verifyRecordInLog({ index: 6, verifierKey, record: log.answer(6), checkpoint: log.checkpoint, proof: (n) => log.proof(6, n), ...overrides });
      expect(outcome.verified).toBe(false);
      return outcome.checks.find((c) => c.ok === false)!;
    };
    const tamperedProof = async (n: number) => {
      const p = await log.proof(6, n);
      return { ...p, bewijs: [Buffer.alloc(32, 7).toString('base64'), ...p.bewijs.slice(1)] };
    };
    expect(await failed({ proof: tamperedProof })).toMatchObject({ label: 'Inclusiebewijs', detail: expect.stringMatching(/leidt tot boomwortel .* checkpoint noemt/) });
    const changed = log.answer(6);
    (changed.record as { name: string }).name = 'iets-anders';
    expect(await failed({ record: changed })).toMatchObject({ label: 'Inhoud van het record' });
    expect(await failed({ checkpoint: log.checkpoint.replace('\n13\n', '\n12\n') })).toMatchObject({ label: 'Handtekening van het checkpoint', detail: expect.stringMatching(/klopt niet/) });
    const other = noteSigner('localhost/vroegsignaal', pem());
    expect(await failed({ verifierKey: verifierKeyString(other) })).toMatchObject({ label: 'Handtekening van het checkpoint' });
    expect(await failed({ index: 13, record: { ...log.answer(6), index: 13 } })).toMatchObject({ label: 'Record in het checkpoint' });
  });

  it('checks a record whose content was deleted by its leaf alone, and says the content could not be checked', async () => {
    const log = await logOf(5);
    const outcome = await verifyRecordInLog({ index: 2, verifierKey, record: { ...log.answer(2), record: null, salt: null }, checkpoint: log.checkpoint, proof: (n) => log.proof(2, n) });
    expect(outcome.verified).toBe(true);
    expect(outcome.checks.find((c) => c.label === 'Inhoud van het record')?.ok).toBeUndefined();
  });
});
