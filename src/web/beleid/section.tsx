import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../http/deps.js';
import { PolicyBundleError } from '../../policy/load.js';
import type { PageFrame } from '../pages/frame.js';
import { pageSection, staffMember } from '../pages/section.js';
import { BeleidPage, type ReloadOutcome } from './beleid-page.js';

/**
 * Beleid: the bundle as `GET /v1/beleid` gives it, for the privacy officer and the beheerder; the
 * beheerder's "Beleid herladen" calls the same reload as `POST /v1/beleid/_herladen` (recorded in
 * the audit log by it), and the page shows the result or the refusal with its findings.
 */
export function beleidSection(deps: AppDeps) {
  return async (section: FastifyInstance) => {
    pageSection(section, ['privacy-officer', 'beheerder']);
    const mayReload = (roles: readonly string[]) => roles.includes('beheerder');

    const show = (roles: readonly string[], reload?: ReloadOutcome) => {
      const { bundle, revision } = deps.policy();
      return (frame: PageFrame) => (
        <BeleidPage frame={frame} bundle={bundle} revision={revision} mayReload={mayReload(roles)} reload={reload} />
      );
    };

    section.get('/beleid', async (request, reply) => reply.page(show(staffMember(request).roles)));

    section.post('/beleid/herladen', async (request, reply) => {
      const { roles } = staffMember(request);
      if (!mayReload(roles)) return reply.page(show(roles, { ok: false, reason: 'Alleen een beheerder kan het beleid herladen.', findings: [] }), 403);
      if (!deps.reloadPolicy) return reply.page(show(roles, { ok: false, reason: 'Deze gateway kan het beleid niet vanuit de Werkplek herladen; gebruik SIGHUP.', findings: [] }), 403);
      try {
        const { from, to } = await deps.reloadPolicy();
        return reply.page(show(roles, { ok: true, from, to }));
      } catch (err) {
        if (!(err instanceof PolicyBundleError)) throw err;
        return reply.page(show(roles, { ok: false, reason: 'Het nieuwe beleid is geweigerd; het huidige blijft gelden. Wat er niet klopt:', findings: err.problems }), 400);
      }
    });
  };
}
