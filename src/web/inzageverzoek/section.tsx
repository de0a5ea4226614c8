import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../http/deps.js';
import { accessRequest } from '../../residents/access-request.js';
import { parseIdentityForm } from '../forms/identity.js';
import { pageSection, staffMember } from '../pages/section.js';
import { AnswerPage } from './answer-page.js';
import { RequestPage } from './request-page.js';

/**
 * Inzageverzoek: the access request (AVG art. 15) of `POST /v1/inwoners/_inzage`, through the same
 * function (recorded in the audit log before anything is shown), answered as a printable page and
 * as a JSON download. Identity only ever in POST bodies.
 */
export function inzageverzoekSection(deps: AppDeps) {
  return async (section: FastifyInstance) => {
    pageSection(section, ['privacy-officer']);
    const activityNames = () => new Map(deps.policy().bundle.activiteiten.map((a) => [a.id, a.naam]));

    section.get('/inzageverzoek', async (_request, reply) => reply.page((frame) => <RequestPage frame={frame} />));

    section.post('/inzageverzoek', async (request, reply) => {
      const form = parseIdentityForm(request.body);
      if (!form.ok) return reply.page((frame) => <RequestPage frame={frame} values={form.values} errors={form.errors} />, 400);
      const answer = await accessRequest(deps, staffMember(request), form.identity, request.trace);
      const answeredAt = deps.clock();
      return reply.page((frame) => <AnswerPage frame={frame} answer={answer} identity={form.values} answeredAt={answeredAt} activityNames={activityNames()} />);
    });

    // The download is a POST too (the identity must not travel in a URL); each one is recorded as a disclosure.
    section.post('/inzageverzoek/download', async (request, reply) => {
      const form = parseIdentityForm(request.body);
      if (!form.ok) return reply.page((frame) => <RequestPage frame={frame} values={form.values} errors={form.errors} />, 400);
      const answer = await accessRequest(deps, staffMember(request), form.identity, request.trace);
      const day = deps.clock().toISOString().slice(0, 10);
      return reply
        .header('Content-Disposition', `attachment; filename="inzageverzoek-${day}.json"`)
        .header('Cache-Control', 'no-store')
        .header('X-Content-Type-Options', 'nosniff')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(answer, null, 2));
    });
  };
}
