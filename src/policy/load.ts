import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { jcs } from '../audit/jcs.js';
import { bundleFileSchemas, type PolicyBundle } from './bundle-schema.js';

/** A bundle that cannot be used. `problems` holds one line per finding (the message joins them). */
export class PolicyBundleError extends Error {
  override name = 'PolicyBundleError';
  readonly problems: string[];
  constructor(message: string, problems?: string[]) {
    super(message);
    this.problems = problems ?? message.split('\n');
  }
}

function readFile<K extends keyof typeof bundleFileSchemas>(dir: string, file: K): z.infer<(typeof bundleFileSchemas)[K]> {
  const path = join(dir, file);
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'), { merge: true });
  } catch (err) {
    throw new PolicyBundleError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'bestand ontbreekt' : (err as Error).message}`);
  }
  const parsed = bundleFileSchemas[file].safeParse(raw);
  if (!parsed.success) {
    // Every issue, one per line, so an operator fixes the whole file in one pass.
    const lines = parsed.error.issues.map((issue) => `${file}: ${issue.path.join('.') || '(bestand)'}: ${issue.message}`);
    throw new PolicyBundleError(lines.join('\n'));
  }
  return parsed.data as z.infer<(typeof bundleFileSchemas)[K]>;
}

function crossCheck(bundle: PolicyBundle): void {
  const activities = new Set(bundle.activiteiten.map((a) => a.id));
  for (const [type, policy] of Object.entries(bundle.types)) {
    if (!activities.has(policy.verwerkingsactiviteit)) {
      throw new PolicyBundleError(`signaalpartners.yaml: types.${type}.verwerkingsactiviteit: ${policy.verwerkingsactiviteit} staat niet in verwerkingsactiviteiten.yaml`);
    }
  }
  // DDAS restricted feedback: the reason a signal was not picked up never reaches its partner.
  const notPickedUp = new Set<string>(bundle.terugmelding.nietOpgepakt.resultaten);
  for (const result of Object.keys(bundle.terugmelding.eindresultaten)) {
    if (notPickedUp.has(result)) throw new PolicyBundleError(`terugmelding.yaml: eindresultaten.${result}: staat ook in nietOpgepakt; de reden van 'niet opgepakt' gaat nooit naar de partner`);
  }
  const codes = new Set<string>();
  const ranges: Array<{ van: number; tot: number; code: string }> = [];
  bundle.gemeenten.forEach((g, i) => {
    if (codes.has(g.gemeentecode)) throw new PolicyBundleError(`gemeenten.yaml: gemeenten.${i}.gemeentecode: ${g.gemeentecode} komt dubbel voor`);
    codes.add(g.gemeentecode);
    g.postcodes.forEach((r, j) => {
      if (r.van > r.tot) throw new PolicyBundleError(`gemeenten.yaml: gemeenten.${i}.postcodes.${j}: van ligt na tot`);
      const overlap = ranges.find((o) => r.van <= o.tot && o.van <= r.tot);
      if (overlap) throw new PolicyBundleError(`gemeenten.yaml: gemeenten.${i}.postcodes.${j}: overlapt met gemeente ${overlap.code}`);
      ranges.push({ ...r, code: g.gemeentecode });
    });
  });
}

/**
 * Load and validate the bundle. The revision is a hash of its canonical JSON, so the same rules
 * always give the same revision (whatever the YAML layout) and any change gives a new one.
 */
export function loadPolicyBundle(dir: string): { bundle: PolicyBundle; revision: string } {
  const bundle: PolicyBundle = {
    activiteiten: readFile(dir, 'verwerkingsactiviteiten.yaml').activiteiten,
    types: readFile(dir, 'signaalpartners.yaml').types as PolicyBundle['types'],
    gemeenten: readFile(dir, 'gemeenten.yaml').gemeenten,
    termijnen: readFile(dir, 'bewaartermijnen.yaml').termijnen,
    rapportage: readFile(dir, 'rapportage.yaml'),
    terugmelding: readFile(dir, 'terugmelding.yaml'),
  };
  crossCheck(bundle);
  return { bundle, revision: `sha256:${createHash('sha256').update(jcs(bundle)).digest('hex')}` };
}
