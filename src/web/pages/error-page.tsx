import { PageLayout } from '../layout/page-layout.js';
import type { PageFrame } from './frame.js';

export interface ErrorPageProps {
  frame: PageFrame;
  status: number;
  /** A sentence for the person, from the error catalogue's detail: never internals or personal data. */
  detail: string;
}

const headings: Record<number, string> = {
  400: 'Dit formulier is niet goed ingevuld',
  403: 'Geen toegang',
  404: 'Niet gevonden',
  409: 'Dit kan nu niet meer',
  429: 'Even wachten',
  503: 'Tijdelijk niet beschikbaar',
};

/** A failed page request, in plain Dutch, with a way back. 5xx says only that something went wrong. */
export function ErrorPage({ frame, status, detail }: ErrorPageProps) {
  const heading = headings[status] ?? 'Er ging iets mis';
  const text = status >= 500 && status !== 503 ? 'Er ging iets mis aan onze kant. Probeer het later opnieuw.' : detail;
  return (
    <PageLayout title={heading} {...frame}>
      <h1 class="utrecht-heading-1" safe>
        {heading}
      </h1>
      <div class="utrecht-alert utrecht-alert--error" role="alert">
        <p class="utrecht-paragraph" safe>
          {text}
        </p>
      </div>
      <p class="utrecht-paragraph">
        <a class="utrecht-link utrecht-link--html-a" href="/">
          Naar de startpagina
        </a>
      </p>
    </PageLayout>
  );
}
