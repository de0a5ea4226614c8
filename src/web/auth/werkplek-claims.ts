import { z } from 'zod';
import { roles } from '../../auth/claims.js';

/** The roles of the Werkplek: the API's, plus the team lead who sees figures only. */
export const werkplekRoles = [...roles, 'teamleider'] as const;

/** The claims a session is made from, by the same names as the bearer API's (src/auth/claims.ts). */
export const werkplekClaimsSchema = z.object({
  sub: z.string().min(1).max(256),
  gemeentecode: z.string().regex(/^[0-9]{4}$/),
  roles: z.array(z.string()).transform((list) => list.filter((r) => (werkplekRoles as readonly string[]).includes(r))),
  name: z.string().max(200).optional(),
});
