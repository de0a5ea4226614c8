import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../http/deps.js';
import { ProblemError } from '../../errors/problem.js';
import { currentWorkload } from '../../reporting/current.js';
import { readMonthFigures } from '../../reporting/read.js';
import { pageSection, staffMember } from '../pages/section.js';
import { tableCsv } from './csv.js';
import { monthName, requestedMonth, selectableMonths } from './months.js';
import { SturingPage } from './sturing-page.js';
import { monthTableIds, monthTables, nowTableIds, nowTables, type MonthTableId, type NowTableId } from './tables.js';

const isMonthTable = (id: string): id is MonthTableId => (monthTableIds as readonly string[]).includes(id);
const isNowTable = (id: string): id is NowTableId => (nowTableIds as readonly string[]).includes(id);
const monthParam = (query: unknown) => (query as Record<string, unknown>).maand;

/**
 * "Sturing" for the team lead (role teamleider): the figures of their own municipality, read from
 * the counters written with every event (src/reporting) and from the queue and leases for what is
 * open now — never by reading cases, and never showing one.
 */
export function sturingSection(deps: AppDeps) {
  return async (section: FastifyInstance) => {
    pageSection(section, ['teamleider']);

    section.get('/sturing', async (request, reply) => {
      const { gemeentecode } = staffMember(request);
      const now = deps.clock();
      const maand = requestedMonth(monthParam(request.query), now);
      const [figures, workload] = await Promise.all([readMonthFigures(deps.redis, gemeentecode, maand), currentWorkload(deps.redis, gemeentecode, now)]);
      const gemeente = deps.policy().bundle.gemeenten.find((g) => g.gemeentecode === gemeentecode);
      return reply.page((frame) => (
        <SturingPage
          frame={frame}
          gemeente={gemeente ? `${gemeente.naam} (${gemeentecode})` : gemeentecode}
          maand={maand}
          months={selectableMonths(now)}
          monthTables={monthTableIds.map((id) => monthTables[id](figures, monthName(maand)))}
          nowTables={nowTableIds.map((id) => nowTables[id](workload))}
        />
      ));
    });

    // One CSV per table: the same rows as the page's table (figures only), as a download.
    section.get('/sturing/:bestand', async (request, reply) => {
      const { gemeentecode } = staffMember(request);
      const id = /^([a-z]+)\.csv$/.exec((request.params as { bestand: string }).bestand)?.[1] ?? '';
      const now = deps.clock();
      let table;
      let name;
      if (isMonthTable(id)) {
        const maand = requestedMonth(monthParam(request.query), now);
        table = monthTables[id](await readMonthFigures(deps.redis, gemeentecode, maand), monthName(maand));
        name = `sturing-${gemeentecode}-${id}-${maand}.csv`;
      } else if (isNowTable(id)) {
        table = nowTables[id](await currentWorkload(deps.redis, gemeentecode, now));
        name = `sturing-${gemeentecode}-${id}-nu.csv`;
      } else {
        throw new ProblemError('niet-gevonden', 'Deze tabel bestaat niet');
      }
      return reply
        .header('Cache-Control', 'no-store')
        .header('X-Content-Type-Options', 'nosniff')
        .header('Content-Disposition', `attachment; filename="${name}"`)
        .type('text/csv; charset=utf-8')
        .send(tableCsv(table));
    });
  };
}
