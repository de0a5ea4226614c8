import { storedContact, type EncryptedContact } from '../privacy/envelope.js';
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
  /**
   * Whom this signal is about: a combined case holds signals about several residents of one
   * address, and an access or erasure request concerns one of them only. Absent on signals
   * stored before it was recorded (see `signalPerson`).
   */
  persoonPseudonym?: string;
  /** When this signal's contact details were erased at the resident's request (AVG art. 17). */
  gewist?: string;
  /** A herhaalde melding that joined an open case: recorded, no new work. */
  herhaald?: boolean;
}

/**
 * A signal as its case's `signalen` JSON keeps it: a flag is written only when set (most signals
 * are neither crisis nor warm handover), so a case keeps fewer bytes. `caseSignals` reads it back.
 */
export function storedSignal(signal: CaseSignal): Partial<CaseSignal> {
  const { crisissignaal, warmeOverdracht, ...rest } = signal;
  return { ...rest, ...(crisissignaal ? { crisissignaal } : {}), ...(warmeOverdracht ? { warmeOverdracht } : {}) };
}

/** A case hash's signals, each with its flags (absent = false, see storedSignal). */
export function caseSignals(h: Record<string, string | undefined>): CaseSignal[] {
  return (JSON.parse(h.signalen ?? '[]') as Array<Partial<CaseSignal>>)
    .map((s) => ({ ...s, crisissignaal: s.crisissignaal === true, warmeOverdracht: s.warmeOverdracht === true }) as CaseSignal);
}

/**
 * The person a stored signal is about. A signal stored before signals named their person is
 * known only when it opened the case (the case's `persoonPseudonym` is its person); any later
 * one is nobody's, so an access request never shows it to the wrong resident.
 */
export function signalPerson(signal: CaseSignal, index: number, casePseudonym: string | undefined): string | undefined {
  return signal.persoonPseudonym ?? (index === 0 ? casePseudonym : undefined);
}

/**
 * Every person a case holds data about, by pseudonym: an action on the case is a processing of
 * each one's data, so each gets its own record (LDV: one data subject per record) and a
 * housemate's access request lists it too. `withContact`: only those whose contact details are
 * still stored (what a reveal shows).
 */
export function casePersons(h: Record<string, string>, options: { withContact?: boolean } = {}): string[] {
  const signals = caseSignals(h);
  const persons = new Set<string>();
  signals.forEach((s, i) => {
    const person = signalPerson(s, i, h.persoonPseudonym);
    if (person && (!options.withContact || h[`contact:${s.signaalId}`] !== undefined)) persons.add(person);
  });
  // Nobody found by signal (a case without its signal list): the case's own person, so an action is never left without a record.
  if (persons.size === 0 && h.persoonPseudonym) persons.add(h.persoonPseudonym);
  return [...persons];
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
  /**
   * The postcode area (PC4, four digits): the unit the policy bundle routes by and neighbourhood
   * teams divide the work by. An area of thousands of addresses, never the full postcode.
   */
  postcodegebied: string;
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
    // Written only when they say something: absent is not a crisis, and 'enkelvoudig'.
    ...(c.crisissignaal ? { crisissignaal: '1' } : {}),
    aanbodtermijn: c.aanbodtermijn,
    ...(c.combinatie === 'opeenvolgend' ? { combinatie: c.combinatie } : {}),
    pc4: c.postcodegebied,
    signalen: JSON.stringify(c.signalen.map(storedSignal)),
    ...Object.fromEntries(Object.entries(c.contact).map(([signaalId, blob]) => [`contact:${signaalId}`, storedContact(blob)])),
  };
}
