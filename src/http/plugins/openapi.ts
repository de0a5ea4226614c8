import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { apiBasePath, apiVersion } from '../api-version.js';
import { jsonResponse, problemResponses } from '../openapi-schemas.js';

/**
 * The OpenAPI document is generated from the route schemas, so it cannot drift from the code.
 * Served without authentication and with open CORS, as the ADR asks.
 */
export const openapiPlugin = fp(async (app: FastifyInstance, opts: { serverUrl: string }) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'vroegsignaal',
        description: 'Gateway voor vroegsignalering schulden: ondertekende signalen van signaalpartners, gepseudonimiseerde zaken voor gemeenten, controleerbare audit.',
        version: apiVersion,
        contact: { name: 'vroegsignaal beheer', url: 'https://github.com/vroegsignaal/vroegsignaal', email: 'beheer@vroegsignaal.example' },
      },
      servers: [{ url: `${opts.serverUrl}${apiBasePath}` }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'OIDC-token met gemeentecode en roles' } },
      },
      tags: [
        { name: 'vroegsignalen', description: 'Signalen afgeven en volgen (signaalpartners, mTLS)' },
        { name: 'sleutels', description: 'Publieke sleutels' },
        { name: 'beleid', description: 'Beleid als code (privacy officer, beheerder)' },
        { name: 'zaken', description: 'Zaken oppakken en afhandelen (schuldhulpverleners)' },
        { name: 'inwoners', description: 'Rechten van inwoners: inzage en wissen (privacy officer)' },
        { name: 'auditlog', description: 'Controleerbaar logboek: checkpoints en RFC 9162-bewijzen' },
        { name: 'openapi', description: 'Dit document' },
      ],
    },
  });
  app.get(`${apiBasePath}/openapi.json`, {
    schema: {
      summary: 'Dit OpenAPI-document',
      operationId: 'getOpenapi',
      tags: ['openapi'],
      response: { 200: jsonResponse('OpenAPI 3', { type: 'object' }), ...problemResponses() },
    },
  }, async (_request, reply) => {
    reply.header('Access-Control-Allow-Origin', '*');
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(app.swagger()));
  });
});
