import { z } from 'zod';

/**
 * Every role a token or session may carry. A teamleider (team lead) sees figures only, never a
 * resident's data: no staff API route names the role (config.roles is explicit per route), only
 * the Werkplek's Sturing pages do. `cbs` is a data consumer's (the DDAS pull API, with scope
 * `read`): no staff route or page names it.
 */
export const roles = ['schuldhulpverlener', 'privacy-officer', 'teamleider', 'beheerder', 'cbs'] as const;
export type Role = (typeof roles)[number];

/** The claims we act on. Anything else in the token is ignored, never trusted. */
export const claimsSchema = z.object({
  sub: z.string().min(1).max(256),
  gemeentecode: z.string().regex(/^[0-9]{4}$/),
  roles: z.array(z.string()).transform((list) => list.filter((r): r is Role => (roles as readonly string[]).includes(r))),
});

export type Caller = z.infer<typeof claimsSchema>;

/** A privacy officer of this gemeentecode sees the whole log and every municipality (gateway-wide); others their own. */
export const gatewayWideGemeentecode = '0000';
