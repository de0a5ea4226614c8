import type { FoundRecord } from '../../audit/query.js';
import { IdentityFields } from '../forms/identity-fields.js';
import type { IdentityField, IdentityForm } from '../forms/identity.js';
import { TextField } from '../forms/text-field.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PageFrame } from '../pages/frame.js';
import { filterHref, type FilterField, type FilterValues } from './filters.js';
import { RecordsTable } from './records-table.js';

export interface AuditlogPageProps {
  frame: PageFrame;
  activities: ReadonlyArray<{ id: string; naam: string }>;
  partners: ReadonlyArray<{ oin: string; naam: string }>;
  filters: FilterValues;
  filterErrors?: Partial<Record<FilterField, string>>;
  /** The filtered page, or the person search's answer. */
  result?:
    | { kind: 'filter'; records: FoundRecord[]; volgende: string | null; cursor?: string | undefined }
    | { kind: 'persoon'; records: FoundRecord[]; pseudoniemen: number };
  identity?: { values: IdentityForm; errors: Partial<Record<IdentityField, string>> };
}

function Select({ id, name, label, value, options, error }: { id: string; name: string; label: string; value: string | undefined; options: Array<[string, string]>; error?: string | undefined }) {
  return (
    <div class={`utrecht-form-field utrecht-form-field--select${error ? ' utrecht-form-field--invalid' : ''}`}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={id} safe>
          {label}
        </label>
      </div>
      {error ? (
        <div class="utrecht-form-field__error-message utrecht-form-field-error-message" id={`${id}-fout`} safe>
          {error}
        </div>
      ) : (
        ''
      )}
      <div class="utrecht-form-field__input">
        <select class="utrecht-select utrecht-select--html-select" id={id} name={name} aria-describedby={error ? `${id}-fout` : undefined} aria-invalid={error ? 'true' : undefined}>
          <option value="">Alle</option>
          {options.map(([v, text]) => (
            <option value={v} selected={v === value} safe>
              {text}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/**
 * The privacy officer's view of the audit log: filters (a GET form: nothing personal), the
 * records a page at a time, and a search by person (a POST form: the identity never enters a URL).
 */
export function AuditlogPage(props: AuditlogPageProps) {
  const { frame, filters, filterErrors = {}, result } = props;
  const activityNames = new Map(props.activities.map((a) => [a.id, a.naam]));
  const csrf = frame.session?.csrfToken ?? '';
  return (
    <PageLayout title="Auditlog" currentPath="/auditlog" {...frame}>
      <h1 class="utrecht-heading-1">Auditlog</h1>
      <p class="utrecht-paragraph">
        Elke verwerking en elk besluit staat hier, in de volgorde van het log. Open een record om in uw eigen browser te controleren dat het in het
        ondertekende log staat.
      </p>

      <section aria-labelledby="filters-kop">
        <h2 class="utrecht-heading-2" id="filters-kop">
          Filteren
        </h2>
        <form method="get" action="/auditlog" class="werkplek-form werkplek-filters">
          <TextField id="filter-van" name="van" label="Vanaf datum" type="date" value={filters.van} error={filterErrors.van} />
          <TextField id="filter-tot" name="tot" label="Tot en met datum" type="date" value={filters.tot} error={filterErrors.tot} />
          <Select id="filter-activiteit" name="activiteit" label="Verwerkingsactiviteit" value={filters.activiteit} options={props.activities.map((a) => [a.id, a.naam])} error={filterErrors.activiteit} />
          <Select id="filter-besluit" name="besluit" label="Besluit" value={filters.besluit} options={[['allow', 'Toegestaan'], ['deny', 'Geweigerd']]} error={filterErrors.besluit} />
          <TextField id="filter-reden" name="reden" label="Reden (code)" value={filters.reden} error={filterErrors.reden} description="Bijvoorbeeld drempel-niet-gehaald." />
          <Select id="filter-partner" name="partner" label="Signaalpartner" value={filters.partner} options={props.partners.map((p) => [p.oin, p.naam])} error={filterErrors.partner} />
          <div class="utrecht-button-group">
            <button type="submit" class="utrecht-button utrecht-button--primary-action">
              Filter toepassen
            </button>
            <a class="utrecht-link utrecht-link--html-a" href="/auditlog">
              Filters wissen
            </a>
          </div>
        </form>
      </section>

      <section aria-labelledby="persoon-kop">
        <h2 class="utrecht-heading-2" id="persoon-kop">
          Zoeken op persoon
        </h2>
        <p class="utrecht-paragraph">
          Vul de gegevens van de inwoner in. Ze gaan niet in het webadres en worden niet bewaard; de zoekvraag zelf komt als verwerking in het log.
        </p>
        <form method="post" action="/auditlog/zoeken" class="werkplek-form" autocomplete="off">
          <input type="hidden" name="_csrf" value={csrf} />
          <IdentityFields idPrefix="persoon" values={props.identity?.values} errors={props.identity?.errors} />
          <button type="submit" class="utrecht-button utrecht-button--primary-action">
            Zoeken op persoon
          </button>
        </form>
      </section>

      <section aria-labelledby="records-kop">
        <h2 class="utrecht-heading-2" id="records-kop">
          Records
        </h2>
        {result?.kind === 'persoon' ? (
          <>
            <p class="utrecht-paragraph" role="status" safe>
              {`${result.records.length} records over deze persoon gevonden.`}
            </p>
            <RecordsTable records={result.records} caption="Records over deze persoon" activityNames={activityNames} />
          </>
        ) : result?.kind === 'filter' ? (
          <>
            <RecordsTable records={result.records} caption="Records in logvolgorde" activityNames={activityNames} />
            <nav class="werkplek-pager" aria-label="Pagina's">
              {result.cursor ? (
                <a class="utrecht-link utrecht-link--html-a" href={filterHref(filters)}>
                  Eerste pagina
                </a>
              ) : (
                ''
              )}
              {result.volgende ? (
                <a class="utrecht-link utrecht-link--html-a" href={filterHref(filters, result.volgende)} rel="next">
                  Volgende pagina
                </a>
              ) : (
                ''
              )}
            </nav>
          </>
        ) : (
          <p class="utrecht-paragraph">Pas de filters aan om records te zien.</p>
        )}
      </section>
    </PageLayout>
  );
}
