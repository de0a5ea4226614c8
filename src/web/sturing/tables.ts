import type { CurrentWorkload } from '../../reporting/current.js';
import {
  endResultsIn, formatMedian, formatShare, histogramMedian, reach, withinDeadline, type MonthFigures, type PartnerFigures,
} from '../../reporting/figures.js';

/**
 * Every table of the Sturing page as plain data: the page draws it (a chart and the table beside
 * it) and the CSV download writes the same rows, so the three never disagree. Figures only: the
 * rows are partner types, end results or pseudonymous worker ids, never a case or a person.
 */
export interface FigureTable {
  /** The address part of its CSV download: /sturing/<id>.csv */
  id: TableId;
  title: string;
  /** What the table counts, in plain language (the chart's description too). */
  description: string;
  columns: string[];
  rows: string[][];
  /** The chart beside the table: one bar per row, its length `value` of `max`. */
  chart: { label: string; bars: Array<{ label: string; value: number; text: string }>; max?: number };
  /** Shown instead of an empty table. */
  empty: string;
}

/** Tables of the chosen month (from its counters) and of now (from the queue and the leases). */
export const monthTableIds = ['signalen', 'opvolging', 'eindresultaten'] as const;
export const nowTableIds = ['werkvoorraad', 'caseload'] as const;
export type MonthTableId = (typeof monthTableIds)[number];
export type NowTableId = (typeof nowTableIds)[number];
export type TableId = MonthTableId | NowTableId;

const count = (n: number) => String(n);

/** The partner types with something to show in a table (`relevant`); none: the table is empty. */
function partnersWith(figures: MonthFigures, relevant: (f: PartnerFigures) => boolean): Array<[string, PartnerFigures]> {
  return [...figures.perPartner].filter(([, f]) => relevant(f));
}

/** Rows per partner type, then the total when there is more than one. */
function partnerRows(figures: MonthFigures, partners: Array<[string, PartnerFigures]>, row: (name: string, f: PartnerFigures) => string[]): string[][] {
  const rows = partners.map(([partner, f]) => row(partner, f));
  if (partners.length > 1) rows.push(row('Totaal', figures.totaal));
  return rows;
}

function partnerBars(partners: Array<[string, PartnerFigures]>, value: (f: PartnerFigures) => number | undefined, text: (f: PartnerFigures) => string) {
  return partners.map(([partner, f]) => ({ label: partner, value: value(f) ?? 0, text: text(f) }));
}

export function signalsTable(figures: MonthFigures, maandNaam: string): FigureTable {
  const partners = partnersWith(figures, (f) => f.counts.signalen > 0);
  return {
    id: 'signalen',
    title: `Signalen en zaken in ${maandNaam}`,
    description: 'Per soort signaalpartner: hoeveel signalen binnenkwamen en wat ze werden. Meervoudig: het signaal kwam bij een open zaak op hetzelfde adres. Opeenvolgend: een nieuwe zaak op een adres waar in de zes maanden ervoor een zaak liep. Herhaald: dezelfde schuld opnieuw gemeld, niet gegroeid.',
    columns: ['Signaalpartner', 'Signalen ontvangen', 'Zaken gemaakt', 'Meervoudig', 'Opeenvolgend', 'Herhaalde meldingen'],
    rows: partnerRows(figures, partners, (name, f) => [name, count(f.counts.signalen), count(f.counts.zaken), count(f.counts.meervoudig), count(f.counts.opeenvolgend), count(f.counts.herhaald)]),
    chart: { label: 'Signalen ontvangen per signaalpartner', bars: partnerBars(partners, (f) => f.counts.signalen, (f) => count(f.counts.signalen)) },
    empty: 'Deze maand kwamen er geen signalen binnen.',
  };
}

export function followUpTable(figures: MonthFigures, maandNaam: string): FigureTable {
  const partners = partnersWith(figures, (f) => f.counts.opgepakt > 0 || f.counts.bereikt > 0 || f.counts.termijnVerstreken > 0);
  return {
    id: 'opvolging',
    title: `Oppakken en bereik in ${maandNaam}`,
    description: 'Per soort signaalpartner (van het signaal waarmee de zaak begon): hoeveel zaken voor het eerst werden opgepakt, hoeveel daarvan binnen de aanbodtermijn, hoeveel zaken nog niemand had opgepakt toen hun aanbodtermijn verstreek, en bij hoeveel zaken een contactpoging de inwoner voor het eerst bereikte. Bereik: zaken met contact gedeeld door opgepakte zaken. Werkdagen tellen vanaf de dag dat het signaal binnenkwam.',
    columns: ['Signaalpartner', 'Zaken opgepakt', 'Binnen aanbodtermijn', 'Aandeel binnen termijn', 'Termijn verstreken zonder oppakken', 'Mediaan werkdagen tot oppakken', 'Zaken met contact', 'Bereik', 'Mediaan werkdagen tot eerste contact'],
    rows: partnerRows(figures, partners, (name, f) => [
      name, count(f.counts.opgepakt), count(f.counts.opgepaktBinnenTermijn), formatShare(withinDeadline(f)), count(f.counts.termijnVerstreken),
      formatMedian(histogramMedian(f.histograms.dagenTotOppakken)), count(f.counts.bereikt), formatShare(reach(f)),
      formatMedian(histogramMedian(f.histograms.dagenTotContact)),
    ]),
    chart: { label: 'Bereik per signaalpartner (procent van de opgepakte zaken)', bars: partnerBars(partners, (f) => reach(f), (f) => formatShare(reach(f))), max: 1 },
    empty: 'Deze maand werd er geen zaak opgepakt en geen inwoner bereikt.',
  };
}

export function endResultsTable(figures: MonthFigures, maandNaam: string): FigureTable {
  const results = endResultsIn(figures);
  const partners = [...figures.perPartner].filter(([, f]) => f.eindresultaten.size > 0).map(([p]) => p);
  return {
    id: 'eindresultaten',
    title: `Eindresultaten in ${maandNaam}`,
    description: 'Afgesloten zaken per eindresultaat (DDAS), per soort signaalpartner van het signaal waarmee de zaak begon.',
    columns: ['Eindresultaat', ...partners, ...(partners.length > 1 ? ['Totaal'] : [])],
    rows: results.map((result) => [
      result, ...partners.map((p) => count(figures.perPartner.get(p)!.eindresultaten.get(result) ?? 0)),
      ...(partners.length > 1 ? [count(figures.totaal.eindresultaten.get(result) ?? 0)] : []),
    ]),
    chart: { label: 'Afgesloten zaken per eindresultaat', bars: results.map((r) => ({ label: r, value: figures.totaal.eindresultaten.get(r) ?? 0, text: count(figures.totaal.eindresultaten.get(r) ?? 0) })) },
    empty: 'Deze maand werd er geen zaak afgesloten.',
  };
}

export function workloadTable(now: CurrentWorkload): FigureTable {
  const lines: Array<[string, number]> = [
    ['Open, nog niet opgepakt', now.open],
    ['Open en over de aanbodtermijn', now.openTeLaat],
    ['Opgepakt', now.opgepakt],
    ['Opgepakt, claim verlopen', now.claimVerlopen],
  ];
  return {
    id: 'werkvoorraad',
    title: 'Werkvoorraad nu',
    description: 'Zaken van dit moment, niet van de gekozen maand. Een verlopen claim gaat terug naar de wachtrij zodra iemand de volgende zaak oppakt.',
    columns: ['Stand', 'Zaken'],
    rows: lines.map(([label, n]) => [label, count(n)]),
    chart: { label: 'Werkvoorraad nu', bars: lines.map(([label, n]) => ({ label, value: n, text: count(n) })) },
    empty: '',
  };
}

export function caseloadTable(now: CurrentWorkload): FigureTable {
  return {
    id: 'caseload',
    title: 'Caseload per medewerker nu',
    description: 'Opgepakte zaken met een lopende claim, per medewerker. Medewerkers staan er met hun pseudonieme id van de inlogdienst.',
    columns: ['Medewerker', 'Zaken'],
    rows: now.perMedewerker.map((w) => [w.medewerker, count(w.zaken)]),
    chart: { label: 'Zaken per medewerker', bars: now.perMedewerker.map((w) => ({ label: w.medewerker, value: w.zaken, text: count(w.zaken) })) },
    empty: 'Op dit moment heeft niemand een zaak opgepakt.',
  };
}

export const monthTables: Record<MonthTableId, (figures: MonthFigures, maandNaam: string) => FigureTable> = {
  signalen: signalsTable,
  opvolging: followUpTable,
  eindresultaten: endResultsTable,
};

export const nowTables: Record<NowTableId, (now: CurrentWorkload) => FigureTable> = {
  werkvoorraad: workloadTable,
  caseload: caseloadTable,
};
