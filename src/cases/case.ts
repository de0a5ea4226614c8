import type { EncryptedContact } from '../privacy/envelope.js';
import type { SignaalpartnerType } from '../intake/schema.js';

/** What a case remembers of each signal: pseudonymous facts only (DDAS vroegsignaal minus client). */
export interface CaseSignal {
  signaalId: string;
  partnerType: SignaalpartnerType;
  partnerOin: string;
  bedrag: number;
  signaaldatum: string;
  ontstaansdatum: string;
  crisissignaal: boolean;
  warmeOverdracht: boolean;
  /** A herhaalde melding that joined an open case: recorded, no new work. */
  herhaald?: boolean;
}

export type CaseStatus = 'open' | 'opgepakt' | 'afgesloten';

export interface NewCase {
  zaakId: string;
  gemeentecode: string;
  adresPseudonym: string;
  persoonPseudonym: string;
  aangemaakt: string;
  status: CaseStatus;
  crisissignaal: boolean;
  /** Offer deadline (Dutch calendar date): the municipality's term, or 3 working days in a crisis. */
  aanbodtermijn: string;
  /** DDAS: how this case came about (enkelvoudig, opeenvolgend); meervoudig once a signal joins. */
  combinatie: 'enkelvoudig' | 'opeenvolgend';
  signalen: CaseSignal[];
  /** Contact details per signal, each under its own data key. */
  contact: Record<string, EncryptedContact>;
}

/** Redis hash fields of a case: flat strings, nested values as JSON. */
export function caseToHash(c: NewCase): Record<string, string> {
  return {
    zaakId: c.zaakId,
    gemeentecode: c.gemeentecode,
    adresPseudonym: c.adresPseudonym,
    persoonPseudonym: c.persoonPseudonym,
    aangemaakt: c.aangemaakt,
    status: c.status,
    crisissignaal: c.crisissignaal ? '1' : '0',
    aanbodtermijn: c.aanbodtermijn,
    combinatie: c.combinatie,
    signalen: JSON.stringify(c.signalen),
    ...Object.fromEntries(Object.entries(c.contact).map(([signaalId, blob]) => [`contact:${signaalId}`, JSON.stringify(blob)])),
  };
}
