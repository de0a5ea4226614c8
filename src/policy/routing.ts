import type { PolicyBundle } from './bundle-schema.js';

// Dutch postcode: four digits (no leading zero), optional whitespace, two letters, any case.
const postcodePattern = /^\s*([1-9][0-9]{3})\s*[A-Za-z]{2}\s*$/;

/**
 * The municipality whose postcode range holds this postcode (by its four digits), if any.
 * Accepts "1234AB", "1234 ab" and the like; anything that is not a postcode routes nowhere.
 */
export function routePostcode(postcode: string, bundle: PolicyBundle): string | undefined {
  const digits = postcodePattern.exec(postcode)?.[1];
  if (digits === undefined) return undefined;
  const area = Number(digits);
  return bundle.gemeenten.find((g) => g.postcodes.some((r) => area >= r.van && area <= r.tot))?.gemeentecode;
}
