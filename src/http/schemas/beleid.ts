import { z } from 'zod';
import { activitySchema, bundleFileSchemas, municipalitySchema } from '../../policy/bundle-schema.js';

/** The answer of GET /beleid: the bundle's public parts, described by the schemas the bundle is loaded with. */
export const beleidSchema = z.object({
  revisie: z.string(),
  verwerkingsactiviteiten: z.array(activitySchema),
  signaalpartners: bundleFileSchemas['signaalpartners.yaml'].shape.types,
  bewaartermijnen: bundleFileSchemas['bewaartermijnen.yaml'].shape.termijnen,
  gemeenten: z.array(municipalitySchema),
});

/** The answer of POST /beleid/_herladen: which bundle held before, which holds now. */
export const herladenSchema = z.object({
  vorigeRevisie: z.string().describe('Revisie van de bundel die tot nu toe gold'),
  revisie: z.string().describe('Revisie van de bundel die nu geldt'),
});
