import type { ContactDetails } from '../../cases/worker-service.js';
import { DataItem, DataList } from '../layout/data-list.js';

function Facts({ items }: { items: Array<[string, string]> }) {
  return (
    <DataList>
      {items.map(([term, value]) => (
        <DataItem term={term} value={value} />
      ))}
    </DataList>
  );
}

const personLabels: Array<[string, string]> = [
  ['voorletters', 'Voorletters'], ['voorvoegsel', 'Voorvoegsel'], ['achternaam', 'Achternaam'], ['geboortedatum', 'Geboortedatum'],
  ['telefoonnummer', 'Telefoonnummer'], ['email', 'E-mailadres'], ['burgerservicenummer', 'Burgerservicenummer'], ['klantnummer', 'Klantnummer bij de partner'],
];
const addressLabels: Array<[string, string]> = [
  ['straatnaam', 'Straat'], ['huisnummer', 'Huisnummer'], ['huisnummertoevoeging', 'Toevoeging'], ['postcode', 'Postcode'], ['plaatsnaam', 'Plaats'],
];

/** The fields a partner sent, labelled; a field the policy allows that we have no label for keeps its own name. */
function rows(values: unknown, labels: Array<[string, string]>): Array<[string, string]> {
  const record = (values && typeof values === 'object' ? values : {}) as Record<string, unknown>;
  const known = new Set(labels.map(([key]) => key));
  return [
    ...labels.filter(([key]) => typeof record[key] === 'string' && record[key] !== '').map(([key, label]): [string, string] => [label, record[key] as string]),
    ...Object.entries(record).filter(([key, v]) => !known.has(key) && typeof v === 'string').map(([key, v]): [string, string] => [key, v as string]),
  ];
}

/**
 * The decrypted contact details: only in the answer to the POST that recorded their viewing,
 * never in an address, a title or a stored page (the answer is no-store).
 */
export function ContactDetailsSection({ details }: { details: ContactDetails }) {
  const older = details.eerdereSignalen ?? [];
  return (
    <section class="werkplek-contact" aria-labelledby="contactgegevens-kop">
      <h2 class="utrecht-heading-2" id="contactgegevens-kop">
        Contactgegevens
      </h2>
      <div class="utrecht-alert utrecht-alert--info" role="status">
        <p class="utrecht-paragraph">Uw inzage is vastgelegd in het auditlog.</p>
      </div>
      <h3 class="utrecht-heading-3">Persoon</h3>
      <Facts items={rows(details.persoon, personLabels)} />
      <h3 class="utrecht-heading-3">Adres</h3>
      <Facts items={rows(details.adres, addressLabels)} />
      {older.map((signal, i) => (
        <>
          <h3 class="utrecht-heading-3" safe>{`Uit een eerder signaal (${i + 1})`}</h3>
          <Facts items={[...rows(signal.persoon, personLabels), ...rows(signal.adres, addressLabels)]} />
        </>
      ))}
    </section>
  );
}
