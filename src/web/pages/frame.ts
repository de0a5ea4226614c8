import type { WerkplekUser } from '../layout/user.js';

/**
 * What every page's layout needs besides its content: the stylesheets and, with a session, the
 * person and the CSRF token for its forms. Spread it into <PageLayout {...frame}>.
 */
export interface PageFrame {
  stylesheets: readonly string[];
  /** Addresses of the served ES modules by file name (e.g. `bewijs.js`), for the few pages that load one. */
  modules: Readonly<Record<string, string>>;
  session: { user: WerkplekUser; csrfToken: string } | undefined;
}

/** The signed-in staff member as a page's handler acts for them (from the Redis session). */
export interface StaffMember {
  sub: string;
  gemeentecode: string;
  roles: string[];
}
