/**
 * Preset dictionary for contact details, envelope version 2 (see envelope.ts): the JSON skeleton
 * intake encrypts (`{persoon, adres}` in the order the schema and partners write them) and
 * fragments common in Dutch names, streets, towns and e-mail addresses. Deflate then finds the
 * field names here instead of in each blob: the bench's details go from 239 bytes of JSON to 80
 * deflated (169 without the dictionary), a long Rotterdam name and address from 330 to 113.
 * Nothing in it is about a real person. NEVER EDIT: stored blobs of version 2 inflate only with
 * exactly these bytes; a better dictionary is a new envelope version next to this one.
 */
export const contactDictionaryV2 = Buffer.from(
  'straat weg laan plein kade gracht singel dijk hof pad park dreef steeg markt ' +
  'van der den de het ter ten van den van de van der ' +
  '@gmail.com @hotmail.com @outlook.com @live.nl @ziggo.nl @kpnmail.nl @icloud.com @yahoo.com ' +
  'Amsterdam Rotterdam Utrecht Eindhoven Groningen Tilburg Almere Breda Nijmegen Apeldoorn ' +
  // The skeleton with values that are forms, not data (no sample person, nothing of the examples).
  '{"persoon":{"voorletters":"","voorvoegsel":"","achternaam":"","geboortedatum":"19","telefoonnummer":"06","email":"","burgerservicenummer":"","klantnummer":""},' +
  '"adres":{"straatnaam":"","huisnummer":"","huisnummertoevoeging":"","postcode":"","plaatsnaam":""}}',
  'utf8',
);
