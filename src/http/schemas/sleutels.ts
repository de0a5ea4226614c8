import { z } from 'zod';

/** GET /sleutels: the receipt keys as a JWKS (RFC 7517); ES256 keys are EC P-256, PS256 keys RSA. */
const jwkSchema = z.object({
  kty: z.enum(['EC', 'RSA']),
  kid: z.string().describe('RFC 7638-thumbprint'),
  alg: z.enum(['ES256', 'PS256']),
  use: z.literal('sig'),
  crv: z.literal('P-256').optional(),
  x: z.string().optional(),
  y: z.string().optional(),
  n: z.string().optional(),
  e: z.string().optional(),
});

export const jwksSchema = z.object({ keys: z.array(jwkSchema) });
