/** The signed-in person as the pages need them: a name to greet and roles to build the navigation from. */
export interface WerkplekUser {
  /** Display name from the IdP (or a pseudonymous id when it gives none). */
  name: string;
  roles: readonly string[];
}
