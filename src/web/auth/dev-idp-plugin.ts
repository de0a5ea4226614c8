import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import type { Redis } from 'ioredis';
import { demoAccounts, findDemoAccount } from './demo-accounts.js';
import { createDevIdp, type DevIdpOptions } from './dev-idp-provider.js';
import { redisAdapterFactory } from './dev-idp-store.js';
import { loginPage, errorPage } from './dev-idp-views.js';
import { pageHeaders } from './html.js';

export interface DevIdpPluginOptions {
  material: DevIdpOptions['material'];
  /** Paths on the same origin: where the Werkplek takes the code, and where the IdP's logout ends. */
  redirectPath: string;
  postLogoutRedirectPath: string;
  /** The public origin of the listener, e.g. https://localhost:8444; a function when the port is known only after listen. */
  origin: string | (() => string);
  /** Default '/idp'. */
  mountPath?: string;
  /** Where the IdP keeps sessions and codes, shared by every HTTPS process of the gateway. */
  redis: Redis;
}

export const devIdpInteractionPath = '/idp-inloggen';

/**
 * The embedded development IdP on a Fastify app: the provider's own endpoints under `mountPath`
 * (handed to oidc-provider's Koa app untouched), and our Dutch login pages beside it. The
 * provider is made on the first request, when the listener's origin (port) is known.
 */
export async function devIdpPlugin(app: FastifyInstance, options: DevIdpPluginOptions): Promise<void> {
  const mountPath = options.mountPath ?? '/idp';
  let provider: ReturnType<typeof createDevIdp> | undefined;
  const getProvider = () => {
    if (!provider) {
      const origin = typeof options.origin === 'function' ? options.origin() : options.origin;
      provider = createDevIdp({
        material: options.material,
        issuer: `${origin}${mountPath}`,
        redirectUri: `${origin}${options.redirectPath}`,
        postLogoutRedirectUri: `${origin}${options.postLogoutRedirectPath}`,
        interactionPath: devIdpInteractionPath,
        adapter: redisAdapterFactory(options.redis),
      });
    }
    return provider;
  };

  await app.register(async (idp) => {
    // oidc-provider reads request bodies itself (token endpoint, logout form): leave the stream unread.
    idp.removeAllContentTypeParsers();
    idp.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      const raw = request.raw as typeof request.raw & { originalUrl?: string };
      for (const [name, value] of Object.entries(pageHeaders)) reply.raw.setHeader(name, value);
      // As an Express/Koa mount does: the provider sees its own path, and the mount in originalUrl.
      raw.originalUrl = raw.url;
      raw.url = raw.url!.slice(mountPath.length) || '/';
      await getProvider().callback()(raw, reply.raw);
    };
    idp.all(mountPath, handle);
    idp.all(`${mountPath}/*`, handle);
  });

  await app.register(async (pages) => {
    if (!pages.hasContentTypeParser('application/x-www-form-urlencoded')) await pages.register(formbody);
    pages.addHook('onRequest', async (_request, reply) => {
      reply.headers(pageHeaders);
    });

    pages.get<{ Params: { uid: string } }>(`${devIdpInteractionPath}/:uid`, async (request, reply) => {
      const details = await getProvider().interactionDetails(request.raw, reply.raw).catch(() => undefined);
      if (!details) return reply.code(400).type('text/html; charset=utf-8').send(errorPage('interactie-verlopen'));
      return reply.type('text/html; charset=utf-8').send(loginPage(`${devIdpInteractionPath}/${details.uid}`, demoAccounts));
    });

    pages.post<{ Params: { uid: string }; Body: Record<string, string | undefined> }>(`${devIdpInteractionPath}/:uid`, async (request, reply) => {
      const details = await getProvider().interactionDetails(request.raw, reply.raw).catch(() => undefined);
      if (!details) return reply.code(400).type('text/html; charset=utf-8').send(errorPage('interactie-verlopen'));
      const body = request.body ?? {};
      const oneClick = body.account ? findDemoAccount(body.account) : undefined;
      const typed = body.username ? findDemoAccount(body.username) : undefined;
      const account = oneClick ?? (typed && typed.password === body.password ? typed : undefined);
      if (!account) {
        return reply.code(400).type('text/html; charset=utf-8').send(loginPage(`${devIdpInteractionPath}/${details.uid}`, demoAccounts, true));
      }
      reply.hijack();
      reply.raw.setHeader('Cache-Control', 'no-store');
      await getProvider().interactionFinished(request.raw, reply.raw, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
    });
  });
}
