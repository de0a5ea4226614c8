import { constants, sign as cryptoSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemCatalogue } from '../../src/errors/catalogue.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { digestOf, payloadSignature, type HttpResult } from '../helpers/https-client.js';
import { allKeys, detachedJws, keepAliveClient, profileHeader, validSignal, type KeepAliveClient } from './harness.js';

/**
 * Property-based fuzzing of intake (issue 7, point 5): 6,000 bodies and 4,000 header sets, from
 * fixed seeds, sent 16 at a time over kept-alive mTLS connections. Whatever arrives: never a 5xx,
 * always a parseable answer (problem+json for refusals), nothing stored for a refusal, and the
 * gateway still accepts a valid signal afterwards. Header sets have an exact oracle: the answer
 * follows from which parts are broken.
 */

const bodyRuns = 6_000;
const headerRuns = 4_000;
const concurrency = 16;
const bodySeed = 20_261_122;
const headerSeed = 7_000_005;

let gw: TestGateway;
let client: KeepAliveClient;
let huurKid: string;

beforeAll(async () => {
  gw = await startTestGateway({ rateLimitPerMinute: 1_000_000 });
  client = keepAliveClient(gw.url, gw.huur, concurrency);
  const registry = JSON.parse(readFileSync(join(gw.home, 'partners.json'), 'utf8')) as { partners: Array<{ type: string; signingKeys: Array<{ kid: string }> }> };
  huurKid = registry.partners.find((p) => p.type === 'Huur')!.signingKeys[0]!.kid;
});

afterAll(async () => {
  client?.close();
  await gw?.stop();
});

/** Run `fn` over `items`, `limit` at a time, in order of start. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  }));
  return results;
}

const errorLines = () => gw.logs.filter((line) => /"level":(50|60)/.test(line));

/** The refusal shape every answer of 400 and up must have. Returns a reason when it does not. */
function problemDefect(status: number, contentType: unknown, body: any): string | undefined {
  if (!String(contentType).startsWith('application/problem+json')) return `content-type ${String(contentType)}`;
  if (!body || body.status !== status || typeof body.title !== 'string' || typeof body.detail !== 'string') return 'not RFC 9457';
  const catalogued = problemCatalogue[body.code as keyof typeof problemCatalogue];
  if (!catalogued || catalogued.status !== status) return `code ${String(body.code)} not catalogued for ${status}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Bodies: a valid signal, mutated, and signed correctly, so the mutation reaches validation.

type Path = string[];
const leafPaths: Path[] = [];
const objectPaths: Path[] = [[]];
(function walk(node: Record<string, unknown>, path: Path) {
  for (const [key, value] of Object.entries(node)) {
    if (value && typeof value === 'object') {
      objectPaths.push([...path, key]);
      walk(value as Record<string, unknown>, [...path, key]);
    }
    leafPaths.push([...path, key]);
  }
})(validSignal('X', 0), []);

const keyArb = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'burgerservicenummer', 'klantnummer', 'bedrag', 'id',
    'bedr\u0430g', 'id\u0000', 'achternaam\u202e', 'signaalpartner\u200b', '', ' ', '$ne', 'a/b', 'a~b'),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const exoticString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('', ' ', '\u0000', '\u202eruuH', '\u0397uur', 'Huur', 'Energie', 'Water', '2026-02-30', '2026-11-23', '1900-01-01', '9999-12-31',
    '1234AB', '1234 ab', '9999ZZ', '2511AB', '0612345678', 'a@b', 'x@example.nl', '123456782', '00000', '99999', 'A.', 'van der', '１２３４AB'),
  fc.nat({ max: 70_000 }).map((n) => 'x'.repeat(n)),
);
/** Nested arrays or objects, up to 300 deep (a deep value written out as JSON text). */
const nestedArb = fc.tuple(fc.nat({ max: 300 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
});
/** Values that pass the schema somewhere, so mutations also reach policy, routing and idempotency. */
const plausible = fc.constantFrom('Energie', 'Water', 'Zorg', 'DUO', 'Huur', '2026-10-01', '2026-11-21', '2026-11-22', '2026-11-23', '2511AB', '9999ZZ', '1241 xy',
  'FZ-ZELFDE-1', 'FZ-ZELFDE-2', 'Jansen', 'B.', 'de', '12', '12345', 'b', true, false, 0, 30, 10_000_000);
const valueArb = fc.oneof(
  { arbitrary: plausible, weight: 3 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: exoticString, weight: 4 },
  { arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, 1250, 10_000_000, 10_000_001, 2 ** 53 + 2, -1, 1e308, 0.5)), weight: 2 },
  { arbitrary: fc.constantFrom(true, false, null, [], {}), weight: 1 },
  { arbitrary: nestedArb, weight: 1 },
);
/** Number literals and text JSON.stringify never writes. */
const literalArb = fc.oneof(
  fc.constantFrom('1e400', '-1e400', '1E2', '-0', '1250.0', '0.5e1', '12345678901234567890123', '1e-400', '0.0000001', '9'.repeat(400), '[]', '{}', 'null'),
  fc.nat({ max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  valueArb.map((v) => JSON.stringify(v) ?? 'null'),
);

type ObjectOp =
  | { op: 'set'; path: Path; value: unknown }
  | { op: 'add'; at: Path; key: string; value: unknown }
  | { op: 'delete'; path: Path }
  | { op: 'rename'; path: Path; key: string };
type TextOp =
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'member'; at: Path; end: boolean; key: string; literal: string };

/** One field set to a value that passes the schema, so the signal reaches policy, routing or idempotency. */
const targeted: Array<[Path, fc.Arbitrary<unknown>]> = [
  [['signaalpartner'], fc.constantFrom('Energie', 'Water', 'Zorg', 'DUO', 'Belastingdienst')],
  [['id'], fc.constantFrom('FZ-ZELFDE-1', 'FZ-ZELFDE-2')],
  [['adres', 'postcode'], fc.constantFrom('9999ZZ', '1000AA', '2511AB', '3011 ab')],
  [['ontstaansdatum'], fc.constantFrom('2026-11-01', '2026-11-21', '2027-01-01', '1999-12-31')],
  [['signaaldatum'], fc.constantFrom('2026-11-23', '2026-12-31', '2026-10-15')],
  [['inspanningen', 'gewezenOpSchuldhulp'], fc.constant(false)],
  [['bedrag'], fc.constantFrom(0, 1, 10_000_000)],
  [['crisissignaal'], fc.boolean()],
  [['persoon', 'geboortedatum'], fc.constantFrom('2026-11-22', '1900-02-28')],
];
const objectOpArb: fc.Arbitrary<ObjectOp> = fc.oneof(
  { arbitrary: fc.oneof(...targeted.map(([path, value]) => fc.record({ op: fc.constant('set' as const), path: fc.constant(path), value }))), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('set' as const), path: fc.constantFrom(...leafPaths), value: valueArb }), weight: 5 },
  { arbitrary: fc.record({ op: fc.constant('add' as const), at: fc.constantFrom(...objectPaths), key: keyArb, value: valueArb }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...leafPaths) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('rename' as const), path: fc.constantFrom(...leafPaths), key: keyArb }), weight: 1 },
);
const textOpArb: fc.Arbitrary<TextOp> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }) }),
  fc.record({ op: fc.constant('member' as const), at: fc.constantFrom(...objectPaths), end: fc.boolean(), key: keyArb, literal: literalArb }),
);

interface BodyCase {
  batch: number; // 0 = single endpoint, else items in a batch
  items: Array<{ ops: ObjectOp[]; text: TextOp[] }>;
  wholeText: TextOp[]; // on the batch body as a whole
  replaceWith?: unknown; // the whole body is just this value
}

const noText: fc.Arbitrary<TextOp[]> = fc.constant([]);
const itemArb = fc.record({ ops: fc.array(objectOpArb, { minLength: 0, maxLength: 3 }), text: fc.oneof({ arbitrary: noText, weight: 3 }, { arbitrary: fc.array(textOpArb, { minLength: 1, maxLength: 2 }), weight: 1 }) });
const bodyCaseArb: fc.Arbitrary<BodyCase> = fc.oneof(
  { arbitrary: itemArb.map((item) => ({ batch: 0, items: [item], wholeText: [] })), weight: 16 },
  { arbitrary: fc.record({ batch: fc.integer({ min: 1, max: 4 }), items: fc.array(itemArb, { minLength: 4, maxLength: 4 }), wholeText: fc.oneof({ arbitrary: noText, weight: 4 }, { arbitrary: fc.array(textOpArb, { maxLength: 1 }), weight: 1 }) }), weight: 3 },
  { arbitrary: fc.record({ batch: fc.constantFrom(0, 1), items: fc.constant<BodyCase['items']>([]), wholeText: noText, replaceWith: valueArb }), weight: 1 },
);

function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  // defineProperty, so `__proto__` becomes a member of the JSON like any other key.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function nodeAt(root: Record<string, unknown>, path: Path): Record<string, unknown> | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : undefined;
}

function applyObjectOp(signal: Record<string, unknown>, op: ObjectOp) {
  if (op.op === 'add') {
    const at = nodeAt(signal, op.at);
    if (at) setOwn(at, op.key, op.value);
    return;
  }
  const parent = nodeAt(signal, op.path.slice(0, -1));
  const last = op.path.at(-1)!;
  if (!parent || !Object.prototype.hasOwnProperty.call(parent, last)) return;
  if (op.op === 'set') setOwn(parent, last, op.value);
  else if (op.op === 'delete') delete parent[last];
  else {
    const value = parent[last];
    delete parent[last];
    setOwn(parent, op.key, value);
  }
}

/** Where the members of the object at `path` start (after its `{`) or end (before its `}`) in `text`. */
function memberOffset(text: string, path: Path, end: boolean): number | undefined {
  let from = 0;
  for (const key of path) {
    const found = text.indexOf(`${JSON.stringify(key)}:{`, from);
    if (found < 0) return undefined;
    from = found + JSON.stringify(key).length + 1;
  }
  if (!end) return from + 1;
  // The matching close of the object starting at `from` (strings in the signal hold no braces).
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return undefined;
}

function applyTextOp(text: string, op: TextOp): string {
  if (op.op === 'truncate') return text.slice(0, Math.floor(op.at * text.length));
  if (op.op === 'insert') {
    const at = Math.floor(op.at * text.length);
    return text.slice(0, at) + op.text + text.slice(at);
  }
  const at = memberOffset(text, op.at, op.end);
  if (at === undefined) return text;
  const member = `${JSON.stringify(op.key)}:${op.literal}`;
  return op.end ? `${text.slice(0, at)},${member}${text.slice(at)}` : `${text.slice(0, at)}${member},${text.slice(at)}`;
}

function bodyText(c: BodyCase, index: number): string {
  if (c.replaceWith !== undefined) {
    const text = JSON.stringify(c.replaceWith) ?? 'null';
    return c.batch ? `[${text}]` : text;
  }
  const items = c.items.slice(0, Math.max(1, c.batch)).map((item, j) => {
    const signal = validSignal('FZ-B', index * 10 + j);
    for (const op of item.ops) applyObjectOp(signal, op);
    return item.text.reduce(applyTextOp, JSON.stringify(signal));
  });
  const whole = c.batch ? `[${items.join(',')}]` : items[0]!;
  return c.wholeText.reduce(applyTextOp, whole);
}

// ---------------------------------------------------------------------------------------------
// Headers: a valid signal each time; Content-Type, Digest, Payload-Signature and Accept each
// either right or broken in one of many ways, plus random extra headers.

type ContentTypeVariant = 'json' | 'json-charset' | 'json-upper' | 'missing' | 'text-plain' | 'form' | 'random' | 'text-then-json' | 'list';
type DigestVariant = 'digest' | 'lower-name' | 'with-md5' | 'content-digest' | 'both' | 'twice'
  | 'missing' | 'other-body' | 'junk' | 'random' | 'second-wrong' | 'content-digest-wrong' | 'hex';
type SignatureVariant =
  | { v: 'valid' } | { v: 'kid' } | { v: 'kid-and-x5t' } | { v: 'extra-member'; name: string; value: string }
  | { v: 'sigT'; offset: number } | { v: 'alg'; alg: string } | { v: 'drop'; member: string } | { v: 'refused-member'; member: string }
  | { v: 'crit-extra' } | { v: 'sigD'; sigD: unknown } | { v: 'flip'; at: number } | { v: 'truncate'; keep: number }
  | { v: 'other-key' } | { v: 'other-digest' } | { v: 'missing' } | { v: 'twice' } | { v: 'random'; text: string };
type AcceptVariant = 'none' | 'any' | 'json' | 'problem' | 'html' | 'json-q0';

interface HeaderCase {
  contentType: ContentTypeVariant;
  randomContentType: string;
  digest: DigestVariant;
  randomText: string;
  signature: SignatureVariant;
  accept: AcceptVariant;
  extra: Array<[string, string]>;
}

const token = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'.split('')), minLength: 1, maxLength: 12 });
const visible = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
const signatureArb: fc.Arbitrary<SignatureVariant> = fc.oneof(
  { arbitrary: fc.constant({ v: 'valid' as const }), weight: 10 },
  { arbitrary: fc.constantFrom({ v: 'kid' as const }, { v: 'kid-and-x5t' as const }), weight: 2 },
  { arbitrary: fc.record({ v: fc.constant('extra-member' as const), name: fc.constantFrom('typ', 'cty', 'vs-note', 'iat'), value: visible }), weight: 2 },
  { arbitrary: fc.record({ v: fc.constant('sigT' as const), offset: fc.integer({ min: -900, max: 900 }) }), weight: 3 },
  { arbitrary: fc.record({ v: fc.constant('alg' as const), alg: fc.oneof(fc.constantFrom('none', 'None', 'HS256', 'RS256', 'ES256', 'PS384', 'PS512', 'ps256', 'EdDSA', ''), token) }), weight: 2 },
  { arbitrary: fc.record({ v: fc.constant('drop' as const), member: fc.constantFrom('alg', 'sigT', 'sigD', 'crit', 'x5t#S256') }), weight: 2 },
  { arbitrary: fc.record({ v: fc.constant('refused-member' as const), member: fc.constantFrom('jku', 'x5u', 'jwk', 'x5c', 'b64') }), weight: 1 },
  { arbitrary: fc.constantFrom({ v: 'crit-extra' as const }, { v: 'other-key' as const }, { v: 'other-digest' as const }, { v: 'missing' as const }, { v: 'twice' as const }), weight: 3 },
  { arbitrary: fc.record({ v: fc.constant('sigD' as const), sigD: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant({ mId: 'http://uri.etsi.org/19182/HttpHeaders', pars: ['digest', 'date'] })) }), weight: 1 },
  { arbitrary: fc.record({ v: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) }), weight: 2 },
  { arbitrary: fc.record({ v: fc.constant('truncate' as const), keep: fc.double({ min: 0, max: 0.99, noNaN: true }) }), weight: 1 },
  { arbitrary: fc.record({ v: fc.constant('random' as const), text: visible }), weight: 1 },
);
const headerCaseArb: fc.Arbitrary<HeaderCase> = fc.record({
  contentType: fc.oneof(
    { arbitrary: fc.constantFrom<ContentTypeVariant>('json', 'json-charset', 'json-upper'), weight: 8 },
    { arbitrary: fc.constantFrom<ContentTypeVariant>('missing', 'text-plain', 'form', 'random', 'text-then-json', 'list'), weight: 1 },
  ),
  randomContentType: fc.tuple(token, token).map(([a, b]) => `x-${a}/${b}`),
  digest: fc.oneof(
    { arbitrary: fc.constantFrom<DigestVariant>('digest', 'lower-name', 'with-md5', 'content-digest', 'both', 'twice'), weight: 6 },
    { arbitrary: fc.constantFrom<DigestVariant>('missing', 'other-body', 'junk', 'random', 'second-wrong', 'content-digest-wrong', 'hex'), weight: 1 },
  ),
  randomText: visible,
  signature: signatureArb,
  accept: fc.oneof({ arbitrary: fc.constantFrom<AcceptVariant>('none', 'any', 'json', 'problem'), weight: 12 }, { arbitrary: fc.constantFrom<AcceptVariant>('html', 'json-q0'), weight: 1 }),
  extra: fc.array(fc.oneof(
    fc.tuple(token.map((t) => `X-Fuzz-${t}`), visible),
    fc.tuple(fc.constant('traceparent'), fc.oneof(visible, fc.constant('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'))),
    fc.tuple(fc.constant('Fsc-Transaction-Id'), visible),
  ), { maxLength: 3 }),
});

interface HeaderExpectation {
  status: number;
  codes: string[];
}

function expectedFor(c: HeaderCase): HeaderExpectation {
  if (c.accept === 'html' || c.accept === 'json-q0') return { status: 406, codes: ['niet-acceptabel'] };
  if (!['json', 'json-charset', 'json-upper'].includes(c.contentType)) return { status: 415, codes: ['mediatype-niet-ondersteund'] };
  if (!['digest', 'lower-name', 'with-md5', 'content-digest', 'both', 'twice'].includes(c.digest)) return { status: 401, codes: ['digest-ongeldig'] };
  const s = c.signature;
  switch (s.v) {
    case 'valid': case 'kid': case 'kid-and-x5t': case 'extra-member':
      return { status: 202, codes: [] };
    case 'sigT':
      return Math.abs(s.offset) <= 300 ? { status: 202, codes: [] } : { status: 401, codes: ['handtekening-verlopen'] };
    case 'missing': case 'twice':
      return { status: 401, codes: ['handtekening-ontbreekt'] };
    case 'other-key':
      return { status: 401, codes: ['sleutel-onbekend'] };
    case 'random':
      return { status: 401, codes: ['handtekening-ontbreekt', 'handtekening-ongeldig'] };
    default:
      return { status: 401, codes: ['handtekening-ongeldig'] };
  }
}

function headersFor(c: HeaderCase, body: string): Array<[string, string]> {
  const digest = digestOf(body);
  const b64 = digest.slice('SHA-256='.length);
  const now = gw.clock.now;
  const headers: Array<[string, string]> = [];
  const contentTypes: Record<ContentTypeVariant, string[]> = {
    json: ['application/json'], 'json-charset': ['application/json; charset=utf-8'], 'json-upper': ['Application/JSON'],
    missing: [], 'text-plain': ['text/plain'], form: ['application/x-www-form-urlencoded'], random: [c.randomContentType],
    'text-then-json': ['text/plain', 'application/json'], list: ['application/json, text/plain'],
  };
  for (const value of contentTypes[c.contentType]) headers.push(['Content-Type', value]);
  const digests: Record<DigestVariant, Array<[string, string]>> = {
    digest: [['Digest', digest]], 'lower-name': [['Digest', `sha-256=${b64}`]], 'with-md5': [['Digest', `SHA-256=${b64}, MD5=1B2M2Y8AsgTpgAmY7PhCfg==`]],
    'content-digest': [['Content-Digest', `sha-256=:${b64}:`]], both: [['Digest', digest], ['Content-Digest', `sha-256=:${b64}:`]], twice: [['Digest', digest], ['Digest', digest]],
    missing: [], 'other-body': [['Digest', digestOf(`${body} `)]], junk: [['Digest', `${digest}A`]], random: [['Digest', c.randomText]],
    'second-wrong': [['Digest', digest], ['Digest', digestOf('{}')]], 'content-digest-wrong': [['Digest', digest], ['Content-Digest', `sha-256=:${digestOf('{}').slice(8)}:`]],
    hex: [['Digest', `SHA-256=${Buffer.from(b64, 'base64').toString('hex')}`]],
  };
  headers.push(...digests[c.digest]);
  const sign = (header: Record<string, unknown>, key = gw.huur.signingKey, over = digest) =>
    detachedJws(header, over, (input) => cryptoSign('sha256', input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }));
  const base = profileHeader(gw.huur, now);
  const s = c.signature;
  const valid = () => payloadSignature(gw.huur, digest, { now });
  const signatures: string[] = (() => {
    switch (s.v) {
      case 'valid': return [valid()];
      case 'kid': return [sign({ ...base, 'x5t#S256': undefined, kid: huurKid })];
      case 'kid-and-x5t': return [sign({ ...base, kid: huurKid })];
      case 'extra-member': return [sign({ ...base, [s.name]: s.value })];
      case 'sigT': return [sign(profileHeader(gw.huur, new Date(now.getTime() + s.offset * 1000)))];
      case 'alg': return [sign({ ...base, alg: s.alg })];
      case 'drop': return [sign({ ...base, [s.member]: undefined })];
      case 'refused-member': return [sign({ ...base, [s.member]: s.member === 'b64' ? false : `${'https://aanvaller.example/'}${s.member}` })];
      case 'crit-extra': return [sign({ ...base, crit: ['sigT', 'sigD', 'exp'], exp: 1 })];
      case 'sigD': return [sign({ ...base, sigD: s.sigD })];
      case 'flip': {
        const sig = valid();
        const start = sig.indexOf('..') + 2;
        // Any character but the last of the signature: the last one carries padding bits.
        const at = start + Math.floor(s.at * (sig.length - start - 1));
        return [sig.slice(0, at) + (sig[at] === 'A' ? 'B' : 'A') + sig.slice(at + 1)];
      }
      case 'truncate': { const sig = valid(); return [sig.slice(0, Math.max(1, Math.floor(s.keep * sig.length)))]; }
      case 'other-key': return [sign({ ...base, 'x5t#S256': gw.energie.x5tS256 }, gw.energie.signingKey)];
      case 'other-digest': return [sign(base, gw.huur.signingKey, digestOf(`${body} `))];
      case 'missing': return [];
      case 'twice': return [valid(), valid()];
      case 'random': return [s.text];
    }
  })();
  for (const value of signatures) headers.push(['Payload-Signature', value]);
  const accepts: Record<AcceptVariant, string[]> = {
    none: [], any: ['*/*'], json: ['application/json'], problem: ['application/problem+json, application/json;q=0.9'], html: ['text/html'], 'json-q0': ['application/json;q=0'],
  };
  for (const value of accepts[c.accept]) headers.push(['Accept', value]);
  headers.push(...c.extra);
  return headers;
}

// ---------------------------------------------------------------------------------------------

async function signalCount(): Promise<{ signals: number; idempotency: number }> {
  return { signals: (await allKeys(gw.redis, 'vs:signaal:*')).length, idempotency: (await allKeys(gw.redis, 'vs:idem:*')).length };
}

const timings: Record<string, number> = {};

describe('property-based fuzzing of POST /v1/vroegsignalen and /_batch (fast-check, fixed seeds)', () => {
  it(`${bodyRuns} mutated, correctly signed bodies: never a 5xx, refusals are problem+json and store nothing`, async () => {
    const cases = fc.sample(bodyCaseArb, { seed: bodySeed, numRuns: bodyRuns });
    const before = await signalCount();
    const errorsBefore = errorLines().length;
    const started = performance.now();
    let accepted = 0;
    const defects: string[] = [];
    const seen: Record<number, number> = {};
    const codes: Record<string, number> = {};
    const count = (code: unknown) => void (codes[String(code)] = (codes[String(code)] ?? 0) + 1);
    await pool(cases, concurrency, async (c, index) => {
      const text = bodyText(c, index);
      const path = c.batch ? '/v1/vroegsignalen/_batch' : '/v1/vroegsignalen';
      const digest = digestOf(text);
      let res: HttpResult;
      try {
        res = await client.send(path, { body: text, headers: [['Content-Type', 'application/json'], ['Digest', digest], ['Payload-Signature', payloadSignature(gw.huur, digest, { now: gw.clock.now })]] });
      } catch (err) {
        defects.push(`#${index} transport error ${(err as Error).message}: ${text.slice(0, 200)}`);
        return;
      }
      seen[res.status] = (seen[res.status] ?? 0) + 1;
      const fail = (why: string) => defects.push(`#${index} ${path} ${res.status} (${why}): ${res.text.slice(0, 200)} ← ${JSON.stringify(c).slice(0, 400)}`);
      if (res.json === undefined) return fail('answer is not JSON');
      const allowed = c.batch ? [200, 400, 413] : [200, 202, 400, 403, 409, 413];
      if (!allowed.includes(res.status)) return fail(`status outside ${allowed.join('/')} for a correctly signed body`);
      if (res.status >= 400) {
        count(res.json.code);
        const defect = problemDefect(res.status, res.headers['content-type'], res.json);
        return defect ? fail(defect) : undefined;
      }
      if (!c.batch) {
        if (res.json.digest !== digest || !/^[0-9a-f-]{36}$/.test(res.json.signaalId)) return fail('receipt does not name this body');
        if (res.status === 202) accepted++;
        return undefined;
      }
      if (!Array.isArray(res.json)) return fail('batch answer is not an array');
      for (const item of res.json) {
        if (![200, 202, 400, 403, 409].includes(item.status)) return fail(`batch item ${item.index} answered ${item.status}`);
        if (item.status >= 400) {
          count(item.problem?.code);
          const defect = problemDefect(item.status, 'application/problem+json', item.problem);
          if (defect) return fail(`batch item ${item.index}: ${defect}`);
        } else if (!item.receipt?.signaalId) return fail(`batch item ${item.index} without receipt`);
        if (item.status === 202) accepted++;
      }
      return undefined;
    });
    timings.body = performance.now() - started;

    console.info(`fuzz bodies: ${bodyRuns} requests in ${(timings.body / 1000).toFixed(1)} s over ${client.connections()} connections; statuses ${JSON.stringify(seen)}; refusals ${JSON.stringify(codes)}; ${accepted} signals accepted`);
    expect({ defects: defects.length, first: defects.slice(0, 10) }).toEqual({ defects: 0, first: [] });
    // Refusals stored nothing: exactly one signal and one idempotency key per 202, none for the rest.
    const after = await signalCount();
    expect(after.signals - before.signals).toBe(accepted);
    expect(after.idempotency - before.idempotency).toBe(accepted);
    expect(errorLines().slice(errorsBefore)).toEqual([]);
    // The mutations reached every stage: accepted, schema and policy refusals, broken JSON, batches.
    expect(accepted).toBeGreaterThan(100);
    expect(seen[200]).toBeGreaterThan(100);
    for (const code of ['ongeldige-json', 'ongeldige-invoer', 'beleid-geweigerd', 'onbekende-postcode', 'partnertype-niet-toegestaan', 'conflict-idempotentie', 'te-groot']) {
      expect(codes[code] ?? 0, `some mutation answered ${code}`).toBeGreaterThan(0);
    }
  }, 180_000);

  it(`${headerRuns} header sets (Content-Type, Digest, Payload-Signature, Accept, extras): exactly the documented answer`, async () => {
    const cases = fc.sample(headerCaseArb, { seed: headerSeed, numRuns: headerRuns });
    const before = await signalCount();
    const errorsBefore = errorLines().length;
    const connectionsBefore = client.connections();
    const started = performance.now();
    const defects: string[] = [];
    const seen: Record<number, number> = {};
    let accepted = 0;
    await pool(cases, concurrency, async (c, index) => {
      const body = JSON.stringify(validSignal('FZ-H', index));
      const expected = expectedFor(c);
      let res: HttpResult;
      try {
        res = await client.send('/v1/vroegsignalen', { body, headers: headersFor(c, body) });
      } catch (err) {
        defects.push(`#${index} transport error ${(err as Error).message} ← ${JSON.stringify(c).slice(0, 300)}`);
        return;
      }
      seen[res.status] = (seen[res.status] ?? 0) + 1;
      const fail = (why: string) => defects.push(`#${index} ${res.status} ${String(res.json?.code)}, expected ${expected.status} ${expected.codes.join('|')} (${why}): ${res.text.slice(0, 160)} ← ${JSON.stringify(c).slice(0, 400)}`);
      if (res.json === undefined) return fail('answer is not JSON');
      if (res.status !== expected.status) return fail('status');
      if (res.status === 202) {
        accepted++;
        return res.json.digest === digestOf(body) ? undefined : fail('receipt digest');
      }
      const defect = problemDefect(res.status, res.headers['content-type'], res.json);
      if (defect) return fail(defect);
      return expected.codes.includes(res.json.code) ? undefined : fail('code');
    });
    timings.headers = performance.now() - started;

    expect({ defects: defects.length, first: defects.slice(0, 10) }).toEqual({ defects: 0, first: [] });
    const after = await signalCount();
    expect(after.signals - before.signals).toBe(accepted);
    expect(after.idempotency - before.idempotency).toBe(accepted);
    expect(errorLines().slice(errorsBefore)).toEqual([]);
    expect(accepted).toBeGreaterThan(500);
    expect(seen[401]).toBeGreaterThan(500);
    console.info(`fuzz headers: ${headerRuns} requests in ${(timings.headers / 1000).toFixed(1)} s over ${client.connections() - connectionsBefore} new connections; statuses ${JSON.stringify(seen)}`);
  }, 180_000);

  it('leaves a gateway that still accepts a valid signal, fast enough for CI', async () => {
    const body = JSON.stringify(validSignal('FZ-OK', 1));
    const res = await client.send('/v1/vroegsignalen', { body, headers: [['Content-Type', 'application/json'], ['Digest', digestOf(body)], ['Payload-Signature', payloadSignature(gw.huur, digestOf(body), { now: gw.clock.now })]] });
    expect(res.status).toBe(202);
    expect(res.json.digest).toBe(digestOf(body));
    // Kept alive: a refusal before the body is read (406, 413, 415) closes its connection; the rest reuse theirs.
    expect(client.connections()).toBeLessThan((bodyRuns + headerRuns) / 10);
  });
});

