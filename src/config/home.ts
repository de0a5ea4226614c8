import { join, resolve } from 'node:path';

/**
 * Where everything the gateway keeps on disk lives under VROEGSIGNAAL_HOME. One function so the
 * bootstrap, the CLI and the tests agree on the layout without passing paths around.
 */
export function homeLayout(home: string) {
  const root = resolve(home);
  return {
    root,
    redisDir: join(root, 'redis'),
    caCert: join(root, 'ca', 'ca.crt'),
    caKey: join(root, 'ca', 'ca.key'),
    serverCert: join(root, 'tls', 'server.crt'),
    serverKey: join(root, 'tls', 'server.key'),
    /** The gateway's own TLS client certificate: terugmeldingen and CloudEvents go out with it (mutual TLS). */
    clientCert: join(root, 'tls', 'gateway-client.crt'),
    clientKey: join(root, 'tls', 'gateway-client.key'),
    receiptKey: join(root, 'keys', 'receipt.key'),
    checkpointKey: join(root, 'keys', 'checkpoint.key'),
    municipalKeysDir: join(root, 'keys', 'gemeenten'),
    partnerRegistry: join(root, 'partners.json'),
    /** Municipal subscriptions to case events (CloudEvents), `vroegsignaal abonnement`. */
    subscriptionRegistry: join(root, 'abonnementen.json'),
    partnersDir: join(root, 'partners'),
    /** Data consumers (CBS) of the DDAS pull API: OIN, name, pinned certificates, municipalities. */
    afnemerRegistry: join(root, 'afnemers.json'),
    /** The gateway's PS256 key and certificate chain that sign DDAS pull answers. */
    ddasSigningKey: join(root, 'keys', 'ddas-signing.key'),
    ddasSigningCert: join(root, 'tls', 'ddas-signing.crt'),
    /** Written by the gateway (VROEGSIGNAAL_STATE overrides): period keys. */
    stateDir: join(root, 'state'),
  };
}
export type HomeLayout = ReturnType<typeof homeLayout>;
