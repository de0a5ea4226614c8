import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { problemFor } from '../../http/plugins/errors.js';
import { htmlDocument } from '../layout/page-layout.js';
import type { WerkplekUser } from '../layout/user.js';
import { loadAssets, type Asset } from './assets.js';
import { contentSecurityPolicy, setAssetHeaders, setPageHeaders, type PageSecurityOptions } from './headers.js';
import { ErrorPage } from './error-page.js';
import type { PageFrame } from './frame.js';
import { NotFoundPage } from './not-found-page.js';
import { StartPage } from './start-page.js';

export interface WerkplekPagesOptions extends PageSecurityOptions {
  /** The signed-in person of this request, or undefined without a (valid) session. May look the session up. */
  werkplekUser: (request: FastifyRequest) => WerkplekUser | undefined | Promise<WerkplekUser | undefined>;
  /** The CSRF token of this request's session, put in every form (the logout button included). */
  csrfToken: (request: FastifyRequest) => string | Promise<string>;
  /** Where `/` sends a visitor without a session (a function to choose per request). */
  loginPath?: string | ((request: FastifyRequest) => string);
  /**
   * Set the Dutch 404 page as the not-found handler of the plugin's prefix (default). Pass false when
   * the listener's root already has one (fastify allows one per prefix) and call
   * `werkplekNotFound(options)` from it for the paths that are not the API's.
   */
  notFoundHandler?: boolean;
  /** The sections of pages (each calls pageSection first), registered inside this plugin so they have reply.page. */
  sections?: FastifyPluginAsync[];
}

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Answer with a Werkplek page: the strict CSP, no-store, and the layout's frame (stylesheets,
     * the person, the CSRF token) handed to `render`. Available inside werkplekPages' sections.
     */
    page(render: (frame: PageFrame) => JSX.Element, status?: number): Promise<FastifyReply>;
  }
}

/** What every page answer needs, computed once per plugin: the CSP header, the stylesheet and module addresses. */
interface PageContext {
  csp: string;
  assets: Asset[];
  stylesheets: string[];
  modules: Record<string, string>;
}

const contexts = new WeakMap<WerkplekPagesOptions, PageContext>();

function pageContext(options: WerkplekPagesOptions): PageContext {
  let context = contexts.get(options);
  if (!context) {
    const assets = loadAssets();
    const stylesheets = assets.filter((asset) => asset.name.endsWith('.css')).map((asset) => asset.path);
    const modules = Object.fromEntries(assets.filter((asset) => asset.name.endsWith('.js')).map((asset) => [asset.name, asset.path]));
    context = { csp: contentSecurityPolicy(options), assets, stylesheets, modules };
    contexts.set(options, context);
  }
  return context;
}

async function frameFor(options: WerkplekPagesOptions, context: PageContext, request: FastifyRequest): Promise<PageFrame> {
  const user = await options.werkplekUser(request);
  return { stylesheets: context.stylesheets, modules: context.modules, session: user ? { user, csrfToken: await options.csrfToken(request) } : undefined };
}

async function sendPage(reply: FastifyReply, context: PageContext, status: number, page: JSX.Element) {
  setPageHeaders(reply, context.csp);
  return reply.code(status).type('text/html; charset=utf-8').send(await htmlDocument(page));
}

/** The Dutch 404 page as a not-found handler, with the signed-in person's navigation when there is one. */
export function werkplekNotFound(options: WerkplekPagesOptions) {
  const context = pageContext(options);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const user = await options.werkplekUser(request);
    const session = user ? { user, csrfToken: await options.csrfToken(request) } : undefined;
    return sendPage(reply, context, 404, <NotFoundPage stylesheets={context.stylesheets} session={session} />);
  };
}

/**
 * The Werkplek's pages and stylesheets. Register it (encapsulated, `app.register`) at the root of
 * the staff listener. Every answer from here carries the strict CSP; pages are never cached,
 * stylesheets are cached for a year under an address holding their content hash.
 */
export async function werkplekPages(app: FastifyInstance, options: WerkplekPagesOptions): Promise<void> {
  const context = pageContext(options);
  const loginPath = (request: FastifyRequest) => (typeof options.loginPath === 'function' ? options.loginPath(request) : options.loginPath ?? '/inloggen');

  for (const asset of context.assets) {
    app.get(asset.path, async (_request, reply) => {
      setAssetHeaders(reply, context.csp, asset.contentType);
      return reply.send(asset.body);
    });
  }

  app.get('/', async (request, reply) => {
    const user = await options.werkplekUser(request);
    if (!user) {
      setPageHeaders(reply, context.csp);
      return reply.redirect(loginPath(request), 303);
    }
    const csrfToken = await options.csrfToken(request);
    return sendPage(reply, context, 200, <StartPage user={user} csrfToken={csrfToken} stylesheets={context.stylesheets} />);
  });

  app.decorateReply('page', async function (this: FastifyReply, render: (frame: PageFrame) => JSX.Element, status = 200) {
    return sendPage(this, context, status, render(await frameFor(options, context, this.request)));
  });

  // A page that fails answers as a page (in Dutch, with the navigation), never as JSON or a stack.
  app.setErrorHandler(async (error: Error, request, reply) => {
    const problem = problemFor(error, request);
    if (problem.headers) reply.headers(problem.headers);
    const frame = await frameFor(options, context, request).catch(() => ({ stylesheets: context.stylesheets, modules: context.modules, session: undefined }));
    return sendPage(reply, context, problem.status, <ErrorPage frame={frame} status={problem.status} detail={problem.message} />);
  });

  // Forms post application/x-www-form-urlencoded (pages work without JavaScript).
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody, { bodyLimit: 64 * 1024 });
  for (const section of options.sections ?? []) await app.register(section);

  if (options.notFoundHandler !== false) app.setNotFoundHandler(werkplekNotFound(options));
}
