import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../http/deps.js';
import { auditlogSection } from './auditlog/section.js';
import { beleidSection } from './beleid/section.js';
import { bewaartermijnenSection } from './bewaartermijnen/section.js';
import { inzageverzoekSection } from './inzageverzoek/section.js';
import { sturingSection } from './sturing/section.js';
import { werkvoorraadSection } from './werkvoorraad/section.js';

/**
 * Every section of Werkplek pages, each a folder under src/web with its own role (see
 * layout/navigation.ts): they call the same services as the staff API, given the same deps.
 */
export function werkplekSections(deps: AppDeps): FastifyPluginAsync[] {
  return [
    werkvoorraadSection(deps),
    auditlogSection(deps),
    beleidSection(deps),
    bewaartermijnenSection(deps),
    inzageverzoekSection(deps),
    sturingSection(deps),
  ];
}
