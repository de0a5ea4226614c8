/**
 * Preset dictionary for contact details, envelope version 2 (see envelope.ts): the JSON skeleton
 * intake encrypts (`{persoon, adres}` in the order the schema and partners write them) and
 * fragments common in Dutch names, streets, towns and e-mail addresses. Deflate then finds the
 * field names here instead of in each blob: a typical blob shrinks from ~280 to ~150 bytes.
 * Nothing in it is about a real person. NEVER EDIT: stored blobs of version 2 inflate only with
 * exactly these bytes; a better dictionary is a new envelope version next to this one.
 */
export const contactDictionaryV2 = Buffer.from(
  'straat weg laan plein kade gracht singel dijk hof pad park dreef steeg markt ' +
  'van der den de het ter ten van den van de van der ' +
  '@gmail.com @hotmail.com @outlook.com @live.nl @ziggo.nl @kpnmail.nl @icloud.com @yahoo.com @example.nl ' +
  'Amsterdam Rotterdam Utrecht Eindhoven Groningen Tilburg Almere Breda Nijmegen Apeldoorn ' +
  '{"persoon":{"voorletters":"A.","voorvoegsel":"van","achternaam":"Jansen","geboortedatum":"1985-06-15","telefoonnummer":"06123","email":"a.jansen@example.nl","burgerservicenummer":"1","klantnummer":"1"},' +
  '"adres":{"straatnaam":"Dorpsstraat","huisnummer":"10","huisnummertoevoeging":"A","postcode":"1234AB","plaatsnaam":"Voorbeeldstad"}}',
  'utf8',
);
