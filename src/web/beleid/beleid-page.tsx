import type { PolicyBundle } from '../../policy/bundle-schema.js';
import { DataItem, DataList } from '../layout/data-list.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PageFrame } from '../pages/frame.js';

/** The outcome of "Beleid herladen", shown above the bundle. */
export type ReloadOutcome =
  | { ok: true; from: string; to: string }
  | { ok: false; reason: string; findings: string[] };

export interface BeleidPageProps {
  frame: PageFrame;
  bundle: PolicyBundle;
  revision: string;
  /** Whether this person may reload the bundle (beheerder). */
  mayReload: boolean;
  reload?: ReloadOutcome | undefined;
}

interface Rule {
  regel: string;
  waarde: string;
  bron: string;
  geverifieerd: boolean;
}

const inspanningNames: Record<string, string> = {
  aanmaningVerstuurd: 'aanmaning verstuurd',
  persoonlijkContactGezocht: 'persoonlijk contact gezocht',
  gewezenOpSchuldhulp: 'gewezen op schuldhulp',
};

const thresholdNames: Record<string, string> = {
  minimaleDagenAchterstand: 'Minimaal dagen achterstand',
  maximaleDagenAchterstand: 'Maximaal dagen achterstand',
  meerDanMaandenAchterstand: 'Meer dan maanden achterstand',
  minimaalBedrag: 'Minimaal bedrag (euro)',
  maximaalBedrag: 'Maximaal bedrag (euro)',
};

const retentionNames: Record<string, string> = {
  contactgegevens: 'Contactgegevens',
  zaakfeiten: 'Zaakfeiten',
  auditInhoud: 'Inhoud van auditrecords',
  auditBladeren: 'Bladhashes van het auditlog',
};

function partnerRules(policy: PolicyBundle['types'][keyof PolicyBundle['types']]): Rule[] {
  const rules: Rule[] = [
    { regel: 'Mag signaleren', waarde: policy.toegestaan.waarde ? 'ja' : 'nee', bron: policy.toegestaan.bron, geverifieerd: policy.toegestaan.geverifieerd },
    { regel: 'Velden', waarde: [...policy.velden.persoon, ...policy.velden.adres].join(', '), bron: policy.velden.bron, geverifieerd: policy.velden.geverifieerd },
  ];
  for (const [name, rule] of Object.entries(policy.drempels)) {
    if (rule) rules.push({ regel: thresholdNames[name] ?? name, waarde: String(rule.waarde), bron: rule.bron, geverifieerd: rule.geverifieerd });
  }
  rules.push({ regel: 'Vereiste inspanningen', waarde: policy.inspanningen.vereist.map((i) => inspanningNames[i] ?? i).join(', ') || 'geen', bron: policy.inspanningen.bron, geverifieerd: policy.inspanningen.geverifieerd });
  return rules;
}

function retentionRules(bundle: PolicyBundle): Rule[] {
  const { perResultaat, ...kinds } = bundle.termijnen;
  const rules: Rule[] = Object.entries(kinds).map(([kind, t]) => ({ regel: retentionNames[kind] ?? kind, waarde: `${t.duur}, vanaf ${t.vanaf}`, bron: t.bron, geverifieerd: t.geverifieerd }));
  for (const [result, t] of Object.entries(perResultaat)) {
    if (t) rules.push({ regel: `Contactgegevens bij "${result}"`, waarde: `${t.duur}, vanaf ${t.vanaf}`, bron: t.bron, geverifieerd: t.geverifieerd });
  }
  const c = bundle.rapportage.clientvelden;
  rules.push({ regel: 'Cliëntvelden in de DDAS-monitor', waarde: c.waarde.join(', '), bron: c.bron, geverifieerd: c.geverifieerd });
  return rules;
}

/** policies/terugmelding.yaml: what a partner learns of its own signals (DDAS restricted feedback). */
export function feedbackRules(bundle: PolicyBundle): Rule[] {
  const t = bundle.terugmelding;
  const rules: Rule[] = Object.entries(t.statussen).map(([status, r]) => ({ regel: `Status "${status}" melden`, waarde: r.waarde ? 'ja' : 'nee', bron: r.bron, geverifieerd: r.geverifieerd }));
  rules.push({ regel: 'Eindresultaten die "niet opgepakt" betekenen (reden nooit gemeld)', waarde: t.nietOpgepakt.resultaten.join(', '), bron: t.nietOpgepakt.bron, geverifieerd: t.nietOpgepakt.geverifieerd });
  for (const [result, r] of Object.entries(t.eindresultaten)) {
    if (r) rules.push({ regel: `Eindresultaat "${result}" melden`, waarde: 'ja', bron: r.bron, geverifieerd: r.geverifieerd });
  }
  return rules;
}

function VerifiedBadge({ verified }: { verified: boolean }) {
  return verified ? (
    <span class="utrecht-status-badge utrecht-status-badge--valid">geverifieerd</span>
  ) : (
    <span class="utrecht-status-badge utrecht-status-badge--warning">nog te bevestigen</span>
  );
}

function RulesTable({ caption, rules }: { caption: string; rules: Rule[] }) {
  return (
    <div class="werkplek-table-scroll" role="region" aria-label={caption} tabindex="0">
      <table class="utrecht-table utrecht-table--html-table">
        <caption class="utrecht-table__caption" safe>
          {caption}
        </caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">Regel</th>
            <th class="utrecht-table__header-cell" scope="col">Waarde</th>
            <th class="utrecht-table__header-cell" scope="col">Bron</th>
            <th class="utrecht-table__header-cell" scope="col">Geverifieerd</th>
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {rules.map((r) => (
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="row" safe>
                {r.regel}
              </th>
              <td class="utrecht-table__cell" safe>
                {r.waarde}
              </td>
              <td class="utrecht-table__cell" safe>
                {r.bron}
              </td>
              <td class="utrecht-table__cell">
                <VerifiedBadge verified={r.geverifieerd} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Outcome({ reload }: { reload: ReloadOutcome }) {
  if (reload.ok) {
    return (
      <div class="utrecht-alert utrecht-alert--ok" role="status">
        <p class="utrecht-paragraph" safe>
          {reload.from === reload.to ? `Beleid herladen: ongewijzigd (revisie ${reload.to}).` : `Beleid herladen: revisie ${reload.from} is vervangen door ${reload.to}.`}
        </p>
      </div>
    );
  }
  return (
    <div class="utrecht-alert utrecht-alert--error" role="alert">
      <p class="utrecht-paragraph" safe>
        {reload.reason}
      </p>
      {reload.findings.length > 0 ? (
        <ul class="utrecht-unordered-list">
          {reload.findings.map((f) => (
            <li class="utrecht-unordered-list__item" safe>
              {f}
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
    </div>
  );
}

/**
 * The policy the gateway enforces, as the privacy officer reads it: the register of processing
 * activities (AVG art. 30), every rule with its legal source and whether that source is verified,
 * and the bundle's revision. A beheerder can reload it (what SIGHUP and `POST /v1/beleid/_herladen` do).
 */
export function BeleidPage({ frame, bundle, revision, mayReload, reload }: BeleidPageProps) {
  return (
    <PageLayout title="Beleid" currentPath="/beleid" {...frame}>
      <h1 class="utrecht-heading-1">Beleid</h1>
      {reload ? <Outcome reload={reload} /> : ''}
      <p class="utrecht-paragraph">
        Dit is het beleid dat de gateway nu toepast. Revisie:{' '}
        <code class="utrecht-code werkplek-break" safe>
          {revision}
        </code>
      </p>
      {mayReload ? (
        <form method="post" action="/beleid/herladen" class="werkplek-form">
          <input type="hidden" name="_csrf" value={frame.session?.csrfToken ?? ''} />
          <p class="utrecht-paragraph">Herlaad het beleid na een wijziging in de beleidsmap. Een ongeldig beleid wordt geweigerd; dan blijft het huidige gelden.</p>
          <button type="submit" class="utrecht-button utrecht-button--primary-action">
            Beleid herladen
          </button>
        </form>
      ) : (
        ''
      )}

      <h2 class="utrecht-heading-2">Register van verwerkingsactiviteiten</h2>
      {bundle.activiteiten.map((a) => (
        <section aria-labelledby={`activiteit-${a.id.replace(/[^a-z0-9]+/gi, '-')}`}>
          <h3 class="utrecht-heading-3" id={`activiteit-${a.id.replace(/[^a-z0-9]+/gi, '-')}`} safe>
            {a.naam}
          </h3>
          <DataList>
            {(
              [
                ['Id', a.id],
                ['Doel', a.doel.trim()],
                ['Grondslag', a.grondslag.join('; ')],
                ['Betrokkenen', a.betrokkenen.join('; ')],
                ['Categorieën van gegevens', a.categorieen.join('; ')],
                ['Ontvangers', a.ontvangers.join('; ')],
                ['Bewaartermijn', a.bewaartermijn],
                ['Versie', `${a.versie}, geldig vanaf ${a.geldigVanaf}`],
              ] as Array<[string, string]>
            ).map(([term, value]) => (
              <DataItem term={term} value={value} />
            ))}
          </DataList>
        </section>
      ))}

      <h2 class="utrecht-heading-2">Regels per signaalpartner</h2>
      {Object.entries(bundle.types).map(([type, policy]) => (
        <RulesTable caption={`Signaalpartner ${type}`} rules={partnerRules(policy)} />
      ))}

      <h2 class="utrecht-heading-2">Bewaartermijnen en rapportage</h2>
      <RulesTable caption="Bewaartermijnen en rapportage" rules={retentionRules(bundle)} />

      <h2 class="utrecht-heading-2">Terugmelding aan signaalpartners</h2>
      <RulesTable caption="Terugmelding aan signaalpartners" rules={feedbackRules(bundle)} />

      <h2 class="utrecht-heading-2">Aangesloten gemeenten</h2>
      <div class="werkplek-table-scroll" role="region" aria-label="Aangesloten gemeenten" tabindex="0">
        <table class="utrecht-table utrecht-table--html-table">
          <caption class="utrecht-table__caption">Aangesloten gemeenten</caption>
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="col">Gemeentecode</th>
              <th class="utrecht-table__header-cell" scope="col">Naam</th>
              <th class="utrecht-table__header-cell" scope="col">Aanbodtermijn (werkdagen)</th>
              <th class="utrecht-table__header-cell" scope="col">Postcodes</th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {bundle.gemeenten.map((g) => (
              <tr class="utrecht-table__row">
                <td class="utrecht-table__cell" safe>
                  {g.gemeentecode}
                </td>
                <td class="utrecht-table__cell" safe>
                  {g.naam}
                </td>
                <td class="utrecht-table__cell" safe>
                  {String(g.aanbodtermijnWerkdagen)}
                </td>
                <td class="utrecht-table__cell" safe>
                  {g.postcodes.map((r) => `${r.van}–${r.tot}`).join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </PageLayout>
  );
}
