import type { Role } from '../../auth/claims.js';

/**
 * Which Werkplek sections a role may open. The navigation shows only these, so nobody is shown
 * a link that would answer 403; the routes themselves still check the role (a hidden link is
 * no access control).
 */
/** Every role but a data consumer's (cbs), which never signs in to the Werkplek. */
export type WerkplekRole = Exclude<Role, 'cbs'>;

export interface NavItem {
  /** The accessible name, as tests and screen-reader users find it. */
  label: string;
  href: string;
}

const items = {
  werkvoorraad: { label: 'Werkvoorraad', href: '/werkvoorraad' },
  auditlog: { label: 'Auditlog', href: '/auditlog' },
  beleid: { label: 'Beleid', href: '/beleid' },
  bewaartermijnen: { label: 'Bewaartermijnen', href: '/bewaartermijnen' },
  inzageverzoek: { label: 'Inzageverzoek', href: '/inzageverzoek' },
  sturing: { label: 'Sturing', href: '/sturing' },
} satisfies Record<string, NavItem>;

const byRole: Record<WerkplekRole, NavItem[]> = {
  schuldhulpverlener: [items.werkvoorraad],
  'privacy-officer': [items.auditlog, items.beleid, items.bewaartermijnen, items.inzageverzoek],
  teamleider: [items.sturing],
  beheerder: [items.beleid],
};

function isWerkplekRole(role: string): role is WerkplekRole {
  return Object.hasOwn(byRole, role);
}

/** The items for all of a person's roles, each once, in the order of the first role that has it. Unknown roles add nothing. */
export function navigationFor(roles: readonly string[]): NavItem[] {
  const seen = new Set<string>();
  const result: NavItem[] = [];
  for (const role of roles) {
    if (!isWerkplekRole(role)) continue;
    for (const item of byRole[role]) {
      if (seen.has(item.href)) continue;
      seen.add(item.href);
      result.push(item);
    }
  }
  return result;
}
