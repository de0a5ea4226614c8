/** DDAS enumerations (reference/ddas, schema v0.9) used when working a case. */
export const contactsoorten = ['Mail', 'Brief', 'SMS/Whatsapp', 'Telefoon', 'Huisbezoek', 'Kaartje', 'Overige', 'Administratief'] as const;
export const dagdelen = ['Ochtend', 'Middag', 'Avond'] as const;

/** What a partner sees of its own signal; the mapping from end results lives in policies/terugmelding.yaml. */
export type { PartnerStatus } from '../policy/bundle-schema.js';
