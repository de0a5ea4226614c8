import type { FastifyReply } from 'fastify';

export interface PageSecurityOptions {
  /**
   * Origins a form may post to besides this one — the IdP's, when logging out ends in a redirect
   * there (Chromium applies form-action to the redirects after a form post).
   */
  formActionOrigins?: readonly string[];
}

/**
 * The Content-Security-Policy of every Werkplek answer: only this origin's files, no inline script
 * or style at all, no framing, no <base>. `img-src data:` because the Utrecht stylesheet draws
 * checkbox and radio marks as data: SVG backgrounds.
 */
export function contentSecurityPolicy(options: PageSecurityOptions = {}): string {
  const formAction = ["'self'", ...(options.formActionOrigins ?? [])].join(' ');
  return [
    "default-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    `form-action ${formAction}`,
  ].join('; ');
}

/** Headers for every page (and the 404): nothing personal may stay in a cache. */
export function setPageHeaders(reply: FastifyReply, csp: string): void {
  reply.header('Content-Security-Policy', csp);
  reply.header('Cache-Control', 'no-store');
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('X-Frame-Options', 'DENY');
  reply.header('Referrer-Policy', 'no-referrer');
}

/** Headers for a stylesheet whose address carries its content hash: cacheable for a year, never changes. */
export function setAssetHeaders(reply: FastifyReply, csp: string, contentType: string): void {
  reply.header('Content-Security-Policy', csp);
  reply.header('Cache-Control', 'public, max-age=31536000, immutable');
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Content-Type', contentType);
}
