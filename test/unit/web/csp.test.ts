import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../src/web/pages/headers.js';

describe('contentSecurityPolicy', () => {
  it('allows only this origin, no inline code, no framing and no <base>', () => {
    const policy = contentSecurityPolicy();
    expect(policy.split('; ')).toEqual([
      "default-src 'self'",
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
    ]);
    expect(policy).not.toContain('unsafe');
  });

  it("lets forms post to the identity provider's origin when configured (logout redirects there)", () => {
    expect(contentSecurityPolicy({ formActionOrigins: ['https://idp.gemeente.example'] })).toContain("form-action 'self' https://idp.gemeente.example");
  });
});
