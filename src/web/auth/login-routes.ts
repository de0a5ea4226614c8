import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import formbody from '@fastify/formbody';
import type { Redis } from 'ioredis';
import * as client from 'openid-client';
import { escapeHtml, page, pageHeaders } from './html.js';
import { lazyOidcConfiguration, type OidcClientOptions } from './oidc-client.js';
import { cookieOptions, loginCookieName, sessionCookieName } from './session-cookie.js';
import { newCsrfSecret, requireSession, verifyCsrf } from './session-plugin.js';
import { werkplekClaimsSchema } from './werkplek-claims.js';
import { werkplekKeys } from '../../redis/keys.js';

export interface LoginRoutesOptions {
  redis: Redis;
  oidc: OidcClientOptions;
  /** The Werkplek's public origin (https://host:port): redirect URIs are built from it. */
  origin: string | (() => string);
}

const loginTtlSeconds = 600;
const flowKey = (id: string) => werkplekKeys.loginFlow(createHash('sha256').update(id).digest('base64url'));
const scope = 'openid profile';

export const callbackPath = '/inloggen/terug';
export const loggedOutPath = '/uitgelogd';

function htmlPage(reply: FastifyReply, status: number, title: string, body: string) {
  return reply.code(status).type('text/html; charset=utf-8').send(page(title, body));
}

/**
 * Login and logout by OpenID Connect (authorization code + PKCE + state + nonce). Needs
 * sessionPlugin on the same app (or a parent). The state of a login in progress lives in Redis
 * for ten minutes, tied to the browser by a `__Host-` cookie.
 */
export async function loginRoutes(app: FastifyInstance, options: LoginRoutesOptions): Promise<void> {
  const configuration = lazyOidcConfiguration(options.oidc);
  const origin = () => (typeof options.origin === 'function' ? options.origin() : options.origin);
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(pageHeaders);
  });

  app.get('/inloggen', async (request, reply) => {
    // After a session timed out the person must authenticate again (prompt=login), even while
    // the IdP still has a single sign-on session for this browser.
    const expired = (request.query as Record<string, unknown>).verlopen !== undefined;
    if (expired) reply.clearCookie(sessionCookieName, cookieOptions);
    const config = await configuration();
    const flow = { verifier: client.randomPKCECodeVerifier(), state: client.randomState(), nonce: client.randomNonce() };
    const id = randomBytes(32).toString('base64url');
    await options.redis.set(flowKey(id), JSON.stringify(flow), 'EX', loginTtlSeconds);
    reply.setCookie(loginCookieName, id, { ...cookieOptions, maxAge: loginTtlSeconds });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: `${origin()}${callbackPath}`,
      scope,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
      ...(expired ? { prompt: 'login' } : {}),
    });
    return reply.redirect(url.href, 303);
  });

  app.get(callbackPath, async (request, reply) => {
    const id = request.cookies[loginCookieName];
    const text = id ? await options.redis.getdel(flowKey(id)) : null;
    reply.clearCookie(loginCookieName, cookieOptions);
    if (!text) {
      return htmlPage(reply, 400, 'Inloggen verlopen', '<h1>Inloggen is verlopen</h1>\n<p>Het inloggen duurde te lang of is al afgerond. <a href="/inloggen">Log opnieuw in</a>.</p>');
    }
    const flow = JSON.parse(text) as { verifier: string; state: string; nonce: string };
    const config = await configuration();
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(config, new URL(request.url, origin()), {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = { ...tokens.claims() };
      // Some IdPs give gemeentecode and roles only at the userinfo endpoint.
      if (claims.gemeentecode === undefined || claims.roles === undefined) {
        claims = { ...claims, ...(await client.fetchUserInfo(config, tokens.access_token, String(claims.sub))) };
      }
    } catch (err) {
      request.log.warn({ err: { type: (err as Error).name, code: (err as { code?: string }).code } }, 'inloggen bij de IdP mislukt');
      return htmlPage(reply, 400, 'Inloggen mislukt', '<h1>Inloggen is niet gelukt</h1>\n<p>De inlogdienst gaf geen geldig antwoord. <a href="/inloggen">Probeer het opnieuw</a>.</p>');
    }
    const parsed = werkplekClaimsSchema.safeParse(claims);
    if (!parsed.success || parsed.data.roles.length === 0) {
      return htmlPage(reply, 403, 'Geen toegang', '<h1>Geen toegang</h1>\n<p>Uw account heeft geen rol of gemeente voor de Werkplek. Vraag uw beheerder om toegang.</p>');
    }
    // Never reuse a session id from before the login (session fixation).
    if (request.sessionId) await app.werkplekSessions.destroy(request.sessionId);
    const { sub, gemeentecode, roles, name } = parsed.data;
    const sessionId = await app.werkplekSessions.create({ sub, gemeentecode, roles, ...(name ? { naam: name } : {}) }, newCsrfSecret());
    reply.setCookie(sessionCookieName, sessionId, cookieOptions);
    return reply.redirect('/', 303);
  });

  app.post('/uitloggen', { onRequest: requireSession, preHandler: verifyCsrf(app) }, async (request, reply) => {
    await app.werkplekSessions.destroy(request.sessionId!);
    reply.clearCookie(sessionCookieName, cookieOptions);
    const config = await configuration();
    const url = client.buildEndSessionUrl(config, {
      client_id: options.oidc.clientId,
      post_logout_redirect_uri: `${origin()}${loggedOutPath}`,
    });
    return reply.redirect(url.href, 303);
  });

  app.get(loggedOutPath, async (_request, reply) =>
    htmlPage(reply, 200, 'Uitgelogd', `<h1>U bent uitgelogd</h1>\n<p><a href="${escapeHtml('/inloggen')}">Opnieuw inloggen</a></p>`),
  );
}
