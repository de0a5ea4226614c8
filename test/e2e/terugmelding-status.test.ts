import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { loadReceiptSigner } from '../../src/intake/receipt-key.js';
import { senderFromFiles } from '../../src/notifications/deliver.js';
import type { OutboxEvent } from '../../src/notifications/event.js';
import { feedbackMessages } from '../../src/notifications/feedback.js';
import type { PartnerStatus } from '../../src/policy/bundle-schema.js';
import { loadPolicyBundle } from '../../src/policy/load.js';
import { callAs, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { httpsRequest, postSigned } from '../helpers/https-client.js';
import { startTestReceiver } from '../helpers/receiver.js';
import { exampleSignal } from './fixtures.js';

/**
 * The status endpoint and the terugmelding never disagree: both come from the stored status and
 * policies/terugmelding.yaml. Here the terugmelding is built from what the gateway stored (as
 * the outbox event will carry it), delivered with the development home's own client certificate
 * and receipt key to a receiver that verifies it against the live GET /v1/sleutels, and compared
 * with what GET /v1/vroegsignalen/{id} says.
 */
let gw: TestGateway;
const policy = loadPolicyBundle(new URL('../../policies', import.meta.url).pathname).bundle.terugmelding;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const worker = (method: string, path: string, body?: unknown) => callAs(gw, { sub: 'w', gemeentecode: '1696', role: 'schuldhulpverlener' }, method, path, body);
const send = (creds: TestGateway['huur'], signal: unknown) => postSigned(gw.url, '/v1/vroegsignalen', creds, signal, { now: gw.clock.now });
const statusOf = async (creds: TestGateway['huur'], signaalId: string) => (await httpsRequest(gw.url, `/v1/vroegsignalen/${signaalId}`, { creds })).json;

/** A case of a rent and an energy signal at one address, claimed and closed with this end result. */
async function closedCase(huisnummer: string, eindresultaat: string) {
  while ((await worker('POST', '/v1/zaken/_oppakken')).status === 200);
  const rent = exampleSignal();
  rent.adres.huisnummer = huisnummer;
  const energy = { ...exampleSignal({ signaalpartner: 'Energie' }), adres: rent.adres };
  const [a, b] = [await send(gw.huur, rent), await send(gw.energie, energy)];
  expect([a.status, b.status]).toEqual([202, 202]);
  const claimed = await worker('POST', '/v1/zaken/_oppakken');
  expect((await worker('POST', `/v1/zaken/${claimed.json.zaakId}/_afsluiten`, { eindresultaat })).status).toBe(200);
  return { zaakId: claimed.json.zaakId as string, rent: a.json, energy: b.json };
}

/** The outbox event as the close script will append it: the stored statuses of the case's signals. */
async function eventFromStore(zaakId: string, signals: Array<{ signaalId: string; id: string }>): Promise<OutboxEvent> {
  const zaak = await gw.redis.hgetall(`vs:zaak:${zaakId}`);
  return {
    id: `${zaakId}.9`, type: 'afgesloten', time: gw.clock.now.toISOString(), zaakId, gemeentecode: '1696', sequence: 9,
    zaak: { status: zaak.status!, ...(zaak.eindresultaat ? { eindresultaat: zaak.eindresultaat } : {}) },
    signalen: await Promise.all(signals.map(async (s) => {
      const stored = await gw.redis.hgetall(`vs:signaal:${s.signaalId}`);
      return { signaalId: s.signaalId, id: s.id, partnerOin: stored.partnerOin!, status: (stored.status ?? 'ontvangen') as PartnerStatus };
    })),
  };
}

describe('terugmelding and status endpoint', () => {
  it('say the same, end result included where the policy allows it, and the pushed one verifies against GET /v1/sleutels', async () => {
    const { zaakId, rent, energy } = await closedCase('801', 'Vervolghulp en/of verwijzing financieel');
    const polled = await statusOf(gw.huur, rent.signaalId);
    expect(polled).toEqual({ signaalId: rent.signaalId, id: rent.id, status: 'in behandeling', eindresultaat: 'Vervolghulp en/of verwijzing financieel' });

    const config = loadConfig({ VROEGSIGNAAL_HOME: gw.home });
    const sleutels = (await httpsRequest(gw.url, '/v1/sleutels', { creds: gw.huur })).json;
    const receiver = await startTestReceiver({
      clientCa: readFileSync(config.home.caCert), jwks: sleutels, expectOin: config.notify.gatewayOin!, clock: () => gw.clock.now, kind: 'terugmelding',
    });
    const sender = senderFromFiles(config.notify, await loadReceiptSigner(config.receipt.keyPath, config.receipt.alg), () => gw.clock.now);
    try {
      const event = await eventFromStore(zaakId, [rent, energy]);
      const messages = feedbackMessages(event, policy, { feedbackReceiver: (oin) => oin === '00000099000000001000' ? { url: receiver.url, ca: receiver.ca } : undefined });
      expect(messages).toHaveLength(1);
      expect((await sender.deliver(messages[0]!.receiver, { kind: 'terugmelding', idempotencyKey: messages[0]!.idempotencyKey, body: messages[0]!.body })).outcome).toBe('delivered');
      const [got] = await receiver.waitFor(1);
      const { tijdstip, ...pushed } = got!.body;
      expect(pushed).toEqual(polled);
      expect(tijdstip).toBe(gw.clock.now.toISOString());
      expect(got!.idempotencyKey).toBe(event.id);
      // The energy partner's signal is in neither.
      expect(JSON.stringify(got!.body)).not.toContain(energy.signaalId);
    } finally {
      sender.close();
      await receiver.close();
    }
  });

  it('leave out an end result the policy does not list, and never give the reason for "niet opgepakt"', async () => {
    const helped = await closedCase('802', '(Budget)advies en/of quick fix');
    const notPickedUp = await closedCase('803', 'Niet opgepakt: onterecht signaal');
    for (const [c, status] of [[helped, 'in behandeling'], [notPickedUp, 'niet opgepakt']] as const) {
      for (const [creds, signal] of [[gw.huur, c.rent], [gw.energie, c.energy]] as const) {
        const polled = await statusOf(creds, signal.signaalId);
        expect(polled).toEqual({ signaalId: signal.signaalId, id: signal.id, status });
        const event = await eventFromStore(c.zaakId, [c.rent, c.energy]);
        const pushed = feedbackMessages(event, policy, { feedbackReceiver: () => ({ url: 'https://partner.example/' }) })
          .find((m) => m.body.signaalId === signal.signaalId)!.body;
        const { tijdstip: _t, ...rest } = pushed;
        expect(rest).toEqual(polled);
      }
    }
  });
});
