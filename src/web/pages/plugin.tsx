import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { htmlDocument } from '../layout/page-layout.js';
import type { WerkplekUser } from '../layout/user.js';
import { loadAssets } from './assets.js';
import { contentSecurityPolicy, setAssetHeaders, setPageHeaders, type PageSecurityOptions } from './headers.js';
import { NotFoundPage } from './not-found-page.js';
import { StartPage } from './start-page.js';

export interface WerkplekPagesOptions extends PageSecurityOptions {
  /** The signed-in person of this request, or undefined without a (valid) session. */
  werkplekUser: (request: FastifyRequest) => WerkplekUser | undefined;
  /** The CSRF token of this request's session, put in every form (the logout button included). */
  csrfToken: (request: FastifyRequest) => string;
  /** Where `/` sends a visitor without a session. */
  loginPath?: string;
}

/**
 * The Werkplek's pages and stylesheets. Register it at the root of the staff listener; it sets the
 * not-found handler for its prefix, so a JSON API registered under `/v1` keeps its own by setting
 * one there. Every answer from here carries the strict CSP; pages are never cached.
 */
export async function werkplekPages(app: FastifyInstance, options: WerkplekPagesOptions): Promise<void> {
  const csp = contentSecurityPolicy(options);
  const assets = loadAssets();
  const stylesheets = assets.map((asset) => asset.path);
  const loginPath = options.loginPath ?? '/inloggen';

  for (const asset of assets) {
    app.get(asset.path, async (_request, reply) => {
      setAssetHeaders(reply, csp, asset.contentType);
      return reply.send(asset.body);
    });
  }

  const sendPage = async (reply: FastifyReply, status: number, page: JSX.Element) => {
    setPageHeaders(reply, csp);
    return reply.code(status).type('text/html; charset=utf-8').send(await htmlDocument(page));
  };

  app.get('/', async (request, reply) => {
    const user = options.werkplekUser(request);
    if (!user) {
      setPageHeaders(reply, csp);
      return reply.redirect(loginPath, 303);
    }
    return sendPage(reply, 200, <StartPage user={user} csrfToken={options.csrfToken(request)} stylesheets={stylesheets} />);
  });

  app.setNotFoundHandler(async (request, reply) => {
    const user = options.werkplekUser(request);
    const session = user ? { user, csrfToken: options.csrfToken(request) } : undefined;
    return sendPage(reply, 404, <NotFoundPage stylesheets={stylesheets} session={session} />);
  });
}
