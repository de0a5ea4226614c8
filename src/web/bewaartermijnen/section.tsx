import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../http/deps.js';
import { overdue, retentionReport } from '../../retention/report.js';
import { pageSection } from '../pages/section.js';
import { BewaartermijnenPage } from './bewaartermijnen-page.js';

/** Bewaartermijnen: the retention report of `vroegsignaal retention report`, for the privacy officer. Counts only: nothing personal. */
export function bewaartermijnenSection(deps: AppDeps) {
  return async (section: FastifyInstance) => {
    pageSection(section, ['privacy-officer']);
    section.get('/bewaartermijnen', async (_request, reply) => {
      const { termijnen } = deps.policy().bundle;
      const report = await retentionReport(deps.redis, deps.clock(), termijnen.auditInhoud.duur);
      const term = (t: { duur: string; vanaf: string }) => `${t.duur} vanaf ${t.vanaf}`;
      const terms = { contactgegevens: term(termijnen.contactgegevens), zaakfeiten: term(termijnen.zaakfeiten), auditInhoud: term(termijnen.auditInhoud) };
      return reply.page((frame) => <BewaartermijnenPage frame={frame} report={report} overdue={overdue(report)} terms={terms} />);
    });
  };
}
