import type { RetentionReport } from '../../retention/report.js';
import { formatDateTime } from '../format.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PageFrame } from '../pages/frame.js';

type Kind = 'contactgegevens' | 'zaakfeiten' | 'signalenZonderZaak' | 'auditInhoud';

const kinds: Array<[Kind, string]> = [
  ['contactgegevens', 'Contactgegevens'],
  ['zaakfeiten', 'Zaakfeiten'],
  ['signalenZonderZaak', 'Signalen zonder zaak'],
  ['auditInhoud', 'Inhoud van auditrecords'],
];

const monthName = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', month: 'long', year: 'numeric' });

export interface BewaartermijnenPageProps {
  frame: PageFrame;
  report: RetentionReport;
  overdue: number;
  /** The term per kind from the policy, e.g. "P6M vanaf afsluiting zaak". */
  terms: Partial<Record<Kind, string>>;
}

/**
 * The retention report (what `vroegsignaal retention report` prints): per kind of data how much
 * expires in which month, what is overdue (should be nothing), when the sweeper last ran, and
 * which period keys were destroyed (crypto-shredding).
 */
export function BewaartermijnenPage({ frame, report, overdue, terms }: BewaartermijnenPageProps) {
  const months = [...new Set(kinds.flatMap(([k]) => Object.keys(report[k].perMaand)))].sort();
  return (
    <PageLayout title="Bewaartermijnen" currentPath="/bewaartermijnen" {...frame}>
      <h1 class="utrecht-heading-1">Bewaartermijnen</h1>
      {overdue === 0 ? (
        <div class="utrecht-alert utrecht-alert--ok">
          <p class="utrecht-paragraph">Niets is over zijn bewaartermijn: alles wat weg moest, is verwijderd.</p>
        </div>
      ) : (
        <div class="utrecht-alert utrecht-alert--warning">
          <p class="utrecht-paragraph" safe>
            {`${overdue} ${overdue === 1 ? 'gegeven is' : 'gegevens zijn'} over de bewaartermijn en nog niet verwijderd. De veger ruimt ze op bij zijn volgende ronde; blijft dit staan, waarschuw dan de beheerder.`}
          </p>
        </div>
      )}
      <p class="utrecht-paragraph">
        {report.laatsteVeger ? `Laatste veegronde: ${formatDateTime(report.laatsteVeger)}.` : 'De veger heeft nog geen ronde gedraaid.'}
      </p>

      <h2 class="utrecht-heading-2">Per soort gegeven</h2>
      <div class="werkplek-table-scroll" role="region" aria-label="Per soort gegeven" tabindex="0">
        <table class="utrecht-table utrecht-table--html-table">
          <caption class="utrecht-table__caption">Bewaartermijn en achterstand per soort gegeven</caption>
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="col">Soort gegeven</th>
              <th class="utrecht-table__header-cell" scope="col">Bewaartermijn</th>
              <th class="utrecht-table__header-cell" scope="col">Nog bewaard</th>
              <th class="utrecht-table__header-cell" scope="col">Achterstallig</th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {kinds.map(([kind, label]) => (
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="row" safe>
                  {label}
                </th>
                <td class="utrecht-table__cell" safe>
                  {terms[kind] ?? '—'}
                </td>
                <td class="utrecht-table__cell" safe>
                  {String(Object.values(report[kind].perMaand).reduce((a, b) => a + b, 0))}
                </td>
                <td class="utrecht-table__cell" safe>
                  {String(report[kind].achterstallig)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 class="utrecht-heading-2">Wat verloopt wanneer</h2>
      {months.length === 0 ? (
        <p class="utrecht-paragraph">Er is niets bewaard dat nog moet verlopen.</p>
      ) : (
        <div class="werkplek-table-scroll" role="region" aria-label="Wat verloopt wanneer" tabindex="0">
          <table class="utrecht-table utrecht-table--html-table">
            <caption class="utrecht-table__caption">Aantal gegevens dat per maand verloopt</caption>
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="col">Maand</th>
                {kinds.map(([, label]) => (
                  <th class="utrecht-table__header-cell" scope="col" safe>
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {months.map((month) => (
                <tr class="utrecht-table__row">
                  <th class="utrecht-table__header-cell" scope="row" safe>
                    {monthName.format(new Date(`${month}-01T00:00:00Z`))}
                  </th>
                  {kinds.map(([kind]) => (
                    <td class="utrecht-table__cell" safe>
                      {String(report[kind].perMaand[month] ?? 0)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 class="utrecht-heading-2">Vernietigde periodesleutels</h2>
      <p class="utrecht-paragraph">Met een periodesleutel worden ook alle gegevens die ermee versleuteld waren onleesbaar (crypto-shredding).</p>
      {report.vernietigdeSleutels.length === 0 ? (
        <p class="utrecht-paragraph">Er is nog geen periodesleutel vernietigd.</p>
      ) : (
        <table class="utrecht-table utrecht-table--html-table">
          <caption class="utrecht-table__caption">Vernietigde periodesleutels</caption>
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="col">Sleutel</th>
              <th class="utrecht-table__header-cell" scope="col">Vernietigd op</th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {report.vernietigdeSleutels.map((k) => (
              <tr class="utrecht-table__row">
                <td class="utrecht-table__cell" safe>
                  {k.sleutel}
                </td>
                <td class="utrecht-table__cell" safe>
                  {formatDateTime(k.op)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </PageLayout>
  );
}
