import { PageLayout } from '../layout/page-layout.js';
import type { PageFrame } from '../pages/frame.js';

const headings: Record<number, string> = {
  403: 'Dit mag alleen wie de zaak heeft opgepakt',
  409: 'Uw claim op deze zaak is verlopen',
};

const explanations: Record<number, string> = {
  403: 'Een collega heeft deze zaak opgepakt, of de zaak is niet (meer) van u. Er is niets gewijzigd en er zijn geen contactgegevens getoond.',
  409:
    'U hebt deze zaak te lang niet behandeld, daarom is hij teruggezet in de wachtrij. Er is niets vastgelegd. Pak de zaak opnieuw op met "Volgende zaak oppakken" als hij nog aan de beurt is.',
};

/** An action on a case that the service refused (403 not the claimant, 409 a lapsed claim), in plain Dutch, with the way back. */
export function RefusedPage({ frame, status, zaakId }: { frame: PageFrame; status: 403 | 409; zaakId: string }) {
  return (
    <PageLayout title={headings[status]!} currentPath="/werkvoorraad" {...frame}>
      <div class="werkplek-werk">
        <h1 class="utrecht-heading-1" safe>
          {headings[status]}
        </h1>
        <div class="utrecht-alert utrecht-alert--error" role="alert">
          <p class="utrecht-paragraph" safe>
            {explanations[status]}
          </p>
        </div>
        <ul class="utrecht-unordered-list">
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link utrecht-link--html-a" href={`/zaken/${zaakId}`}>
              Terug naar de zaak
            </a>
          </li>
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link utrecht-link--html-a" href="/werkvoorraad">
              Naar de werkvoorraad
            </a>
          </li>
        </ul>
      </div>
    </PageLayout>
  );
}
