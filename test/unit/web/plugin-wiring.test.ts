import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { werkplekNotFound, werkplekPages } from '../../../src/web/pages/plugin.js';

/*
 * How the plugin sits beside the staff JSON API on one listener: pages and their HTML 404 at the
 * root, the API's own not-found answer under /v1. The accessors may be async (a session lookup).
 */
const app = Fastify();

beforeAll(async () => {
  await app.register(werkplekPages, {
    werkplekUser: async (request) => (request.headers['x-test-rol'] ? { name: 'Piet', roles: [String(request.headers['x-test-rol'])] } : undefined),
    csrfToken: async () => 'token',
    loginPath: '/inloggen',
  });
  await app.register(
    async (api) => {
      api.get('/zaken', async () => ({ zaken: [] }));
      api.setNotFoundHandler(async (_request, reply) => reply.code(404).type('application/problem+json').send({ status: 404 }));
    },
    { prefix: '/v1' },
  );
  await app.ready();
});

afterAll(() => app.close());

describe('werkplekPages beside a JSON API', () => {
  it('renders the start page for a signed-in person and redirects anyone else to the login', async () => {
    const page = await app.inject({ url: '/', headers: { 'x-test-rol': 'teamleider' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toMatch(/^<!doctype html><html lang="nl"/);
    expect(page.body).toContain('href="/sturing"');
    const anonymous = await app.inject({ url: '/' });
    expect([anonymous.statusCode, anonymous.headers.location]).toEqual([303, '/inloggen']);
  });

  it('leaves the API its own answers and its own 404', async () => {
    expect((await app.inject({ url: '/v1/zaken' })).json()).toEqual({ zaken: [] });
    const apiMissing = await app.inject({ url: '/v1/bestaat-niet' });
    expect(apiMissing.statusCode).toBe(404);
    expect(apiMissing.headers['content-type']).toMatch(/^application\/problem\+json/);
    const pageMissing = await app.inject({ url: '/bestaat-niet' });
    expect(pageMissing.statusCode).toBe(404);
    expect(pageMissing.body).toContain('Pagina niet gevonden');
  });
});

describe('werkplekNotFound on a listener whose root already has a not-found handler', () => {
  it('answers the Dutch page for non-API paths from the root handler', async () => {
    const options = { werkplekUser: () => undefined, csrfToken: () => 'token', notFoundHandler: false };
    const root = Fastify();
    const pageNotFound = werkplekNotFound(options);
    root.setNotFoundHandler((request, reply) =>
      request.url.startsWith('/v1/') ? reply.code(404).send({ status: 404 }) : pageNotFound(request, reply),
    );
    await root.register(werkplekPages, options);
    const missing = await root.inject({ url: '/bestaat-niet' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Pagina niet gevonden');
    expect(missing.headers['cache-control']).toBe('no-store');
    expect((await root.inject({ url: '/v1/x' })).json()).toEqual({ status: 404 });
    await root.close();
  });
});
