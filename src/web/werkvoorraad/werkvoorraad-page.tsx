import { csrfFieldName } from '../layout/session-bar.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PageFrame } from '../pages/frame.js';
import type { SignaalpartnerType } from '../../intake/schema.js';
import { CaseTable } from './case-table.js';
import { FilterForm } from './filter-form.js';
import { isFiltered, type FilterCounts, type WorklistFilter } from './filters.js';
import type { WorklistEntry } from './worklist.js';

export interface WerkvoorraadPageProps {
  frame: PageFrame;
  mine: WorklistEntry[];
  others: WorklistEntry[];
  /** All open and claimed cases before filtering (for "3 van 7"). */
  total: number;
  filter: WorklistFilter;
  counts: FilterCounts;
  partnerTypes: SignaalpartnerType[];
  /** Set after "Volgende zaak oppakken" found nothing to claim. */
  nothingToClaim: boolean;
}

const zaken = (n: number) => (n === 1 ? '1 zaak' : `${n} zaken`);

/** "Werkvoorraad": the municipality's open cases, the worker's own first, and the next one to pick up. */
export function WerkvoorraadPage(props: WerkvoorraadPageProps) {
  const shown = props.mine.length + props.others.length;
  return (
    <PageLayout title="Werkvoorraad" currentPath="/werkvoorraad" {...props.frame}>
      <div class="werkplek-werk">
        <h1 class="utrecht-heading-1">Werkvoorraad</h1>
        {props.nothingToClaim ? (
          <div class="utrecht-alert utrecht-alert--info" role="status">
            <p class="utrecht-paragraph">Er staat nu geen zaak klaar om op te pakken. Alle open zaken zijn al opgepakt of afgesloten.</p>
          </div>
        ) : (
          ''
        )}
        <form method="post" action="/werkvoorraad/oppakken" class="werkplek-claim">
          <input type="hidden" name={csrfFieldName} value={props.frame.session?.csrfToken ?? ''} />
          <button type="submit" class="utrecht-button utrecht-button--primary-action">
            Volgende zaak oppakken
          </button>
          <p class="utrecht-paragraph utrecht-paragraph--small">Crisissignalen eerst, daarna de zaak met de vroegste aanbodtermijn.</p>
        </form>

        <FilterForm filter={props.filter} counts={props.counts} partnerTypes={props.partnerTypes} />

        <p class="utrecht-paragraph" role="status" safe>
          {isFiltered(props.filter) ? `${zaken(shown)} van ${props.total} getoond.` : `${zaken(props.total)}.`}
        </p>

        <h2 class="utrecht-heading-2">Mijn zaken</h2>
        {props.mine.length > 0 ? (
          <CaseTable caption="Zaken die ik heb opgepakt" entries={props.mine} />
        ) : (
          <p class="utrecht-paragraph">U hebt geen zaken opgepakt{isFiltered(props.filter) ? ' die bij deze filters passen' : ''}.</p>
        )}

        <h2 class="utrecht-heading-2">Alle open zaken</h2>
        {props.others.length > 0 ? (
          <CaseTable caption="Open zaken van de gemeente, en zaken die een collega heeft opgepakt" entries={props.others} />
        ) : (
          <p class="utrecht-paragraph">Geen open zaken{isFiltered(props.filter) ? ' die bij deze filters passen' : ''}.</p>
        )}
      </div>
    </PageLayout>
  );
}
