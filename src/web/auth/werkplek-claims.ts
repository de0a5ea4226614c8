import { z } from 'zod';
import { roles } from '../../auth/claims.js';

/** The claims a session is made from, by the same names as the bearer API's (src/auth/claims.ts). */
export const werkplekClaimsSchema = z.object({
  sub: z.string().min(1).max(256),
  gemeentecode: z.string().regex(/^[0-9]{4}$/),
  roles: z.array(z.string()).transform((list) => list.filter((r) => (roles as readonly string[]).includes(r))),
  name: z.string().max(200).optional(),
});
