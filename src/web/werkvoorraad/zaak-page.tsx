import type { ContactDetails } from '../../cases/worker-service.js';
import { DataItem, DataList } from '../layout/data-list.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PageFrame } from '../pages/frame.js';
import { DeadlineBadges, statusLabel } from './badges.js';
import type { CaseDetails } from './case-details.js';
import { AttemptForm, CloseForm, ReleaseForm, RevealForm, type FormState } from './case-forms.js';
import { caseReference } from './case-table.js';
import { ContactDetailsSection } from './contact-details.js';
import { formatDate, formatEuro, formatMoment } from './format.js';

/** What a finished action says on the page it returns to (`?gedaan=`): no personal data, only what happened. */
export const confirmations = {
  opgepakt: 'U hebt deze zaak opgepakt.',
  contactpoging: 'De contactpoging is vastgelegd.',
  afgesloten: 'De zaak is afgesloten.',
  vrijgegeven: 'De zaak is vrijgegeven en staat weer in de wachtrij.',
} as const;
export type Confirmation = keyof typeof confirmations;

export interface ZaakPageProps {
  frame: PageFrame;
  details: CaseDetails;
  today: string;
  done?: Confirmation | undefined;
  contact?: ContactDetails | undefined;
  attemptForm?: FormState | undefined;
  closeForm?: FormState | undefined;
}

/** "Zaak": one case's signals, deadlines and attempts; for its claimant the actions on it. */
export function ZaakPage(props: ZaakPageProps) {
  const { details, frame } = props;
  const { view } = details;
  const csrf = frame.session?.csrfToken ?? '';
  const invalid = (props.attemptForm?.errors.length ?? 0) + (props.closeForm?.errors.length ?? 0) > 0;
  return (
    <PageLayout title={invalid ? 'Fout in formulier – Zaak' : 'Zaak'} currentPath="/werkvoorraad" {...frame}>
      <div class="werkplek-werk">
        <p class="utrecht-paragraph">
          <a class="utrecht-link utrecht-link--html-a" href="/werkvoorraad">
            Terug naar de werkvoorraad
          </a>
        </p>
        <h1 class="utrecht-heading-1" safe>{`Zaak ${caseReference(view.zaakId)}`}</h1>
        {props.done ? (
          <div class="utrecht-alert utrecht-alert--ok" role="status">
            <p class="utrecht-paragraph">
              {confirmations[props.done]}
            </p>
          </div>
        ) : (
          ''
        )}

        <DataList>
          <DataItem term="Status">
            <span safe>{statusLabel(view)}</span>
          </DataItem>
          {details.postcodegebied ? (
            <DataItem term="Postcodegebied">
              <span safe>{details.postcodegebied}</span>
            </DataItem>
          ) : (
            ''
          )}
          <DataItem term="Aanbodtermijn">
            <>
              <span safe>{formatDate(view.aanbodtermijn)}</span>
              <DeadlineBadges badges={details.badges} />
            </>
          </DataItem>
          {details.leaseEnd ? (
            <DataItem term="Claim loopt tot">
              <span safe>{formatMoment(details.leaseEnd)}</span>
            </DataItem>
          ) : (
            ''
          )}
          <DataItem term="Totaalbedrag">
            <span safe>{formatEuro(details.totalAmount)}</span>
          </DataItem>
          <DataItem term="Achterstand sinds">
            <span safe>{`${formatDate(details.arrearsSince)} (${details.daysInArrears} dagen)`}</span>
          </DataItem>
          {details.followsEarlierCase ? <DataItem term="Eerdere zaak">Volgt op een zaak op dit adres die in het afgelopen halfjaar werd afgesloten</DataItem> : ''}
          {view.eindresultaat ? (
            <DataItem term="Eindresultaat">
              <span>{view.eindresultaat}</span>
            </DataItem>
          ) : (
            ''
          )}
        </DataList>

        <h2 class="utrecht-heading-2">Signalen</h2>
        <div class="utrecht-table-container utrecht-table-container--overflow-inline">
          <table class="utrecht-table utrecht-table--html-table">
            <caption class="utrecht-table__caption">Signalen in deze zaak, oudste eerst</caption>
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="col">Signaalpartner</th>
                <th class="utrecht-table__header-cell utrecht-table__header-cell--numeric-column" scope="col">Bedrag</th>
                <th class="utrecht-table__header-cell" scope="col">Achterstand sinds</th>
                <th class="utrecht-table__header-cell" scope="col">Signaaldatum</th>
                <th class="utrecht-table__header-cell" scope="col">Soort</th>
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {view.signalen.map((s) => (
                <tr class="utrecht-table__row">
                  <th class="utrecht-table__header-cell" scope="row">
                    <span>{s.signaalpartner}</span>
                    {s.crisissignaal ? <DeadlineBadges badges={['crisis']} /> : ''}
                  </th>
                  <td class="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data" safe>
                    {formatEuro(s.bedrag)}
                  </td>
                  <td class="utrecht-table__cell" safe>
                    {formatDate(s.ontstaansdatum)}
                  </td>
                  <td class="utrecht-table__cell" safe>
                    {formatDate(s.signaaldatum)}
                  </td>
                  <td class="utrecht-table__cell">
                    {details.signalKinds[s.signaalId] ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        {props.contact ? (
          <ContactDetailsSection details={props.contact} />
        ) : view.opgepaktDoorMij ? (
          <section aria-labelledby="contactgegevens-kop">
            <h2 class="utrecht-heading-2" id="contactgegevens-kop">
              Contactgegevens
            </h2>
            <RevealForm zaakId={view.zaakId} csrf={csrf} />
          </section>
        ) : (
          ''
        )}

        <h2 class="utrecht-heading-2">Contactpogingen</h2>
        {view.contactpogingen.length > 0 ? (
          <div class="utrecht-table-container utrecht-table-container--overflow-inline">
            <table class="utrecht-table utrecht-table--html-table">
              <caption class="utrecht-table__caption">Contactpogingen, in de volgorde waarin ze zijn vastgelegd</caption>
              <thead class="utrecht-table__header">
                <tr class="utrecht-table__row">
                  <th class="utrecht-table__header-cell" scope="col">Datum</th>
                  <th class="utrecht-table__header-cell" scope="col">Dagdeel</th>
                  <th class="utrecht-table__header-cell" scope="col">Soort</th>
                  <th class="utrecht-table__header-cell" scope="col">Bereikt</th>
                </tr>
              </thead>
              <tbody class="utrecht-table__body">
                {view.contactpogingen.map((a) => (
                  <tr class="utrecht-table__row">
                    <td class="utrecht-table__cell" safe>
                      {formatDate(a.datum)}
                    </td>
                    <td class="utrecht-table__cell">
                      {a.dagdeel}
                    </td>
                    <td class="utrecht-table__cell">
                      {a.soort}
                    </td>
                    <td class="utrecht-table__cell">
                      {a.bereikt ? 'Ja' : 'Nee'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="utrecht-paragraph">Nog geen contactpogingen.</p>
        )}

        {view.opgepaktDoorMij ? (
          <>
            <AttemptForm zaakId={view.zaakId} csrf={csrf} today={props.today} state={props.attemptForm} />
            <CloseForm zaakId={view.zaakId} csrf={csrf} state={props.closeForm} />
            <ReleaseForm zaakId={view.zaakId} csrf={csrf} />
          </>
        ) : (
          <NotMine status={view.status} />
        )}
      </div>
    </PageLayout>
  );
}

/** Why there is nothing to do here, and where to go instead. */
function NotMine({ status }: { status: string }) {
  const text =
    status === 'opgepakt'
      ? 'Een collega heeft deze zaak opgepakt. Alleen die collega kan de contactgegevens zien en de zaak behandelen.'
      : status === 'open'
        ? 'Deze zaak staat in de wachtrij. Met "Volgende zaak oppakken" op de werkvoorraad krijgt u de zaak die het eerst aan de beurt is.'
        : 'Deze zaak is afgesloten.';
  return (
    <div class="utrecht-alert utrecht-alert--info">
      <p class="utrecht-paragraph">
        {text}
      </p>
    </div>
  );
}
