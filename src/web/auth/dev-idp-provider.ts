import Provider from 'oidc-provider';
import { findDemoAccount } from './demo-accounts.js';
import type { DevIdpMaterial } from './dev-idp-material.js';
import { errorPage, loggedOutPage, logoutPage } from './dev-idp-views.js';

export interface DevIdpOptions {
  /** Full issuer URL including the mount path, e.g. https://localhost:8444/idp. */
  issuer: string;
  material: DevIdpMaterial;
  /** Where the Werkplek receives the code (same origin): https://localhost:8444/inloggen/terug. */
  redirectUri: string;
  /** Where the IdP sends the browser after its own logout. */
  postLogoutRedirectUri: string;
  /** Path of the interaction (login) pages, served by our own routes: `${path}/${uid}`. */
  interactionPath: string;
  /** oidc-provider's storage (dev-idp-store.ts); default its in-memory store, one process only. */
  adapter?: unknown;
}

// oidc-provider's context object is Koa's; only the few fields the hooks set are touched.
type Ctx = { type: string; body: string; host: string; oidc: any };

/**
 * The embedded OpenID provider for development: the same authorization code flow with PKCE that a
 * municipality's IdP runs, with the demo accounts. Its HTML comes from dev-idp-views.ts (Dutch, no
 * inline style or script); the interaction pages are our own routes (dev-idp-interactions.ts).
 */
export function createDevIdp(options: DevIdpOptions): Provider {
  const { material } = options;
  const provider = new Provider(options.issuer, {
    ...(options.adapter ? { adapter: options.adapter } : {}),
    clients: [
      {
        client_id: material.clientId,
        client_secret: material.clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [material.signingJwk] },
    cookies: { keys: material.cookieKeys },
    // The same claim names as the bearer API (src/auth/claims.ts), in the ID token itself.
    claims: { openid: ['sub', 'gemeentecode', 'roles'], profile: ['name'] },
    conformIdTokenClaims: false,
    scopes: ['openid', 'profile'],
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: Ctx, form: string) => {
          ctx.type = 'html';
          ctx.body = logoutPage(form, ctx.host);
        },
        postLogoutSuccessSource: (ctx: Ctx) => {
          ctx.type = 'html';
          ctx.body = loggedOutPage();
        },
      },
    },
    pkce: { required: () => true },
    interactions: { url: (_ctx: Ctx, interaction: { uid: string }) => `${options.interactionPath}/${interaction.uid}` },
    renderError: (ctx: Ctx, out: { error?: string }) => {
      ctx.type = 'html';
      ctx.body = errorPage(out.error ?? 'onbekend');
    },
    findAccount: (_ctx: Ctx, sub: string) => {
      const account = findDemoAccount(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, name: account.name, gemeentecode: account.gemeentecode, roles: account.roles }),
      };
    },
    // The Werkplek is first-party: no consent screen, the grant covers what it asks.
    loadExistingGrant: async (ctx: Ctx) => {
      const { oidc } = ctx;
      const existing = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
      if (existing) return oidc.provider.Grant.find(existing);
      const grant = new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId: oidc.session.accountId });
      grant.addOIDCScope('openid profile');
      grant.addOIDCClaims(['gemeentecode', 'roles', 'name']);
      await grant.save();
      return grant;
    },
    ttl: { Interaction: 10 * 60, Session: 8 * 60 * 60, Grant: 8 * 60 * 60, IdToken: 60 * 60, AccessToken: 60 * 60, AuthorizationCode: 60 },
  });
  return provider;
}
