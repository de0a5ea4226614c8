import { PageLayout } from '../layout/page-layout.js';
import type { WerkplekUser } from '../layout/user.js';

export interface NotFoundPageProps {
  stylesheets: readonly string[];
  session?: { user: WerkplekUser; csrfToken: string } | undefined;
}

/** Any address the Werkplek does not know. It does not repeat the address: it may hold anything the visitor typed. */
export function NotFoundPage({ stylesheets, session }: NotFoundPageProps) {
  return (
    <PageLayout title="Pagina niet gevonden" stylesheets={stylesheets} session={session}>
      <h1 class="utrecht-heading-1">Pagina niet gevonden</h1>
      <p class="utrecht-paragraph">
        Deze pagina bestaat niet (meer). Controleer het adres, of ga naar de{' '}
        <a class="utrecht-link utrecht-link--html-a" href="/">
          startpagina
        </a>
        .
      </p>
    </PageLayout>
  );
}
