/**
 * The one catalogue of error codes. Every problem+json the gateway sends comes from here, so
 * partners can program against `code` (stable) rather than `title` or `detail` (prose).
 */
export const problemCatalogue = {
  // 400 — invalid input: always listed as errors[] all at once
  'ongeldige-invoer': { status: 400, title: 'De invoer is ongeldig' },
  'ongeldige-json': { status: 400, title: 'De body is geen geldige JSON' },
  'beleid-geweigerd': { status: 400, title: 'Het signaal voldoet niet aan het beleid' },
  'onbekende-postcode': { status: 400, title: 'De postcode hoort bij geen aangesloten gemeente' },
  'beleid-ongeldig': { status: 400, title: 'De beleidsbundel is ongeldig; de vorige blijft gelden' },
  // 401 — who is calling, and can we trust what they sent
  'certificaat-ontbreekt': { status: 401, title: 'Geen geldig TLS-clientcertificaat' },
  'partner-onbekend': { status: 401, title: 'Het certificaat hoort bij geen geregistreerde signaalpartner' },
  'certificaat-onbekend': { status: 401, title: 'Dit TLS-clientcertificaat is niet geregistreerd voor deze signaalpartner' },
  'digest-ongeldig': { status: 401, title: 'Digest ontbreekt of klopt niet met de body' },
  'handtekening-ontbreekt': { status: 401, title: 'Payload-Signature ontbreekt of komt meer dan eens voor' },
  'handtekening-ongeldig': { status: 401, title: 'De handtekening is ongeldig' },
  'handtekening-verlopen': { status: 401, title: 'sigT ligt buiten het toegestane tijdvenster' },
  'sleutel-onbekend': { status: 401, title: 'De ondertekeningssleutel is niet geregistreerd voor deze signaalpartner' },
  'token-ongeldig': { status: 401, title: 'Geen geldig bearer-token' },
  'afnemer-onbekend': { status: 401, title: 'Het certificaat hoort bij geen geregistreerde afnemer' },
  // The DDAS pull API's token failures answer FSC-compatibly (DDAS-VS.yaml, FSC Core 1.0.0): the
  // body's `code` and the `Fsc-Error-Code` header carry `fsc`, the body has `domain` too.
  'fsc-token-ontbreekt': { status: 401, title: 'Geen access token', fsc: 'ERROR_CODE_ACCESS_TOKEN_MISSING' },
  'fsc-token-ongeldig': { status: 401, title: 'Ongeldige access token', fsc: 'ERROR_CODE_ACCESS_TOKEN_INVALID' },
  'fsc-token-verlopen': { status: 401, title: 'Verlopen access token', fsc: 'ERROR_CODE_ACCESS_TOKEN_EXPIRED' },
  // 403 — known caller, not allowed
  'partnertype-niet-toegestaan': { status: 403, title: 'De signaalpartner mag dit type signaal niet afgeven' },
  'gemeente-niet-aangesloten': { status: 403, title: 'De gemeente neemt geen signalen van deze signaalpartner af' },
  'geen-toegang': { status: 403, title: 'Geen toegang tot deze bewerking' },
  'gemeente-onbekend': { status: 403, title: 'De gemeente in het token is niet aangesloten bij deze gateway' },
  'fsc-geen-toegang': { status: 403, title: 'Geen toegang met deze access token', fsc: 'ERROR_CODE_WRONG_GROUP_ID_IN_TOKEN' },
  // 404 / 405 / 406 / 408 / 409 / 413 / 415 / 429 / 431
  'niet-gevonden': { status: 404, title: 'Niet gevonden' },
  'fsc-dienst-onbekend': { status: 404, title: 'Deze dienst bestaat niet', fsc: 'ERROR_CODE_SERVICE_NOT_FOUND' },
  'fsc-methode-niet-ondersteund': { status: 405, title: 'Methode niet ondersteund', fsc: 'ERROR_CODE_METHOD_UNSUPPORTED' },
  'methode-niet-toegestaan': { status: 405, title: 'Methode niet toegestaan' },
  'niet-acceptabel': { status: 406, title: 'Het gevraagde mediatype wordt niet geleverd' },
  'verzoek-verlopen': { status: 408, title: 'Het verzoek kwam niet op tijd binnen' },
  'conflict-idempotentie': { status: 409, title: 'Dit id is al ontvangen met een andere inhoud' },
  'claim-verlopen': { status: 409, title: 'De claim op deze zaak is verlopen; de zaak staat weer in de wachtrij' },
  'te-groot': { status: 413, title: 'De body is te groot' },
  // 422 only where an external specification prescribes it (DDAS-VS.yaml); our own API answers 400.
  'levering-niet-mogelijk': { status: 422, title: 'Deze levering kan niet worden samengesteld (periode, organisatie of paginagrootte)' },
  'pagina-bestaat-niet': { status: 422, title: 'Deze pagina bestaat niet' },
  'mediatype-niet-ondersteund': { status: 415, title: 'Content-Type wordt niet ondersteund' },
  'te-veel-verzoeken': { status: 429, title: 'Te veel verzoeken' },
  'headers-te-groot': { status: 431, title: 'De headers zijn te groot' },
  // 5xx — never with internals
  'interne-fout': { status: 500, title: 'Interne fout' },
  'tijdelijk-niet-beschikbaar': { status: 503, title: 'De dienst is tijdelijk niet beschikbaar' },
  // REDIS_MIN_REPLICAS: the write reached the primary, but too few replicas confirmed it in time.
  'replicas-niet-bevestigd': { status: 503, title: "Mogelijk opgeslagen, maar nog niet door genoeg replica's bevestigd; herhaal het verzoek met hetzelfde id" },
} as const satisfies Record<string, { status: number; title: string; fsc?: string }>;

export type ProblemCode = keyof typeof problemCatalogue;

/** The FSC error code of a catalogue entry that has one (DDAS pull API token and access failures). */
export function fscCode(code: ProblemCode): string | undefined {
  const entry = problemCatalogue[code];
  return 'fsc' in entry ? entry.fsc : undefined;
}

/** URI of a problem type, as RFC 9457 `type`. A URN: resolvable docs are a later concern. */
export function problemType(code: ProblemCode): string {
  return `urn:vroegsignaal:probleem:${code}`;
}
