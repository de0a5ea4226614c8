import { caseSignals, type CaseSignal } from '../cases/case.js';
import { dutchDate } from '../outreach/calendar.js';
import type { DdasClientField } from '../policy/bundle-schema.js';
import { clientOf, contactAttempt, deliveryTimestamp, resultV12, signalStatus, type ContactDetails } from './model.js';
import type { Period } from './period.js';

/**
 * The DDAS v1.2 delivery (Uitwisselmodel) of a period for a set of municipalities, one page at a
 * time, written as JSON text in pieces: no object tree of the whole page is ever built, contact
 * details are decrypted one signal at a time while its piece is written, and what is kept while
 * a page is written is ids and each case's few pseudonymous facts. The HTTP pull endpoint and the
 * `vroegsignaal ddas` CLI both write through here.
 */

/** What the builder reads; the Redis adapter is delivery-source.ts. */
export interface DeliverySource {
  /** How many signals of the municipality arrived in the period. */
  count(gemeentecode: string, period: Period): Promise<number>;
  /** Per request, the municipality's ids in arrival order (then id), `offset`/`count` into that order. */
  ids(period: Period, requests: Array<{ gemeentecode: string; offset: number; count: number }>): Promise<string[][]>;
  /** The signal hashes (intakeKeys.signal), in the order asked. */
  signals(ids: string[]): Promise<Array<Record<string, string>>>;
  /** The case hashes (caseKeys.case) by id; a case that is gone is absent. */
  cases(zaakIds: string[]): Promise<Map<string, Record<string, string>>>;
}

export interface DeliveryMunicipality {
  gemeentecode: string;
  aanleverendeOrganisatie: { naam: string; kvkNummer?: string | undefined };
}

export interface DeliveryRequest {
  period: Period;
  /** Sorted by gemeentecode by the caller; the page order follows it. */
  municipalities: DeliveryMunicipality[];
  /** 1-based. */
  page: number;
  /** Signals per page. */
  pageSize: number;
  codeGegevensleverancier: string;
  clientFields: readonly DdasClientField[];
  /** Decrypts one signal's contact details; undefined when they were shredded, throws when they cannot be decrypted otherwise. */
  decrypt: (gemeentecode: string, signaalId: string, blob: string) => ContactDetails | undefined;
  now: Date;
}

/** Which signals one page holds: per municipality an offset and count into its arrival order. */
export interface PagePlan {
  totalRecords: number;
  totalPages: number;
  slices: Array<{ municipality: DeliveryMunicipality; offset: number; count: number }>;
}

/** What a written page held, for the audit record and the CLI's summary. */
export interface DeliveryStats {
  vroegsignalen: number;
  vroegsignaalzaken: number;
  /** Signals left out: no client can be given (contact details erased or expired). */
  zonderClient: number;
  perGemeente: Record<string, number>;
}

/**
 * Page `page` of the whole ordered list (municipality by code, then arrival): totals come from
 * one count per municipality, so every page of one (ended) period reports the same totals and
 * the pages split the list without overlap or gap.
 */
export async function planPage(source: DeliverySource, req: Pick<DeliveryRequest, 'period' | 'municipalities' | 'page' | 'pageSize'>): Promise<PagePlan> {
  const counts = await Promise.all(req.municipalities.map((m) => source.count(m.gemeentecode, req.period)));
  const totalRecords = counts.reduce((a, b) => a + b, 0);
  const totalPages = Math.max(1, Math.ceil(totalRecords / req.pageSize));
  const first = (req.page - 1) * req.pageSize;
  const last = Math.min(first + req.pageSize, totalRecords);
  const slices: PagePlan['slices'] = [];
  let before = 0;
  req.municipalities.forEach((municipality, i) => {
    const n = counts[i]!;
    const from = Math.max(first, before);
    const to = Math.min(last, before + n);
    if (to > from) slices.push({ municipality, offset: from - before, count: to - from });
    before += n;
  });
  // An empty delivery still names each municipality (the schema wants at least one levering).
  if (totalRecords === 0) for (const municipality of req.municipalities) slices.push({ municipality, offset: 0, count: 0 });
  return { totalRecords, totalPages, slices };
}

const json = JSON.stringify;
/** How many signals are read from Redis per round trip. */
const batchSize = 1_000;

/** Text of one case's facts, without its signal references (added when the page's signals are known). */
function caseHead(zaak: Record<string, string>, period: Period): string {
  const resultaat = resultV12(zaak.eindresultaat);
  const parts: string[] = [];
  if (resultaat) parts.push(`"resultaat":${json(resultaat)}`);
  if (zaak.aangemaakt) parts.push(`"matchingsdatum":${json(dutchDate(new Date(zaak.aangemaakt)))}`);
  parts.push(`"startdatumMatchingperiode":${json(period.start)}`);
  if (zaak.datumOpgepakt) parts.push(`"datumOpgepakt":${json(dutchDate(new Date(zaak.datumOpgepakt)))}`);
  parts.push(`"einddatumMatchingperiode":${json(period.end)}`);
  const attempts = (JSON.parse(zaak.contactpogingen ?? '[]') as Array<Record<string, unknown>>).map(contactAttempt);
  parts.push(`"contactpogingen":${json(attempts)}`);
  return parts.join(',');
}

function signalText(signaalId: string, s: Record<string, string>, entry: CaseSignal | undefined, zaak: Record<string, string> | undefined, client: Record<string, string>): string {
  const v: Record<string, unknown> = { ID: signaalId };
  if (entry) Object.assign(v, { crisissignaal: entry.crisissignaal, warmeOverdracht: entry.warmeOverdracht, bedrag: entry.bedrag, ontstaansdatum: entry.ontstaansdatum, signaaldatum: entry.signaaldatum });
  v.status = signalStatus({
    herhaald: s.combinatie === 'herhaald' || s.ddasStatus === 'Niet opgepakt: herhaalde melding' || entry?.herhaald === true,
    eindresultaat: zaak?.eindresultaat,
    opgepakt: Boolean(zaak?.datumOpgepakt),
  });
  v.signaalpartner = { type: s.partnerType ?? entry?.partnerType };
  v.client = client;
  return json(v);
}

/**
 * The page as Uitwisselmodel JSON text, in pieces. `stats` is filled in as it goes (complete
 * once the generator is done). Reads go in batches across municipalities — one round trip for
 * the page's ids, then two per `batchSize` signals — so 340 small municipalities cost no more
 * round trips than one large one.
 */
export async function* deliveryText(source: DeliverySource, req: DeliveryRequest, plan: PagePlan, stats: DeliveryStats): AsyncGenerator<string> {
  yield `{"startdatumLevering":${json(req.period.start)},"einddatumLevering":${json(req.period.end)},`
    + `"aanleverdatumEnTijd":${json(deliveryTimestamp(req.now))},"codeGegevensleverancier":${json(req.codeGegevensleverancier)},"leveringen":[`;
  const idLists = await source.ids(req.period, plan.slices.map((s) => ({ gemeentecode: s.municipality.gemeentecode, offset: s.offset, count: s.count })));
  // The page's signals in order, each with the index of its levering (slice).
  const all: Array<[number, string]> = idLists.flatMap((ids, slice) => ids.map((id): [number, string] => [slice, id]));
  let current = -1;
  let written = 0;
  // Per case of the current levering: its facts' text and the ids of its signals on this page.
  let cases = new Map<string, { head: string; ids: string[] }>();
  function* close(): Generator<string> {
    if (current < 0) return;
    const gemeentecode = plan.slices[current]!.municipality.gemeentecode;
    stats.vroegsignalen += written;
    stats.perGemeente[gemeentecode] = (stats.perGemeente[gemeentecode] ?? 0) + written;
    stats.vroegsignaalzaken += cases.size;
    yield `],"vroegsignaalzaken":[${[...cases.values()].map((c) => `{${c.head},"vroegsignalen":${json(c.ids.map((ID) => ({ ID })))}}`).join(',')}]}`;
  }
  function open(slice: number): string {
    const { gemeentecode, aanleverendeOrganisatie: org } = plan.slices[slice]!.municipality;
    const organisatie = { naam: org.naam, ...(org.kvkNummer ? { 'kvk-nummer': org.kvkNummer } : {}) };
    current = slice;
    written = 0;
    cases = new Map();
    return `${slice > 0 ? ',' : ''}{"teller":${slice + 1},"gemeentecode":${json(gemeentecode)},"aanleverendeOrganisatie":${json(organisatie)},"vroegsignalen":[`;
  }
  for (let i = 0; i < all.length; i += batchSize) {
    const batch = all.slice(i, i + batchSize);
    const signals = await source.signals(batch.map(([, id]) => id));
    const wanted = [...new Set(signals.map((s) => s.zaakId).filter((z): z is string => Boolean(z)))];
    const caseHashes = await source.cases(wanted);
    const parsed = new Map<string, CaseSignal[]>();
    let text = '';
    batch.forEach(([slice, signaalId], j) => {
      while (current < slice) {
        for (const piece of close()) text += piece;
        text += open(current + 1);
      }
      const gemeentecode = plan.slices[slice]!.municipality.gemeentecode;
      const s = signals[j]!;
      if (!s.signaalId) return; // gone (retention) between count and read
      const zaak = s.zaakId ? caseHashes.get(s.zaakId) : undefined;
      const blob = zaak?.[`contact:${signaalId}`];
      const contact = blob ? req.decrypt(gemeentecode, signaalId, blob) : undefined;
      const client = contact ? clientOf(contact, req.clientFields) : undefined;
      if (!client) {
        stats.zonderClient++;
        return;
      }
      let entries = zaak ? parsed.get(s.zaakId!) : undefined;
      if (zaak && !entries) parsed.set(s.zaakId!, (entries = caseSignals(zaak)));
      const entry = entries?.find((e) => e.signaalId === signaalId);
      text += (written > 0 ? ',' : '') + signalText(signaalId, s, entry, zaak, client);
      written++;
      if (zaak) {
        let c = cases.get(s.zaakId!);
        if (!c) cases.set(s.zaakId!, (c = { head: caseHead(zaak, req.period), ids: [] }));
        c.ids.push(signaalId);
      }
    });
    if (text) yield text;
  }
  // Leveringen after the last signal (and all of them on an empty page).
  let tail = '';
  while (current < plan.slices.length - 1) {
    for (const piece of close()) tail += piece;
    tail += open(current + 1);
  }
  for (const piece of close()) tail += piece;
  yield `${tail}]}`;
}

export const emptyStats = (): DeliveryStats => ({ vroegsignalen: 0, vroegsignaalzaken: 0, zonderClient: 0, perGemeente: {} });
