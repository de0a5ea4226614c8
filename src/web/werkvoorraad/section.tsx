import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { workerService, type ActorRequest, type WorkerService } from '../../cases/worker-service.js';
import { ProblemError } from '../../errors/problem.js';
import type { AppDeps } from '../../http/deps.js';
import { signaalpartnerTypes } from '../../intake/schema.js';
import { dutchDate } from '../../outreach/calendar.js';
import { pageSection, staffMember } from '../pages/section.js';
import { caseDetails } from './case-details.js';
import type { FormState } from './case-forms.js';
import { applyFilter, filterCounts, parseFilter } from './filters.js';
import { parseAttemptForm, parseCloseForm } from './forms.js';
import { RefusedPage } from './refused-page.js';
import { WerkvoorraadPage } from './werkvoorraad-page.js';
import { byQueueOrder, worklistEntry } from './worklist.js';
import { confirmations, ZaakPage, type Confirmation } from './zaak-page.js';

/**
 * The debt-relief worker's pages: "Werkvoorraad" and "Zaak". Every action calls the same
 * service as the staff API (cases/worker-service.ts), so it writes the same audit records and
 * refuses in the same cases. After an action the browser is sent back to the case (303, the
 * Post/Redirect/Get pattern) with only the kind of action in the address, never a value.
 */
export function werkvoorraadSection(deps: AppDeps) {
  return async function werkvoorraad(section: FastifyInstance): Promise<void> {
    pageSection(section, ['schuldhulpverlener']);
    const cases = workerService(deps);

    section.get('/werkvoorraad', async (request, reply) => {
      const member = staffMember(request);
      const now = deps.clock();
      const filter = parseFilter(request.query);
      const entries = (await cases.openCaseHashes(member)).map((h) => worklistEntry(h, now, member.sub)).sort(byQueueOrder);
      const shown = applyFilter(entries, filter);
      const present = new Set(entries.flatMap((e) => e.partnerTypes));
      const nothingToClaim = (request.query as Record<string, unknown>).melding === 'geen-zaak';
      return reply.page((frame) => (
        <WerkvoorraadPage
          frame={frame}
          mine={shown.filter((e) => e.mine)}
          others={shown.filter((e) => !e.mine)}
          total={entries.length}
          filter={filter}
          counts={filterCounts(entries, filter)}
          partnerTypes={signaalpartnerTypes.filter((t) => present.has(t) || filter.partner.includes(t))}
          nothingToClaim={nothingToClaim}
        />
      ));
    });

    section.post('/werkvoorraad/oppakken', async (request, reply) => {
      const claimed = await cases.claimNext(actorRequest(request));
      return reply.redirect(claimed ? `/zaken/${claimed.zaakId}?gedaan=opgepakt` : '/werkvoorraad?melding=geen-zaak', 303);
    });

    section.get('/zaken/:zaakId', async (request, reply) => {
      const gedaan = (request.query as Record<string, unknown>).gedaan;
      const done = typeof gedaan === 'string' && Object.hasOwn(confirmations, gedaan) ? (gedaan as Confirmation) : undefined;
      return showCase(request, reply, { done });
    });

    section.post('/zaken/:zaakId/contactgegevens', async (request, reply) =>
      refusedAsPage(request, reply, async () => {
        // Recorded before decrypted (the service's reveal); shown in this answer only, never stored or redirected.
        const contact = await cases.revealContact(actorRequest(request), zaakIdOf(request));
        return showCase(request, reply, { contact });
      }),
    );

    section.post('/zaken/:zaakId/contactpogingen', async (request, reply) =>
      refusedAsPage(request, reply, async () => {
        const form = parseAttemptForm(request.body);
        if (!form.ok) return showCase(request, reply, { attemptForm: form }, 400);
        await cases.recordAttempt(actorRequest(request), zaakIdOf(request), form.value);
        return reply.redirect(`/zaken/${zaakIdOf(request)}?gedaan=contactpoging`, 303);
      }),
    );

    section.post('/zaken/:zaakId/afsluiten', async (request, reply) =>
      refusedAsPage(request, reply, async () => {
        const form = parseCloseForm(request.body);
        if (!form.ok) return showCase(request, reply, { closeForm: form }, 400);
        await cases.close(actorRequest(request), zaakIdOf(request), form.value);
        return reply.redirect(`/zaken/${zaakIdOf(request)}?gedaan=afgesloten`, 303);
      }),
    );

    section.post('/zaken/:zaakId/vrijgeven', async (request, reply) =>
      refusedAsPage(request, reply, async () => {
        await cases.release(actorRequest(request), zaakIdOf(request));
        return reply.redirect(`/zaken/${zaakIdOf(request)}?gedaan=vrijgegeven`, 303);
      }),
    );

    async function showCase(
      request: FastifyRequest,
      reply: FastifyReply,
      extra: { done?: Confirmation | undefined; contact?: Awaited<ReturnType<WorkerService['revealContact']>>; attemptForm?: FormState; closeForm?: FormState },
      status = 200,
    ) {
      const member = staffMember(request);
      const now = deps.clock();
      // 404 for another municipality's case (or no such case), as the API answers.
      const details = caseDetails(await cases.ownCase(member, zaakIdOf(request)), now, member.sub);
      return reply.page((frame) => <ZaakPage frame={frame} details={details} today={dutchDate(now)} {...extra} />, status);
    }
  };
}

function actorRequest(request: FastifyRequest): ActorRequest {
  const { sub, gemeentecode } = staffMember(request);
  return { actor: { sub, gemeentecode }, trace: request.trace, requestId: String(request.id) };
}

const zaakIdOf = (request: FastifyRequest) => (request.params as { zaakId: string }).zaakId;

/** A refusal of the service (403 someone else's claim, 409 a lapsed one) as a page that explains it; a 404 stays the 404 page. */
async function refusedAsPage(request: FastifyRequest, reply: FastifyReply, action: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ProblemError && (error.status === 403 || error.status === 409)) {
      const status = error.status;
      return reply.page((frame) => <RefusedPage frame={frame} status={status} zaakId={zaakIdOf(request)} />, status);
    }
    throw error;
  }
}
