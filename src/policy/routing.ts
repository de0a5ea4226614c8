import type { PolicyBundle } from './bundle-schema.js';

// Dutch postcode: four digits (no leading zero), optional whitespace, two letters, any case.
const postcodePattern = /^\s*([1-9][0-9]{3})\s*[A-Za-z]{2}\s*$/;

/** The four digits of a postcode (its PC4 area); '' for anything that is not a postcode. */
export function postcodeArea(postcode: string): string {
  return postcodePattern.exec(postcode)?.[1] ?? '';
}

/**
 * The municipality whose postcode range holds this postcode (by its four digits), if any.
 * Accepts "1234AB", "1234 ab" and the like; anything that is not a postcode routes nowhere.
 */
export function routePostcode(postcode: string, bundle: PolicyBundle): string | undefined {
  const digits = postcodeArea(postcode);
  if (digits === '') return undefined;
  const area = Number(digits);
  return bundle.gemeenten.find((g) => g.postcodes.some((r) => area >= r.van && area <= r.tot))?.gemeentecode;
}
