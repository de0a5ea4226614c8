import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifierKeyString } from '../../audit/note.js';
import { recordsAboutPerson } from '../../audit/person-search.js';
import { InvalidCursorError, queryRecords } from '../../audit/query.js';
import { RedisNodeSource } from '../../audit/tree-store.js';
import { ProblemError } from '../../errors/problem.js';
import type { AppDeps } from '../../http/deps.js';
import { problemFor } from '../../http/plugins/errors.js';
import { sendProblem } from '../../http/problem.js';
import { inclusionProofAnswer, latestCheckpoint, recordAnswer } from '../../http/routes/auditlog.js';
import { parseIdentityForm } from '../forms/identity.js';
import { pageSection, staffMember } from '../pages/section.js';
import { AuditlogPage, type AuditlogPageProps } from './auditlog-page.js';
import { parseFilters } from './filters.js';
import { ProofDataPage } from './proof-data-page.js';
import { RecordPage } from './record-page.js';

/**
 * The privacy officer's Auditlog: the same queries, records and proofs as `/v1/auditlog…`, through
 * the same functions, for a signed-in officer. The JSON under /auditlog/records/:index/{record,bewijs}
 * and /auditlog/checkpoint is what the API answers; the proof check in the officer's browser
 * fetches it with the session cookie.
 */
export function auditlogSection(deps: AppDeps) {
  return async (section: FastifyInstance) => {
    pageSection(section, ['privacy-officer']);
    const nodes = new RedisNodeSource(deps.redis);
    const verifierKey = verifierKeyString(deps.checkpointSigner);
    const activities = () => deps.policy().bundle.activiteiten.map((a) => ({ id: a.id, naam: a.naam }));
    const activityNames = () => new Map(activities().map((a) => [a.id, a.naam]));
    const partners = () => deps.partners().all().map((p) => ({ oin: p.oin, naam: `${p.naam} (${p.type})` }));
    const render = (reply: FastifyReply, props: Omit<AuditlogPageProps, 'frame' | 'activities' | 'partners'>, status = 200) =>
      reply.page((frame) => <AuditlogPage frame={frame} activities={activities()} partners={partners()} {...props} />, status);

    section.get('/auditlog', async (request, reply) => {
      const parsed = parseFilters(request.query as Record<string, unknown>, staffMember(request));
      if (!parsed.ok) return render(reply, { filters: parsed.values, filterErrors: parsed.errors }, 400);
      let page;
      try {
        page = await queryRecords(deps.redis, parsed.query);
      } catch (err) {
        if (err instanceof InvalidCursorError) throw new ProblemError('ongeldige-invoer', 'Deze pagina bestaat niet (meer). Begin opnieuw bij de eerste pagina.');
        throw err;
      }
      return render(reply, { filters: parsed.values, result: { kind: 'filter', records: page.records, volgende: page.volgende, cursor: parsed.cursor } });
    });

    // The identity is a POST body (never a URL); the search is the API's `/v1/auditlog/_inzage`, logged as it is.
    section.post('/auditlog/zoeken', async (request, reply) => {
      const form = parseIdentityForm(request.body);
      if (!form.ok) return render(reply, { filters: {}, identity: { values: form.values, errors: form.errors } }, 400);
      const answer = await recordsAboutPerson(deps, staffMember(request), form.identity, request.trace);
      return render(reply, { filters: {}, result: { kind: 'persoon', records: answer.records, pseudoniemen: answer.pseudoniemen.length } });
    });

    section.get('/auditlog/records/:index', async (request, reply) => {
      const answer = await recordAnswer(deps.redis, nodes, staffMember(request), (request.params as { index: string }).index);
      return reply.page((frame) => <RecordPage frame={frame} answer={answer} activityNames={activityNames()} verifierKey={verifierKey} />);
    });

    // "Bewijs controleren" without JavaScript: the data, to check elsewhere.
    section.get('/auditlog/records/:index/controle', async (request, reply) => {
      const record = await recordAnswer(deps.redis, nodes, staffMember(request), (request.params as { index: string }).index);
      const checkpoint = await latestCheckpoint(deps.redis);
      const size = /^[^\n]+\n(\d+)\n/.exec(checkpoint)?.[1];
      const proof = await inclusionProofAnswer(deps.redis, nodes, String(record.index), size);
      return reply.page((frame) => <ProofDataPage frame={frame} index={record.index} checkpoint={checkpoint} proof={proof} verifierKey={verifierKey} />);
    });

    // What the proof check in the browser fetches: the API's answers, as JSON (problem+json on failure).
    await section.register(async (json) => {
      json.setErrorHandler(async (error: Error, request: FastifyRequest, reply: FastifyReply) => sendProblem(reply, problemFor(error, request)));
      json.get('/auditlog/records/:index/record', async (request, reply) => {
        const answer = await recordAnswer(deps.redis, nodes, staffMember(request), (request.params as { index: string }).index);
        return noStore(reply).type('application/json; charset=utf-8').send(JSON.stringify(answer));
      });
      json.get('/auditlog/records/:index/bewijs', async (request, reply) => {
        const answer = await inclusionProofAnswer(deps.redis, nodes, (request.params as { index: string }).index, (request.query as { grootte?: string }).grootte);
        return noStore(reply).type('application/json; charset=utf-8').send(JSON.stringify(answer));
      });
      json.get('/auditlog/checkpoint', async (_request, reply) => noStore(reply).type('text/plain; charset=utf-8').send(await latestCheckpoint(deps.redis)));
    });
  };
}

function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('Cache-Control', 'no-store').header('X-Content-Type-Options', 'nosniff');
}
