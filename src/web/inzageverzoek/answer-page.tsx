import type { AccessAnswer } from '../../residents/access-request.js';
import { RecordsTable } from '../auditlog/records-table.js';
import { identityFields, type IdentityForm } from '../forms/identity.js';
import { formatDate, formatDateTime } from '../format.js';
import { DataItem, DataList } from '../layout/data-list.js';
import { PageLayout } from '../layout/page-layout.js';
import type { PageFrame } from '../pages/frame.js';

const fieldLabels: Record<string, string> = {
  voorletters: 'Voorletters', voorvoegsel: 'Tussenvoegsel', achternaam: 'Achternaam', geboortedatum: 'Geboortedatum',
  telefoonnummer: 'Telefoonnummer', email: 'E-mailadres', burgerservicenummer: 'Burgerservicenummer', klantnummer: 'Klantnummer',
  straatnaam: 'Straat', huisnummer: 'Huisnummer', huisnummertoevoeging: 'Toevoeging', postcode: 'Postcode', plaatsnaam: 'Plaats',
};

const statusLabels: Record<string, string> = { open: 'open', opgepakt: 'in behandeling', afgesloten: 'afgesloten', gewist: 'gewist op verzoek' };

function Details({ title, values }: { title: string; values: unknown }) {
  const entries = Object.entries((values ?? {}) as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return (
    <>
      <h4 class="utrecht-heading-4" safe>
        {title}
      </h4>
      <DataList>
        {entries.map(([key, value]) => (
          <DataItem term={fieldLabels[key] ?? key} value={String(value)} />
        ))}
      </DataList>
    </>
  );
}

export interface AnswerPageProps {
  frame: PageFrame;
  answer: AccessAnswer;
  /** The identity as typed: only for the download form's hidden fields (a POST body again). */
  identity: IdentityForm;
  answeredAt: Date;
  activityNames: ReadonlyMap<string, string>;
}

/**
 * The answer to an access request, made to be printed (werkplek.css hides navigation, buttons and
 * forms on paper) or downloaded as JSON through a POST form — the identity never enters a URL.
 */
export function AnswerPage({ frame, answer, identity, answeredAt, activityNames }: AnswerPageProps) {
  return (
    <PageLayout title="Antwoord op inzageverzoek" currentPath="/inzageverzoek" {...frame}>
      <h1 class="utrecht-heading-1">Antwoord op inzageverzoek</h1>
      <p class="utrecht-paragraph" safe>
        {`Opgesteld op ${formatDateTime(answeredAt.toISOString())}. Dit overzicht toont welke gegevens over de inwoner zijn vastgelegd en welke verwerkingen ermee zijn gedaan (AVG artikel 15).`}
      </p>
      <div class="werkplek-print-hidden werkplek-answer-actions">
        <p class="utrecht-paragraph">Afdrukken kan met de afdrukfunctie van uw browser (Ctrl+P); menu en knoppen komen niet op papier.</p>
        <form method="post" action="/inzageverzoek/download">
          <input type="hidden" name="_csrf" value={frame.session?.csrfToken ?? ''} />
          {identityFields.map((name) => (identity[name] ? <input type="hidden" name={name} value={identity[name]} /> : ''))}
          <button type="submit" class="utrecht-button utrecht-button--secondary-action">
            Antwoord downloaden (JSON)
          </button>
        </form>
        <p class="utrecht-paragraph">
          <a class="utrecht-link utrecht-link--html-a" href="/inzageverzoek">
            Nieuw inzageverzoek
          </a>
        </p>
      </div>

      <h2 class="utrecht-heading-2">Zaken</h2>
      {answer.zaken.length === 0 ? <p class="utrecht-paragraph">Over deze inwoner zijn geen zaken gevonden.</p> : ''}
      {answer.zaken.map((zaak) => (
        <section class="werkplek-answer-case" aria-labelledby={`zaak-${zaak.zaakId}`}>
          <h3 class="utrecht-heading-3" id={`zaak-${zaak.zaakId}`} safe>
            {`Zaak ${zaak.zaakId}`}
          </h3>
          <DataList>
            <DataItem term="Gemeente" value={zaak.gemeentecode} />
            <DataItem term="Status" value={statusLabels[zaak.status ?? ''] ?? zaak.status ?? '—'} />
            <DataItem term="Contactgegevens bewaard tot" value={zaak.bewaardTot ? formatDate(zaak.bewaardTot) : '—'} />
          </DataList>
          {zaak.contactgegevens.map((contact, i) => (
            <>
              <Details title={`Persoonsgegevens (signaal ${i + 1})`} values={(contact as { persoon?: unknown }).persoon} />
              <Details title={`Adres (signaal ${i + 1})`} values={(contact as { adres?: unknown }).adres} />
            </>
          ))}
          <table class="utrecht-table utrecht-table--html-table">
            <caption class="utrecht-table__caption" safe>
              {`Signalen in zaak ${zaak.zaakId}`}
            </caption>
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="col">Signaalpartner</th>
                <th class="utrecht-table__header-cell" scope="col">Bedrag (euro)</th>
                <th class="utrecht-table__header-cell" scope="col">Achterstand sinds</th>
                <th class="utrecht-table__header-cell" scope="col">Signaaldatum</th>
                <th class="utrecht-table__header-cell" scope="col">Crisis</th>
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {zaak.signalen.map((s) => (
                <tr class="utrecht-table__row">
                  <td class="utrecht-table__cell">
                    {s.partnerType}
                  </td>
                  <td class="utrecht-table__cell" safe>
                    {String(s.bedrag)}
                  </td>
                  <td class="utrecht-table__cell" safe>
                    {formatDate(s.ontstaansdatum)}
                  </td>
                  <td class="utrecht-table__cell" safe>
                    {formatDate(s.signaaldatum)}
                  </td>
                  <td class="utrecht-table__cell">
                    {s.crisissignaal ? 'ja' : 'nee'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}

      <h2 class="utrecht-heading-2">Verwerkingen</h2>
      <div class="werkplek-answer">
        <RecordsTable records={answer.verwerkingen} caption="Verwerkingen van de gegevens van de inwoner" activityNames={activityNames} />
      </div>
    </PageLayout>
  );
}
