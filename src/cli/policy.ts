import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/config.js';
import { decideIntake } from '../intake/decide.js';
import { loadPartnerRegistry } from '../partners/registry.js';
import { oinFromSubjectSerialNumber } from '../pki/oin.js';
import { loadPolicyBundle, PolicyBundleError } from '../policy/load.js';
import { renderRegisterMarkdown } from '../policy/register-markdown.js';
import { parseCommandArgs, requireOption, UsageError } from './args.js';

const usage = `gebruik:
  vroegsignaal policy check [map]
  vroegsignaal policy explain <signaal.json> --as <partnermap> [--beleid <map>]
  vroegsignaal policy register --format markdown [--out <bestand>] [--beleid <map>]`;

function load(dir: string) {
  try {
    return loadPolicyBundle(dir);
  } catch (err) {
    if (err instanceof PolicyBundleError) throw new UsageError(`beleid in ${dir} is ongeldig: ${err.message}`);
    throw err;
  }
}

function check(argv: string[]): number {
  const { positionals } = parseCommandArgs(argv, {});
  const dir = positionals[0] ?? loadConfig().policiesDir;
  const { bundle, revision } = load(dir);
  const types = Object.entries(bundle.types);
  const unverified = types.flatMap(([type, p]) => [
    ...(p.toegestaan.geverifieerd ? [] : [`${type}.toegestaan`]),
    ...(p.velden.geverifieerd ? [] : [`${type}.velden`]),
    ...(p.inspanningen.geverifieerd ? [] : [`${type}.inspanningen`]),
    ...Object.entries(p.drempels).filter(([, r]) => r && !r.geverifieerd).map(([n]) => `${type}.drempels.${n}`),
  ]);
  const t = bundle.terugmelding;
  unverified.push(
    ...Object.entries(t.statussen).filter(([, r]) => !r.geverifieerd).map(([s]) => `terugmelding.statussen.${s}`),
    ...(t.nietOpgepakt.geverifieerd ? [] : ['terugmelding.nietOpgepakt']),
    ...Object.entries(t.eindresultaten).filter(([, r]) => !r!.geverifieerd).map(([e]) => `terugmelding.eindresultaten.${e}`),
  );
  console.log(`Beleid in ${dir} is geldig.`);
  console.log(`Revisie: ${revision}`);
  console.log(`Verwerkingsactiviteiten: ${bundle.activiteiten.map((a) => a.id).join(', ')}`);
  console.log(`Signaalpartnertypes toegestaan: ${types.filter(([, p]) => p.toegestaan.waarde).map(([t]) => t).join(', ')}`);
  console.log(`Niet toegestaan: ${types.filter(([, p]) => !p.toegestaan.waarde).map(([t]) => t).join(', ') || '—'}`);
  console.log(`Gemeenten: ${bundle.gemeenten.map((g) => `${g.gemeentecode} ${g.naam}`).join(', ')}`);
  console.log(`Bewaartermijnen: contactgegevens ${bundle.termijnen.contactgegevens.duur}, zaakfeiten ${bundle.termijnen.zaakfeiten.duur}, auditinhoud ${bundle.termijnen.auditInhoud.duur}`);
  console.log(`Terugmelding: statussen ${Object.entries(t.statussen).filter(([, r]) => r.waarde).map(([s]) => s).join(', ') || '—'}; eindresultaten ${Object.keys(t.eindresultaten).join(', ') || '—'}`);
  console.log(`Onbevestigde regels (geverifieerd: false): ${unverified.length}`);
  for (const rule of unverified) console.log(`  - ${rule}`);
  return 0;
}

/** The partner type as the registry holds it for the OIN in the partner's TLS certificate. */
function partnerTypeOf(partnerDir: string) {
  const cert = new X509Certificate(readFileSync(join(partnerDir, 'client.crt')));
  const serial = /(?:^|\n)serialNumber=([0-9]+)/.exec(cert.subject)?.[1];
  const oin = oinFromSubjectSerialNumber(serial);
  if (!oin) throw new UsageError(`${partnerDir}/client.crt bevat geen OIN`);
  const partner = loadPartnerRegistry(loadConfig().partnerRegistry).byOin(oin);
  if (!partner) throw new UsageError(`OIN ${oin} staat niet in het partnerregister`);
  return partner;
}

function explain(argv: string[]): number {
  const { values, positionals } = parseCommandArgs(argv, { as: { type: 'string' }, beleid: { type: 'string' } });
  const file = positionals[0];
  if (!file) throw new UsageError(usage);
  const partner = partnerTypeOf(requireOption(values, 'as'));
  const { bundle, revision } = load(values.beleid ?? loadConfig().policiesDir);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new UsageError(`${file} is geen leesbare JSON`);
  }
  const outcome = decideIntake(raw, partner.type, bundle, new Date());
  console.log(`Signaalpartner: ${partner.naam} (${partner.type}, OIN ${partner.oin})`);
  console.log(`Beleidsrevisie: ${revision}`);
  if (outcome.kind === 'invalid') {
    console.log('Besluit: geweigerd (400 ongeldige-invoer, schema)');
    for (const v of outcome.violations) console.log(`  ${v.pointer}: ${v.code} — ${v.detail}`);
    return 1;
  }
  const d = outcome.decision;
  console.log(`Verwerkingsactiviteit: ${d.processingActivityId}`);
  console.log(`Bewaartermijnen: contactgegevens ${d.retention.contactDetails}, zaakfeiten ${d.retention.caseFacts}, auditinhoud ${d.retention.auditContent}`);
  if (outcome.kind === 'accepted') {
    console.log(`Besluit: toegestaan — gemeente ${outcome.gemeentecode}`);
  } else {
    console.log(`Besluit: geweigerd (${outcome.status} ${outcome.code})`);
  }
  for (const r of d.reasons) {
    console.log(`  [${r.ruleId}] ${r.detail}`);
    console.log(`      bron: ${r.bron}; geverifieerd: ${r.geverifieerd ? 'ja' : 'nee'}${r.pointer ? `; veld: ${r.pointer}` : ''}`);
  }
  if (outcome.kind === 'refused' && outcome.unknownPostcode) console.log('  [routering.postcode] Deze postcode valt onder geen aangesloten gemeente');
  console.log('(Er is niets opgeslagen.)');
  return outcome.kind === 'accepted' ? 0 : 1;
}

function register(argv: string[]): number {
  const { values } = parseCommandArgs(argv, { format: { type: 'string' }, out: { type: 'string' }, beleid: { type: 'string' } });
  if ((values.format ?? 'markdown') !== 'markdown') throw new UsageError('alleen --format markdown wordt ondersteund');
  const { bundle, revision } = load(values.beleid ?? loadConfig().policiesDir);
  const text = renderRegisterMarkdown(bundle, revision, new Date());
  if (values.out) {
    writeFileSync(values.out, text);
    console.log(`Register geschreven naar ${values.out}`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

export async function runPolicy(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'check') return check(rest);
  if (sub === 'explain') return explain(rest);
  if (sub === 'register') return register(rest);
  throw new UsageError(usage);
}
