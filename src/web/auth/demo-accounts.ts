/**
 * The accounts of the embedded development IdP. Not personal data: invented names, and the
 * passwords are shown on the login page on purpose (development only).
 */
export interface DemoAccount {
  sub: string;
  name: string;
  gemeentecode: string;
  roles: string[];
  /** What the login page says this account is for. */
  description: string;
  password: string;
}

/** One debt-relief worker per demo municipality of policies/gemeenten.yaml. */
const workers: Array<[string, string]> = [
  ['0363', 'Amsterdam'],
  ['0518', "'s-Gravenhage"],
  ['0599', 'Rotterdam'],
  ['0344', 'Utrecht'],
  ['1696', 'Wijdemeren'],
];

export const demoAccounts: DemoAccount[] = [
  ...workers.map(([code, town]) => ({
    sub: `shv-${code}`,
    name: `Schuldhulpverlener ${town}`,
    gemeentecode: code,
    roles: ['schuldhulpverlener'],
    description: `Schuldhulpverlener van de gemeente ${town} (${code})`,
    password: `demo-${code}`,
  })),
  // A colleague in the same municipality: a claimed case's contact details are for its claimant only.
  {
    sub: 'shv-1696-b', name: 'Tweede schuldhulpverlener Wijdemeren', gemeentecode: '1696', roles: ['schuldhulpverlener'],
    description: 'Tweede schuldhulpverlener van de gemeente Wijdemeren (1696): een collega', password: 'demo-1696-b',
  },
  { sub: 'fg', name: 'Privacy-officer', gemeentecode: '0000', roles: ['privacy-officer'], description: 'Privacy-officer (FG) voor de hele gateway', password: 'demo-fg' },
  { sub: 'teamleider-1696', name: 'Teamleider Wijdemeren', gemeentecode: '1696', roles: ['teamleider'], description: 'Teamleider van de gemeente Wijdemeren (1696): ziet cijfers, geen persoonsgegevens', password: 'demo-teamleider' },
  { sub: 'beheerder', name: 'Beheerder', gemeentecode: '0000', roles: ['beheerder'], description: 'Beheerder van de gateway', password: 'demo-beheerder' },
];

export function findDemoAccount(sub: string): DemoAccount | undefined {
  return demoAccounts.find((a) => a.sub === sub);
}

/** Lines for the start output: where to log in, and with what. */
export function demoAccountLines(werkplekUrl: string): string[] {
  return [
    `Werkplek: ${werkplekUrl} — demo-accounts (ontwikkel-IdP):`,
    ...demoAccounts.map((a) => `  ${a.sub.padEnd(16)} wachtwoord ${a.password.padEnd(16)} ${a.description}`),
  ];
}
