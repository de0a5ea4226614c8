// @ts-check
/*
 * "Bewijs controleren": the privacy officer's browser checks for itself that an audit record is in
 * the signed log, trusting nothing the server computed. It fetches the record (with its salt), the
 * latest signed checkpoint and the record's inclusion proof against that checkpoint's size, then
 * with WebCrypto only:
 *   1. the checkpoint's Ed25519 signature (C2SP signed-note) against the verifier key in the page,
 *   2. the leaf hash from the record's content: SHA-256(0x00 ‖ SHA-256(salt ‖ JCS(record))),
 *   3. the RFC 9162 §2.1.3.2 inclusion proof from that leaf up to the checkpoint's root hash.
 * Written as plain JavaScript (the CSP allows this file, never inline script); the checks are
 * exported so the unit tests run them against the server's own Merkle code in Node.
 */

const encoder = new TextEncoder();

/** @param {string} text */
export function fromBase64(text) {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new Error('geen geldige base64');
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** @param {Uint8Array} bytes */
export function toBase64(bytes) {
  return btoa(String.fromCharCode(...bytes));
}

/** @param {...Uint8Array} parts */
function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** @param {Uint8Array} a @param {Uint8Array} b */
function equalBytes(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** @param {Uint8Array} data @returns {Promise<Uint8Array>} */
async function sha256(data) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/**
 * RFC 8785 JSON Canonicalization for what an audit record holds (objects, arrays, strings,
 * numbers, booleans, null): keys sorted by UTF-16 code units, JSON.stringify's own string and
 * number forms, which JCS adopts.
 * @param {unknown} value @returns {string}
 */
export function jcs(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => jcs(v === undefined ? null : v)).join(',')}]`;
  const object = /** @type {Record<string, unknown>} */ (value);
  const keys = Object.keys(object).filter((k) => object[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${jcs(object[k])}`).join(',')}}`;
}

/** The leaf a record commits to (CONTRACT §3). @param {unknown} record @param {string} saltBase64 */
export async function leafHashOf(record, saltBase64) {
  const leafData = await sha256(concat(fromBase64(saltBase64), encoder.encode(jcs(record))));
  return sha256(concat(Uint8Array.of(0), leafData));
}

/**
 * RFC 9162 §2.1.3.2: the root an inclusion proof leads to from `leaf` at `index` in a tree of
 * `size`, or undefined when the proof has the wrong length for that position.
 * @param {Uint8Array} leaf @param {number} index @param {number} size @param {Uint8Array[]} proof
 */
export async function rootFromInclusionProof(leaf, index, size, proof) {
  if (index >= size) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(concat(Uint8Array.of(1), p, r));
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await sha256(concat(Uint8Array.of(1), r, p));
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

/**
 * `<name>+<hex keyhash>+<base64(0x01 ‖ pubkey)>`, its key hash checked.
 * @param {string} text @returns {Promise<{ name: string, keyHash: Uint8Array, key: CryptoKey }>}
 */
export async function parseVerifierKey(text) {
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(text.trim());
  if (!match) throw new Error('de verificatiesleutel heeft niet de verwachte vorm');
  const [, name = '', hashHex = '', keyBase64 = ''] = match;
  const typed = fromBase64(keyBase64);
  if (typed.length !== 33 || typed[0] !== 0x01) throw new Error('de verificatiesleutel is geen Ed25519-sleutel');
  const raw = typed.subarray(1);
  const keyHash = (await sha256(concat(encoder.encode(`${name}\n`), typed))).subarray(0, 4);
  if ([...keyHash].map((b) => b.toString(16).padStart(2, '0')).join('') !== hashHex) throw new Error('de sleutelhash klopt niet met naam en sleutel');
  const key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
  return { name, keyHash, key };
}

/**
 * The note's text when one of its signature lines is a valid signature by `verifier`.
 * @param {string} note @param {{ name: string, keyHash: Uint8Array, key: CryptoKey }} verifier
 * @returns {Promise<{ text?: string, reason?: string }>}
 */
export async function openNote(note, verifier) {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return { reason: 'het checkpoint heeft geen handtekeningregel' };
  const text = note.slice(0, split + 1);
  let signedByKey = false;
  for (const line of note.slice(split + 2).split('\n')) {
    const match = /^— (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!match || match[1] !== verifier.name) continue;
    let blob;
    try {
      blob = fromBase64(match[2] ?? '');
    } catch {
      continue;
    }
    if (blob.length !== 68 || !equalBytes(blob.subarray(0, 4), verifier.keyHash)) continue;
    signedByKey = true;
    if (await crypto.subtle.verify({ name: 'Ed25519' }, verifier.key, blob.subarray(4), encoder.encode(text))) return { text };
  }
  return { reason: signedByKey ? 'de handtekening klopt niet: het checkpoint is na ondertekening veranderd, of met een andere sleutel ondertekend' : `geen handtekening van sleutel ${verifier.name} gevonden` };
}

/** @param {string} text */
export function parseCheckpoint(text) {
  const match = /^([^\n]+)\n(0|[1-9][0-9]*)\n([A-Za-z0-9+/]{43}=)\n/.exec(text);
  if (!match) return undefined;
  return { origin: match[1] ?? '', size: Number(match[2]), root: fromBase64(match[3] ?? '') };
}

/**
 * @typedef {{ label: string, ok: boolean | undefined, detail: string }} Check
 *   ok undefined: could not be checked (e.g. content deleted at the end of its retention)
 * @typedef {{ index: number, record: unknown, salt: string | null, leafHash: string }} RecordAnswer
 * @typedef {{ index: number, grootte: number, leafHash: string, bewijs: string[] }} ProofAnswer
 */

/**
 * Every check, in order; stops at the first failure that makes the rest meaningless.
 * @param {{ index: number, verifierKey: string, record: RecordAnswer, checkpoint: string, proof: (size: number) => Promise<ProofAnswer> }} input
 * @returns {Promise<{ verified: boolean, checks: Check[] }>}
 */
export async function verifyRecordInLog(input) {
  /** @type {Check[]} */
  const checks = [];
  const fail = (/** @type {string} */ label, /** @type {string} */ detail) => {
    checks.push({ label, ok: false, detail });
    return { verified: false, checks };
  };

  let verifier;
  try {
    verifier = await parseVerifierKey(input.verifierKey);
  } catch (err) {
    return fail('Verificatiesleutel', /** @type {Error} */ (err).message);
  }
  const opened = await openNote(input.checkpoint, verifier);
  if (!opened.text) return fail('Handtekening van het checkpoint', opened.reason ?? 'ongeldig');
  const checkpoint = parseCheckpoint(opened.text);
  if (!checkpoint) return fail('Handtekening van het checkpoint', 'het ondertekende checkpoint heeft niet de vorm origin, grootte, boomwortel');
  checks.push({ label: 'Handtekening van het checkpoint', ok: true, detail: `geldig, sleutel ${verifier.name}; log ${checkpoint.origin}, ${checkpoint.size} records, boomwortel ${toBase64(checkpoint.root)}` });

  if (input.record.index !== input.index) return fail('Inhoud van het record', `de server gaf record ${input.record.index} in plaats van ${input.index}`);
  if (input.index >= checkpoint.size) return fail('Record in het checkpoint', `record ${input.index} valt buiten het checkpoint (${checkpoint.size} records); probeer het later opnieuw`);

  let leaf;
  try {
    leaf = fromBase64(input.record.leafHash);
  } catch {
    return fail('Inhoud van het record', 'de bladhash is geen geldige base64');
  }
  if (input.record.record !== null && input.record.salt !== null) {
    const computed = await leafHashOf(input.record.record, input.record.salt);
    if (!equalBytes(computed, leaf)) return fail('Inhoud van het record', `de inhoud geeft bladhash ${toBase64(computed)}, het log noemt ${input.record.leafHash}`);
    checks.push({ label: 'Inhoud van het record', ok: true, detail: `de inhoud met haar salt geeft bladhash ${input.record.leafHash}` });
  } else {
    checks.push({ label: 'Inhoud van het record', ok: undefined, detail: 'niet te controleren: de inhoud is aan het eind van de bewaartermijn verwijderd; de bladhash blijft' });
  }

  const proof = await input.proof(checkpoint.size);
  if (proof.index !== input.index || proof.grootte !== checkpoint.size) return fail('Inclusiebewijs', `het bewijs is voor record ${proof.index} in ${proof.grootte} records, gevraagd was record ${input.index} in ${checkpoint.size}`);
  if (proof.leafHash !== input.record.leafHash) return fail('Inclusiebewijs', `het bewijs gaat uit van bladhash ${proof.leafHash}, het record heeft ${input.record.leafHash}`);
  let path;
  try {
    path = proof.bewijs.map(fromBase64);
  } catch {
    return fail('Inclusiebewijs', 'het bewijs bevat een hash die geen geldige base64 is');
  }
  if (path.some((h) => h.length !== 32)) return fail('Inclusiebewijs', 'het bewijs bevat een hash die geen 32 bytes lang is');
  const root = await rootFromInclusionProof(leaf, input.index, checkpoint.size, path);
  if (!root) return fail('Inclusiebewijs', `het bewijs heeft ${path.length} hashes; dat past niet bij record ${input.index} in ${checkpoint.size} records`);
  if (!equalBytes(root, checkpoint.root)) return fail('Inclusiebewijs', `het bewijs leidt tot boomwortel ${toBase64(root)}, het ondertekende checkpoint noemt ${toBase64(checkpoint.root)}`);
  checks.push({ label: 'Inclusiebewijs', ok: true, detail: `${path.length} hashes leiden van het record naar de ondertekende boomwortel` });
  return { verified: true, checks };
}

/* ---------- The page: only in a browser, on the record page's form. ---------- */

/** @param {string} url @param {'json' | 'text'} as */
async function load(url, as) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: as === 'json' ? 'application/json' : 'text/plain' } });
  if (!response.ok) throw new Error(`het ophalen van ${url.split('?')[0]} gaf status ${response.status}`);
  return as === 'json' ? response.json() : response.text();
}

/**
 * @param {HTMLElement} region
 * @param {{ verified: boolean, checks: Check[] }} outcome
 */
function show(region, outcome) {
  const failed = outcome.checks.find((c) => c.ok === false);
  const alert = document.createElement('div');
  alert.className = `utrecht-alert utrecht-alert--${outcome.verified ? 'ok' : 'error'}`;
  const heading = document.createElement('p');
  heading.className = 'utrecht-paragraph utrecht-paragraph--lead';
  heading.textContent = outcome.verified ? 'Opgenomen in het log (geverifieerd in uw browser)' : `Controle mislukt: ${failed?.label ?? 'onbekend'} — ${failed?.detail ?? ''}`;
  alert.append(heading);
  const list = document.createElement('ul');
  list.className = 'utrecht-unordered-list';
  for (const check of outcome.checks) {
    const item = document.createElement('li');
    item.className = 'utrecht-unordered-list__item';
    const verdict = check.ok === true ? 'klopt' : check.ok === false ? 'klopt niet' : 'niet gecontroleerd';
    item.textContent = `${check.label}: ${verdict} — ${check.detail}`;
    list.append(item);
  }
  alert.append(list);
  region.replaceChildren(alert);
}

/** @param {HTMLFormElement} form */
function wire(form) {
  const region = document.getElementById(form.dataset.uitkomst ?? '');
  if (!region) return;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { index, sleutel, recordUrl, checkpointUrl, bewijsUrl } = form.dataset;
    region.replaceChildren(Object.assign(document.createElement('p'), { className: 'utrecht-paragraph', textContent: 'Bezig met controleren…' }));
    try {
      const [record, checkpoint] = await Promise.all([load(recordUrl ?? '', 'json'), load(checkpointUrl ?? '', 'text')]);
      show(region, await verifyRecordInLog({
        index: Number(index),
        verifierKey: sleutel ?? '',
        record,
        checkpoint,
        proof: (size) => load(`${bewijsUrl}?grootte=${size}`, 'json'),
      }));
    } catch (err) {
      show(region, { verified: false, checks: [{ label: 'Ophalen van het bewijs', ok: false, detail: /** @type {Error} */ (err).message }] });
    }
  });
}

if (typeof document !== 'undefined') {
  for (const form of document.querySelectorAll('form[data-bewijs]')) wire(/** @type {HTMLFormElement} */ (form));
}
