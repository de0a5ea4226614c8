/**
 * Normalisation for matching, applied before anything is pseudonymised. Creditors spell the
 * same person and address differently (diacritics, prefixes, spacing, punctuation), and an
 * HMAC cannot be fuzzy-matched afterwards: every equivalence we want must be made here.
 * The rules are written up in docs/pseudonymisation.md — change both together, and know that
 * any change alters every pseudonym derived from then on.
 *
 * Outputs are match keys, never for display.
 */

/** Letters that NFKD does not decompose but that creditors' systems often write without. */
const letterFolds: Readonly<Record<string, string>> = {
  ß: 'ss', ı: 'i', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ħ: 'h',
};

/**
 * Surname prefixes (voorvoegsels) after the BRP Voorvoegseltabel (Tabel 36), as single tokens:
 * multi-word prefixes such as "van der" or "in 't" are sequences of these. Includes the common
 * abbreviations ("v.", "v.d.", "vd") because creditors' systems truncate prefixes.
 */
const surnamePrefixes: ReadonlySet<string> = new Set([
  'aan', 'af', 'al', 'am', 'auf', 'aus', 'ben', 'bij', 'bin', 'd', 'da', 'dal', 'dalla', 'das',
  'de', 'degli', 'dei', 'del', 'della', 'den', 'der', 'des', 'di', 'die', 'do', 'dos', 'du', 'el',
  'het', 'im', 'in', 'l', 'la', 'las', 'le', 'les', 'lo', 'los', 'onder', 'op', 'over', 's', 't',
  'te', 'ten', 'ter', 'thoe', 'toe', 'tot', 'uijt', 'uit', 'uyt', 'v', 'van', 'vande', 'vanden',
  'vander', 'vd', 'ver', 'vom', 'von', 'voor', 'zu', 'zum', 'zur',
]);

/**
 * Generic text key: NFKD and drop combining marks ("Ünal" → "unal"), fold the few letters NFKD
 * leaves alone ("ß" → "ss", "ø" → "o", Turkish "ı" → "i"), lowercase, every run of
 * non-letters/non-digits (spaces, `.`, `'`, `-`, `/`, `,`) becomes one space, trimmed.
 * Letters of any script are kept: erasing non-Latin names would make them all collide.
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßıæœøłđðþħ]/g, (c) => letterFolds[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Surname key: the geslachtsnaam without its voorvoegsel, spaces removed.
 *
 * The voorvoegsel is folded in first (so a prefix in its own field, inside `achternaam`, or both,
 * are the same input), then leading prefix tokens are dropped. Dropping rather than keeping them
 * is what makes the abbreviated and ambiguous forms match: "van Dijk", "Van  Dijk", "v. Dijk",
 * "v.d. Dijk", "van der Dijk", "Dijk, van" and plain "Dijk" all give "dijk". This mirrors the
 * BRP, which stores the voorvoegsel apart from the geslachtsnaam. At least one token is always
 * kept, so a surname that is itself a prefix word ("Van", "De") survives.
 *
 * Not folded, deliberately: ij/y ("Dijkstra"/"Dykstra" are distinct families), phonetic
 * variants, and maiden versus married names ("Jansen-de Vries" stays "jansendevries").
 */
export function normaliseSurname(voorvoegsel: string | undefined, achternaam: string): string {
  const tokens = normaliseText(`${voorvoegsel ?? ''} ${movePrefixAfterCommaToFront(achternaam)}`)
    .split(' ')
    .filter((t) => t.length > 0);
  let start = 0;
  while (start < tokens.length - 1 && surnamePrefixes.has(tokens[start]!)) start += 1;
  return tokens.slice(start).join('');
}

/** "Dijk, van der" (the sorted notation of many ledgers) → "van der Dijk"; other commas are left alone. */
function movePrefixAfterCommaToFront(achternaam: string): string {
  const comma = achternaam.indexOf(',');
  if (comma < 0) return achternaam;
  const head = achternaam.slice(0, comma);
  const tail = achternaam.slice(comma + 1);
  const tailTokens = normaliseText(tail).split(' ').filter((t) => t.length > 0);
  const tailIsPrefix = tailTokens.length > 0 && tailTokens.every((t) => surnamePrefixes.has(t));
  return tailIsPrefix ? `${tail} ${head}` : achternaam;
}

/** First letter of the voorletters ("A.B." and "A." both → "a"; absent → ""). Partners differ in how many they send. */
export function normaliseInitial(voorletters: string | undefined): string {
  const text = normaliseText(voorletters ?? '');
  return Array.from(text.replace(/ /g, ''))[0] ?? '';
}

/** "1234 ab" → "1234AB". Format is checked by the intake schema; this only removes spacing and case. */
export function normalisePostcode(postcode: string): string {
  return postcode.replace(/\s+/g, '').toUpperCase();
}

/** "007" → "7": a number, not a string, so leading zeros carry no meaning. */
export function normaliseHuisnummer(huisnummer: string): string {
  return huisnummer.trim().replace(/^0+(?=\d)/, '');
}

/**
 * " - a " → "A", "-1 hg" → "1HG", absent → "". The BAG keeps huisletter and toevoeging as bare
 * letters and digits; the separators creditors add ("12-A", "12 a", "12/A") carry no meaning.
 */
export function normaliseHuisnummertoevoeging(toevoeging: string | undefined): string {
  return normaliseText(toevoeging ?? '').replace(/ /g, '').toUpperCase();
}
