import { PageLayout } from '../layout/page-layout.js';
import type { PageFrame } from '../pages/frame.js';
import { BarChart } from './bar-chart.js';
import { monthName } from './months.js';
import { nowTableIds, type FigureTable } from './tables.js';

const isNow = (table: FigureTable) => (nowTableIds as readonly string[]).includes(table.id);

export interface SturingPageProps {
  frame: PageFrame;
  gemeente: string;
  maand: string;
  months: string[];
  /** The tables of the chosen month, then those of now. */
  monthTables: FigureTable[];
  nowTables: FigureTable[];
}

function MonthForm({ maand, months }: { maand: string; months: string[] }) {
  return (
    <form class="werkplek-month-form" method="get" action="/sturing">
      <div class="utrecht-form-field utrecht-form-field--select">
        <div class="utrecht-form-field__label">
          <label class="utrecht-form-label" for="maand">Maand</label>
        </div>
        <div class="utrecht-form-field__input">
          <select class="utrecht-select utrecht-select--html-select" id="maand" name="maand">
            {months.map((m) => (
              <option value={m} selected={m === maand} safe>{monthName(m)}</option>
            ))}
          </select>
        </div>
      </div>
      <button class="utrecht-button utrecht-button--secondary-action" type="submit">Toon maand</button>
    </form>
  );
}

/** One table with its chart above it and its CSV download below it. */
function FigureSection({ table, maand }: { table: FigureTable; maand: string }) {
  const headingId = `${table.id}-kop`;
  const csvHref = `/sturing/${table.id}.csv${isNow(table) ? '' : `?maand=${maand}`}`;
  return (
    <section class="werkplek-figures" aria-labelledby={headingId}>
      <h3 class="utrecht-heading-3" id={headingId} safe>{table.title}</h3>
      <p class="utrecht-paragraph" safe>{table.description}</p>
      {table.rows.length === 0 ? (
        <p class="utrecht-paragraph" safe>{table.empty}</p>
      ) : (
        <>
          <BarChart id={`grafiek-${table.id}`} chart={table.chart} description={table.description} />
          <div class="utrecht-table-container utrecht-table-container--overflow-inline">
            <table class="utrecht-table utrecht-table--html-table">
              <caption class="utrecht-table__caption" safe>{table.title}</caption>
              <thead class="utrecht-table__header">
                <tr class="utrecht-table__row">
                  {table.columns.map((c) => (
                    <th class="utrecht-table__header-cell" scope="col" safe>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody class="utrecht-table__body">
                {table.rows.map(([first, ...rest]) => (
                  <tr class="utrecht-table__row">
                    <th class="utrecht-table__header-cell" scope="row" safe>{first ?? ''}</th>
                    {rest.map((v) => (
                      <td class="utrecht-table__cell utrecht-table__cell--numeric" safe>{v}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="utrecht-paragraph">
            <a class="utrecht-link utrecht-link--html-a" href={csvHref} download="" safe>{`Download ${table.title.toLowerCase()} (CSV)`}</a>
          </p>
        </>
      )}
    </section>
  );
}

/** The team lead's figures of their municipality: a chosen month, and the workload of now. Never a case or a person. */
export function SturingPage({ frame, gemeente, maand, months, monthTables, nowTables }: SturingPageProps) {
  return (
    <PageLayout title={`Sturing ${monthName(maand)}`} currentPath="/sturing" {...frame}>
      <h1 class="utrecht-heading-1">Sturing</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead" safe>
        {`Cijfers van de gemeente ${gemeente}. Alleen aantallen: geen namen, adressen of contactgegevens.`}
      </p>
      <MonthForm maand={maand} months={months} />
      <h2 class="utrecht-heading-2" safe>{`Cijfers van ${monthName(maand)}`}</h2>
      <p class="utrecht-paragraph">
        Elke gebeurtenis telt in de maand waarin ze plaatsvond: een signaal in de maand van ontvangst, het oppakken, het eerste contact en het afsluiten in hun eigen maand.
      </p>
      {monthTables.map((table) => <FigureSection table={table} maand={maand} />)}
      <h2 class="utrecht-heading-2">Nu</h2>
      {nowTables.map((table) => <FigureSection table={table} maand={maand} />)}
    </PageLayout>
  );
}
