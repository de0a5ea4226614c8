import { X509Certificate } from 'node:crypto';
import { z } from 'zod';

/**
 * Checks on a receiver's address and trust anchor, shared by the partner registry (terugmelding)
 * and the municipal subscriptions. Messages are Dutch: they reach the operator through the CLI.
 */
export function receiverUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${value} is geen geldig adres`;
  }
  if (url.protocol !== 'https:') return `${value} is geen https-adres (alleen https is toegestaan)`;
  // Credentials in a URL end up in logs and job data; a fragment is never sent anyway.
  if (url.username || url.password) return `${value} bevat een gebruikersnaam of wachtwoord; dat hoort niet in een adres`;
  if (url.hash) return `${value} bevat een #-deel; dat wordt nooit verstuurd`;
  return undefined;
}

/** PEM text holding one or more certificates, every one parseable; the trust anchor of one receiver. */
export function caPemProblem(pem: string): string | undefined {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) return 'bevat geen PEM-certificaat';
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      return 'bevat een ongeldig PEM-certificaat';
    }
  }
  return undefined;
}

/** A receiver's https address and optional CA PEM, as stored in the partner registry and the subscriptions. */
export const receiverFields = {
  url: z.string().superRefine((url, ctx) => {
    const problem = receiverUrlProblem(url);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  /** PEM of the CA that anchors the receiver; absent = the system trust store. */
  ca: z.string().superRefine((pem, ctx) => {
    const problem = caPemProblem(pem);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }).optional(),
};
