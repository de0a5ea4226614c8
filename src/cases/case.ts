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
  signalen: CaseSignal[];
  contact: EncryptedContact;
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
    signalen: JSON.stringify(c.signalen),
    contact: JSON.stringify(c.contact),
  };
}
