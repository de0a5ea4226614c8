import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { bearerAuth } from '../../../src/http/caller.js';
import type { AppDeps } from '../../../src/http/deps.js';

const deps = { verifyToken: async () => ({ sub: 's', gemeentecode: '1696', roles: ['schuldhulpverlener'] }) } as unknown as AppDeps;

describe('the staff group’s bearer hooks', () => {
  it('refuse to start with a route that declares no roles, instead of serving it to any token', async () => {
    const app = Fastify();
    const start = async () => {
      await app.register(async (staff) => {
        bearerAuth(staff, deps);
        staff.get('/met-rollen', { config: { roles: ['beheerder'] } }, async () => 'ok');
        staff.get('/zonder-rollen', async () => 'ok');
      });
      await app.ready();
    };
    await expect(start()).rejects.toThrow(/GET \/zonder-rollen: .*config\.roles/);
  });

  it('leave routes outside the group alone', async () => {
    const app = Fastify();
    app.get('/openbaar', async () => 'ok');
    await app.register(async (staff) => {
      bearerAuth(staff, deps);
      staff.get('/zaken', { config: { roles: ['schuldhulpverlener'] } }, async (request) => request.caller.sub);
    });
    expect((await app.inject('/openbaar')).body).toBe('ok');
    expect((await app.inject('/zaken')).body).toBe('s');
    await app.close();
  });
});
