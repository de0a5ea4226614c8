import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devGatewayOin, loadConfig } from '../../../src/config/config.js';

describe('delivery configuration', () => {
  it('defaults to the development OIN and the client certificate under the home, 10 s per delivery', () => {
    const config = loadConfig({ VROEGSIGNAAL_HOME: '/tmp/vs-home-x' });
    expect(config.notify).toEqual({
      gatewayOin: devGatewayOin, clientCert: join(resolve('/tmp/vs-home-x'), 'tls', 'gateway-client.crt'),
      clientKey: join(resolve('/tmp/vs-home-x'), 'tls', 'gateway-client.key'), timeoutMs: 10_000,
    });
    expect(config.subscriptionRegistry).toBe(join(resolve('/tmp/vs-home-x'), 'abonnementen.json'));
  });

  it('takes the settings from the environment, and has no OIN of its own in production', () => {
    const config = loadConfig({
      GATEWAY_OIN: '00000001234567890000', NOTIFY_CLIENT_CERT: '/run/secrets/c.crt', NOTIFY_CLIENT_KEY: '/run/secrets/c.key',
      NOTIFY_TIMEOUT_MS: '2500', SUBSCRIPTION_REGISTRY: '/etc/vs/abonnementen.json',
    });
    expect(config.notify).toEqual({ gatewayOin: '00000001234567890000', clientCert: '/run/secrets/c.crt', clientKey: '/run/secrets/c.key', timeoutMs: 2500 });
    expect(config.subscriptionRegistry).toBe('/etc/vs/abonnementen.json');
    expect(loadConfig({ VROEGSIGNAAL_MODE: 'production' }).notify.gatewayOin).toBeUndefined();
  });

  it('refuses an OIN that is not 20 digits', () => {
    expect(() => loadConfig({ GATEWAY_OIN: '1234' })).toThrow(/GATEWAY_OIN: verwacht een OIN van 20 cijfers/);
  });
});
