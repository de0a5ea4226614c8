import type { FoundRecord } from '../../audit/query.js';
import { summarise } from './record-summary.js';

/** Records in log order; each number opens the record (and its proof check). */
export function RecordsTable({ records, caption, activityNames }: { records: FoundRecord[]; caption: string; activityNames: ReadonlyMap<string, string> }) {
  if (records.length === 0) {
    return <p class="utrecht-paragraph">Geen records gevonden.</p>;
  }
  return (
    <div class="werkplek-table-scroll" role="region" aria-label={caption} tabindex="0">
      <table class="utrecht-table utrecht-table--html-table">
        <caption class="utrecht-table__caption" safe>
          {caption}
        </caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">Nr.</th>
            <th class="utrecht-table__header-cell" scope="col">Tijd</th>
            <th class="utrecht-table__header-cell" scope="col">Soort</th>
            <th class="utrecht-table__header-cell" scope="col">Wat</th>
            <th class="utrecht-table__header-cell" scope="col">Verwerkingsactiviteit</th>
            <th class="utrecht-table__header-cell" scope="col">Uitkomst</th>
            <th class="utrecht-table__header-cell" scope="col">Gemeente</th>
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {records.map(summarise).map((s) => (
            <tr class="utrecht-table__row">
              <td class="utrecht-table__cell">
                <a class="utrecht-link utrecht-link--html-a" href={`/auditlog/records/${s.index}`} aria-label={`Record ${s.index}`} safe>
                  {String(s.index)}
                </a>
              </td>
              <td class="utrecht-table__cell">
                {s.tijdIso ? (
                  <time datetime={s.tijdIso} safe>
                    {s.tijd}
                  </time>
                ) : (
                  '—'
                )}
              </td>
              <td class="utrecht-table__cell" safe>
                {s.soort}
              </td>
              <td class="utrecht-table__cell" safe>
                {s.wat}
              </td>
              <td class="utrecht-table__cell">
                {s.activiteit ? (activityNames.get(s.activiteit) ?? s.activiteit) : '—'}
              </td>
              <td class="utrecht-table__cell" safe>
                {s.uitkomst}
              </td>
              <td class="utrecht-table__cell" safe>
                {s.gemeente}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
