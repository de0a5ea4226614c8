import { DeadlineBadges, statusLabel } from './badges.js';
import { formatDate, formatEuro } from './format.js';
import type { WorklistEntry } from './worklist.js';

/** A short, unique enough name for a case in a list: the random end of its id (the start is a timestamp). */
export const caseReference = (zaakId: string) => zaakId.slice(-8);

/** A list of cases: one row each, the link to its Zaak page first. */
export function CaseTable({ caption, entries }: { caption: string; entries: WorklistEntry[] }) {
  return (
    <div class="utrecht-table-container utrecht-table-container--overflow-inline">
      <table class="utrecht-table utrecht-table--html-table">
        <caption class="utrecht-table__caption" safe>
          {caption}
        </caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">Zaak</th>
            <th class="utrecht-table__header-cell" scope="col">Signaalpartners</th>
            <th class="utrecht-table__header-cell" scope="col">Gebied</th>
            <th class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column" scope="col">Totaalbedrag</th>
            <th class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column" scope="col">Dagen achterstand</th>
            <th class="utrecht-table__header-cell" scope="col">Aanbodtermijn</th>
            <th class="utrecht-table__header-cell" scope="col">Status</th>
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {entries.map((e) => (
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="row">
                <a class="utrecht-link utrecht-link--html-a" href={`/zaken/${e.view.zaakId}`} safe>
                  {`Zaak ${caseReference(e.view.zaakId)}`}
                </a>
              </th>
              <td class="utrecht-table__cell" safe>
                {e.partnerTypes.join(', ')}
              </td>
              <td class="utrecht-table__cell" safe>
                {e.postcodegebied || '–'}
              </td>
              <td class="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data" safe>
                {formatEuro(e.totalAmount)}
              </td>
              <td class="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data" safe>
                {String(e.daysInArrears)}
              </td>
              <td class="utrecht-table__cell">
                <span safe>{formatDate(e.view.aanbodtermijn)}</span>
                <DeadlineBadges badges={e.badges} />
              </td>
              <td class="utrecht-table__cell" safe>
                {statusLabel(e.view)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
