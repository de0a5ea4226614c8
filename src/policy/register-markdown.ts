import type { PolicyBundle } from './bundle-schema.js';

const list = (items: string[]) => items.join('; ');
const verified = (v: boolean) => (v ? 'ja' : '**nee — te bevestigen**');

/**
 * The register of processing activities (AVG art. 30) as a document for the DPIA: generated from
 * the same bundle the gateway enforces, so the paper and the practice cannot drift apart.
 */
export function renderRegisterMarkdown(bundle: PolicyBundle, revision: string, generatedOn: Date): string {
  const out: string[] = [
    '# Register van verwerkingsactiviteiten — vroegsignaal',
    '',
    `Beleidsrevisie \`${revision}\`, gegenereerd op ${generatedOn.toISOString().slice(0, 10)} uit \`policies/\`.`,
    '',
  ];
  for (const a of bundle.activiteiten) {
    out.push(`## ${a.naam}`, '', '| | |', '|---|---|',
      `| Id | \`${a.id}\` |`, `| Doel | ${a.doel.trim()} |`, `| Grondslag | ${list(a.grondslag)} |`,
      `| Betrokkenen | ${list(a.betrokkenen)} |`, `| Categorieën van gegevens | ${list(a.categorieen)} |`,
      `| Ontvangers | ${list(a.ontvangers)} |`, `| Bewaartermijn | ${a.bewaartermijn} |`,
      `| Versie | ${a.versie}, geldig vanaf ${a.geldigVanaf} |`, '');
  }
  out.push('## Signaalpartners', '', '| type | toegestaan | velden persoon | drempels | bron | geverifieerd |', '|---|---|---|---|---|---|');
  for (const [type, p] of Object.entries(bundle.types)) {
    const drempels = Object.entries(p.drempels).map(([name, rule]) => `${name} ${rule!.waarde}${rule!.geverifieerd ? '' : ' (onbevestigd)'}`);
    out.push(`| ${type} | ${p.toegestaan.waarde ? 'ja' : 'nee'} | ${p.velden.persoon.join(', ')} | ${drempels.join('; ') || '—'} | ${p.toegestaan.bron} | ${verified(p.toegestaan.geverifieerd)} |`);
  }
  out.push('', '## Bewaartermijnen', '', '| gegeven | termijn | vanaf | bron | geverifieerd |', '|---|---|---|---|---|');
  for (const [kind, t] of Object.entries(bundle.termijnen)) {
    if (kind === 'perResultaat') continue;
    const rule = t as { duur: string; vanaf: string; bron: string; geverifieerd: boolean };
    out.push(`| ${kind} | ${rule.duur} | ${rule.vanaf} | ${rule.bron} | ${verified(rule.geverifieerd)} |`);
  }
  const t = bundle.terugmelding;
  out.push('', '## Terugmelding aan signaalpartners', '', 'DDAS beperkte terugkoppeling: een partner hoort over zijn eigen signalen alleen wat hier staat, nooit de reden van "niet opgepakt".',
    '', '| regel | waarde | bron | geverifieerd |', '|---|---|---|---|');
  for (const [status, rule] of Object.entries(t.statussen)) out.push(`| status "${status}" melden | ${rule.waarde ? 'ja' : 'nee'} | ${rule.bron} | ${verified(rule.geverifieerd)} |`);
  out.push(`| eindresultaten die "niet opgepakt" betekenen (reden nooit gemeld) | ${list(t.nietOpgepakt.resultaten)} | ${t.nietOpgepakt.bron} | ${verified(t.nietOpgepakt.geverifieerd)} |`);
  for (const [result, rule] of Object.entries(t.eindresultaten)) out.push(`| eindresultaat "${result}" melden | ja | ${rule!.bron} | ${verified(rule!.geverifieerd)} |`);
  out.push('', '## Aangesloten gemeenten', '', '| gemeentecode | naam | aanbodtermijn (werkdagen) | postcodes |', '|---|---|---|---|');
  for (const g of bundle.gemeenten) {
    out.push(`| ${g.gemeentecode} | ${g.naam} | ${g.aanbodtermijnWerkdagen} | ${g.postcodes.map((r) => `${r.van}–${r.tot}`).join(', ')} |`);
  }
  return out.join('\n') + '\n';
}
