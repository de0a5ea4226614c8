import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkpointText, noteSigner, openNote, parseCheckpointText, parseVerifierKey, signNote, verifierKeyString } from '../../../src/audit/note.js';

// The published example of Go's golang.org/x/mod/sumdb/note: an independent implementation.
const seed = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
const pem = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' })
  .export({ type: 'pkcs8', format: 'pem' });
const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const goNote = `${text}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe('C2SP signed note', () => {
  it('matches Go sumdb/note byte for byte: verifier key and signature', () => {
    const signer = noteSigner('PeterNeumann', pem);
    expect(verifierKeyString(signer)).toBe('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW');
    expect(signNote(text, signer)).toBe(goNote);
  });

  it('opens a genuine note and refuses an altered one or another key', () => {
    const verifier = parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW');
    expect(openNote(goNote, verifier)).toBe(text);
    expect(openNote(goNote.replace('cryptography', 'cryptographY'), verifier)).toBeUndefined();
    const other = noteSigner('PeterNeumann', generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(openNote(signNote(text, other), verifier)).toBeUndefined();
  });

  it('writes and reads a tlog checkpoint body', () => {
    const root = Buffer.alloc(32, 9);
    const body = checkpointText({ origin: 'localhost/vroegsignaal', size: 42, root });
    expect(body).toBe(`localhost/vroegsignaal\n42\n${root.toString('base64')}\n`);
    expect(parseCheckpointText(body)).toEqual({ origin: 'localhost/vroegsignaal', size: 42, root });
  });
});

describe('verifier keys whose base64 holds a +', () => {
  it('round-trips through the note format for many random keys', () => {
    for (let i = 0; i < 50; i++) {
      const signer = noteSigner('localhost/vroegsignaal', generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const verifier = parseVerifierKey(verifierKeyString(signer));
      expect(openNote(signNote('x\n', signer), verifier)).toBe('x\n');
    }
  });
});
