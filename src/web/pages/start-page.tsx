import { navigationFor } from '../layout/navigation.js';
import { PageLayout } from '../layout/page-layout.js';
import type { WerkplekUser } from '../layout/user.js';

export interface StartPageProps {
  user: WerkplekUser;
  csrfToken: string;
  stylesheets: readonly string[];
}

/** The first page after logging in: a welcome and where the person's roles let them go. */
export function StartPage({ user, csrfToken, stylesheets }: StartPageProps) {
  const items = navigationFor(user.roles);
  return (
    <PageLayout title="Start" stylesheets={stylesheets} session={{ user, csrfToken }} currentPath="/">
      <h1 class="utrecht-heading-1">
        Welkom, <span safe>{user.name}</span>
      </h1>
      {items.length > 0 ? (
        <p class="utrecht-paragraph">Kies in het menu waar u mee verder wilt.</p>
      ) : (
        <div class="utrecht-alert utrecht-alert--warning" role="status">
          <p class="utrecht-paragraph">
            Uw account heeft nog geen rol in de Werkplek. Vraag uw beheerder om u een rol te geven.
          </p>
        </div>
      )}
    </PageLayout>
  );
}
