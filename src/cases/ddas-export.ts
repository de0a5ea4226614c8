import type { Redis } from 'ioredis';
import type { PolicyBundle } from '../policy/bundle-schema.js';
import { eindresultaten } from '../policy/bundle-schema.js';
import { decryptContactDetails, parseStoredContact } from '../privacy/envelope.js';
import type { MunicipalKeystore } from '../privacy/keystore.js';
import { caseKeys, intakeKeys } from '../redis/keys.js';
import { caseSignals } from './case.js';

/** DDAS EnumSignaalstatus values an end result can be reported as (the rest: picked up). */
const statusFromResult = new Set<string>(['Niet opgepakt: onterecht signaal', 'Inwoner is overleden', 'Persoon is geen inwoner (meer) in de gemeente', 'Niet opgepakt: herhaalde melding', 'Niet opgepakt: andere reden']);

const clientFieldSource: Record<string, (c: { persoon: Record<string, string>; adres: Record<string, string> }) => string | undefined> = {
  Burgerservicenummer: (c) => c.persoon.burgerservicenummer,
  Voorletters: (c) => c.persoon.voorletters,
  Voorvoegsel: (c) => c.persoon.voorvoegsel,
  Achternaam: (c) => c.persoon.achternaam,
  Geboortedatum: (c) => c.persoon.geboortedatum,
  Straatnaam: (c) => c.adres.straatnaam,
  Postcode: (c) => c.adres.postcode,
  Huisnummer: (c) => c.adres.huisnummer,
  Huisnummertoevoeging: (c) => c.adres.huisnummertoevoeging,
  Plaatsnaam: (c) => c.adres.plaatsnaam,
};

export interface DdasExportInput {
  redis: Redis;
  bundle: PolicyBundle;
  keystore: MunicipalKeystore;
  gemeentecode: string;
  /** YYYY-MM */
  maand: string;
  now: Date;
}

function monthBounds(maand: string): { start: string; end: string; from: number; to: number } {
  const [y, m] = maand.split('-').map(Number) as [number, number];
  const from = Date.UTC(y, m - 1, 1);
  const to = Date.UTC(y, m, 1);
  return { start: new Date(from).toISOString().slice(0, 10), end: new Date(to - 86_400_000).toISOString().slice(0, 10), from, to };
}

/**
 * The monthly delivery to the DDAS monitor for one municipality: the month's signals with their
 * status and the cases they belong to. Client fields are only those the bundle allows for
 * reporting, decrypted one signal at a time while the delivery is built, never stored.
 */
export async function buildDdasDelivery(input: DdasExportInput): Promise<Record<string, unknown>> {
  const { start, end, from, to } = monthBounds(input.maand);
  const municipality = input.bundle.gemeenten.find((g) => g.gemeentecode === input.gemeentecode);
  if (!municipality) throw new Error(`gemeente ${input.gemeentecode} staat niet in het beleid`);
  const allowed = input.bundle.rapportage.clientvelden.waarde;
  const signaalIds = await input.redis.zrangebyscore(intakeKeys.byMunicipality(input.gemeentecode), from, `(${to}`);
  const vroegsignalen: Array<Record<string, unknown>> = [];
  const cases = new Map<string, Record<string, string>>();
  for (const signaalId of signaalIds) {
    const s = await input.redis.hgetall(intakeKeys.signal(signaalId));
    const zaak = s.zaakId ? (cases.get(s.zaakId) ?? (await input.redis.hgetall(caseKeys.case(s.zaakId)))) : {};
    if (s.zaakId) cases.set(s.zaakId, zaak);
    const entry = caseSignals(zaak).find((e) => e.signaalId === signaalId);
    const blob = zaak[`contact:${signaalId}`];
    const client: Record<string, string> = {};
    if (blob) {
      const contact = decryptContactDetails(parseStoredContact(blob), (id) => input.keystore.kekById(input.gemeentecode, id), signaalId) as { persoon: Record<string, string>; adres: Record<string, string> };
      for (const field of allowed) {
        const value = clientFieldSource[field]!(contact);
        if (value !== undefined) client[field] = value;
      }
    }
    // A repeat is 'Niet opgepakt: herhaalde melding' (signals stored before issue 14 say so in ddasStatus).
    const status = s.combinatie === 'herhaald' || s.ddasStatus === 'Niet opgepakt: herhaalde melding' ? 'Niet opgepakt: herhaalde melding'
      : zaak.eindresultaat && statusFromResult.has(zaak.eindresultaat) ? zaak.eindresultaat
      : zaak.datumOpgepakt ? undefined : 'Nog niet opgepakt';
    vroegsignalen.push({
      ID: signaalId,
      ...(entry ? { crisissignaal: entry.crisissignaal, warmeOverdracht: entry.warmeOverdracht, bedrag: entry.bedrag, ontstaansdatum: entry.ontstaansdatum, signaaldatum: entry.signaaldatum } : {}),
      ...(status ? { status } : {}),
      signaalpartner: { type: s.partnerType },
      client,
    });
  }
  const vroegsignaalzaken = [...cases.values()].filter((z) => z.zaakId).map((z) => {
    const inMonth = (JSON.parse(z.signalen ?? '[]') as Array<{ signaalId: string }>).filter((e) => signaalIds.includes(e.signaalId));
    return {
      ...(z.eindresultaat && (eindresultaten as readonly string[]).includes(z.eindresultaat) ? { resultaat: z.eindresultaat } : {}),
      matchingsdatum: z.aangemaakt!.slice(0, 10),
      startdatum_matchtingperiode: start,
      ...(z.datumOpgepakt ? { datum_opgepakt: z.datumOpgepakt.slice(0, 10) } : {}),
      einddatum_matchingperiode: end,
      vroegsignalen: inMonth.map((e) => ({ ID: e.signaalId })),
      contactpogingen: JSON.parse(z.contactpogingen ?? '[]'),
    };
  }).filter((z) => z.vroegsignalen.length > 0);
  return {
    codeGegevensleverancier: input.bundle.rapportage.codeGegevensleverancier,
    startdatumLevering: start,
    einddatumLevering: end,
    aanleverdatumEnTijd: input.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    leveringen: [{
      teller: 1,
      gemeentecode: input.gemeentecode,
      aanleverende_organisatie: { naam: `Gemeente ${municipality.naam}` },
      vroegsignalen,
      vroegsignaalzaken,
    }],
  };
}
