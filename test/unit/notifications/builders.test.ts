import { describe, expect, it } from 'vitest';
import { cloudEvent, eventSource } from '../../../src/notifications/cloud-event.js';
import type { OutboxEvent } from '../../../src/notifications/event.js';
import { feedbackMessages, type FeedbackReceiver } from '../../../src/notifications/feedback.js';
import { eindresultaten } from '../../../src/policy/bundle-schema.js';
import { loadPolicyBundle } from '../../../src/policy/load.js';

const policy = loadPolicyBundle(new URL('../../../policies', import.meta.url).pathname).bundle.terugmelding;
const gatewayOin = '00000099000000000001';
const huur = '00000099000000001000';
const energie = '00000099000000002000';
const water = '00000099000000003000';
const receivers: Record<string, FeedbackReceiver> = {
  [huur]: { url: 'https://huur.example/terugmelding' },
  [energie]: { url: 'https://energie.example/terugmelding', ca: '-----BEGIN CERTIFICATE-----…' },
  // water has no callback: it keeps polling.
};
const registry = { feedbackReceiver: (oin: string) => receivers[oin] };

function event(over: Partial<OutboxEvent> = {}): OutboxEvent {
  return {
    id: 'c0ffee00-0000-4000-8000-000000000001.3',
    type: 'afgesloten',
    time: '2026-12-01T10:00:00.000Z',
    zaakId: 'c0ffee00-0000-4000-8000-000000000001',
    gemeentecode: '0518',
    sequence: 3,
    zaak: { status: 'afgesloten', aanbodtermijn: '2026-12-15', partnerTypes: ['Huur', 'Energie', 'Water'], eindresultaat: 'Vervolghulp en/of verwijzing financieel' },
    signalen: [
      { signaalId: 'aaaaaaaa-0000-4000-8000-000000000001', id: 'HUUR-1', partnerOin: huur, status: 'in behandeling' },
      { signaalId: 'bbbbbbbb-0000-4000-8000-000000000002', id: 'EN-7', partnerOin: energie, status: 'in behandeling' },
      { signaalId: 'cccccccc-0000-4000-8000-000000000003', id: 'W-3', partnerOin: water, status: 'in behandeling' },
    ],
    ...over,
  };
}

describe('feedbackMessages', () => {
  it('gives each partner with a callback one message about its own signal only, with what the policy allows', () => {
    const messages = feedbackMessages(event(), policy, registry);
    expect(messages).toEqual([
      {
        partnerOin: huur, receiver: receivers[huur], idempotencyKey: 'c0ffee00-0000-4000-8000-000000000001.3',
        body: { signaalId: 'aaaaaaaa-0000-4000-8000-000000000001', id: 'HUUR-1', status: 'in behandeling', eindresultaat: 'Vervolghulp en/of verwijzing financieel', tijdstip: '2026-12-01T10:00:00.000Z' },
        rules: ['terugmelding.statussen.in behandeling', 'terugmelding.eindresultaten.Vervolghulp en/of verwijzing financieel'],
      },
      {
        partnerOin: energie, receiver: receivers[energie], idempotencyKey: 'c0ffee00-0000-4000-8000-000000000001.3',
        body: { signaalId: 'bbbbbbbb-0000-4000-8000-000000000002', id: 'EN-7', status: 'in behandeling', eindresultaat: 'Vervolghulp en/of verwijzing financieel', tijdstip: '2026-12-01T10:00:00.000Z' },
        rules: ['terugmelding.statussen.in behandeling', 'terugmelding.eindresultaten.Vervolghulp en/of verwijzing financieel'],
      },
    ]);
  });

  it('never puts anything of another partner\'s signal in a body', () => {
    for (const m of feedbackMessages(event(), policy, registry)) {
      const text = JSON.stringify(m.body);
      for (const other of event().signalen.filter((s) => s.partnerOin !== m.partnerOin)) {
        expect(text).not.toContain(other.signaalId);
        expect(text).not.toContain(other.id);
        expect(text).not.toContain(other.partnerOin);
      }
      // Nor the case, nor who else signalled.
      expect(text).not.toMatch(/c0ffee00|Energie|Water|Huur"|0518|2026-12-15/);
    }
  });

  it('never says why a signal was not picked up, whatever the case was closed with', () => {
    for (const eindresultaat of eindresultaten) {
      const e = event({ zaak: { status: 'afgesloten', eindresultaat }, signalen: [{ signaalId: 'aaaaaaaa-0000-4000-8000-000000000001', id: 'HUUR-1', partnerOin: huur, status: 'niet opgepakt' }] });
      const [m] = feedbackMessages(e, policy, registry);
      expect(m!.body).toEqual({ signaalId: 'aaaaaaaa-0000-4000-8000-000000000001', id: 'HUUR-1', status: 'niet opgepakt', tijdstip: '2026-12-01T10:00:00.000Z' });
      expect(JSON.stringify(m)).not.toContain(eindresultaat);
    }
  });

  it('leaves out an end result the policy does not list', () => {
    const [m] = feedbackMessages(event({ zaak: { status: 'afgesloten', eindresultaat: '(Budget)advies en/of quick fix' } }), policy, registry);
    expect(m!.body).not.toHaveProperty('eindresultaat');
    expect(m!.rules).toEqual(['terugmelding.statussen.in behandeling']);
  });

  it('sends nothing for a status the policy does not push, nor to a partner without a callback', () => {
    // The shipped policy: the receipt already said 'ontvangen'.
    const opened = event({ type: 'aangemaakt', zaak: { status: 'open' }, signalen: [{ signaalId: 'aaaaaaaa-0000-4000-8000-000000000001', id: 'HUUR-1', partnerOin: huur, status: 'ontvangen' }] });
    expect(feedbackMessages(opened, policy, registry)).toEqual([]);
    const quiet = { ...policy, statussen: { ...policy.statussen, 'in behandeling': { ...policy.statussen['in behandeling'], waarde: false } } };
    expect(feedbackMessages(event(), quiet, registry)).toEqual([]);
    expect(feedbackMessages(event(), policy, { feedbackReceiver: () => undefined })).toEqual([]);
  });

  it('gives two signals of one partner in one event each its own stable idempotency key', () => {
    const e = event({ signalen: [
      { signaalId: 'aaaaaaaa-0000-4000-8000-000000000001', id: 'HUUR-1', partnerOin: huur, status: 'in behandeling' },
      { signaalId: 'dddddddd-0000-4000-8000-000000000004', id: 'HUUR-2', partnerOin: huur, status: 'in behandeling' },
    ] });
    const keys = feedbackMessages(e, policy, registry).map((m) => m.idempotencyKey);
    expect(keys).toEqual([`${e.id}.aaaaaaaa-0000-4000-8000-000000000001`, `${e.id}.dddddddd-0000-4000-8000-000000000004`]);
    expect(feedbackMessages(e, policy, registry).map((m) => m.idempotencyKey)).toEqual(keys);
  });
});

describe('cloudEvent (NL GOV profile for CloudEvents)', () => {
  it('builds the structured-mode event with the profile\'s attributes', () => {
    expect(cloudEvent(event(), gatewayOin)).toEqual({
      specversion: '1.0',
      id: 'c0ffee00-0000-4000-8000-000000000001.3',
      source: 'urn:nld:oin:00000099000000000001:systeem:vroegsignaal',
      type: 'nl.vroegsignaal.zaak.afgesloten',
      subject: 'c0ffee00-0000-4000-8000-000000000001',
      time: '2026-12-01T10:00:00.000Z',
      sequence: '0000000003',
      datacontenttype: 'application/json',
      data: {
        zaakId: 'c0ffee00-0000-4000-8000-000000000001', gemeentecode: '0518', status: 'afgesloten', aanbodtermijn: '2026-12-15',
        partnerTypes: ['Huur', 'Energie', 'Water'], eindresultaat: 'Vervolghulp en/of verwijzing financieel',
      },
    });
  });

  it('orders a case\'s events by plain string comparison of sequence, as the sequence extension requires', () => {
    const sequences = [1, 2, 9, 10, 11, 100, 12345].map((n) => cloudEvent(event({ sequence: n }), gatewayOin).sequence);
    expect([...sequences].sort()).toEqual(sequences);
  });

  it('types each kind of change as nl.vroegsignaal.zaak.<type>', () => {
    for (const type of ['aangemaakt', 'samengevoegd', 'opgepakt', 'termijn-verstreken', 'afgesloten'] as const) {
      expect(cloudEvent(event({ type }), gatewayOin).type).toBe(`nl.vroegsignaal.zaak.${type}`);
    }
  });

  it('refuses a gateway OIN that is not one and a sequence that is not a count from 1', () => {
    expect(() => eventSource('123')).toThrow(/20 cijfers/);
    expect(() => cloudEvent(event({ sequence: 0 }), gatewayOin)).toThrow(/volgnummer/);
  });
});

describe('canary: personal data never reaches a delivered body', () => {
  it('picks fields by name, so personal data smuggled into an event stays out of every body', () => {
    const canaries = ['Canarywoud', 'canary@example.nl', '0612345678', '1999-09-09', '9999ZZ', 'pseudo:canary'];
    const e = event() as OutboxEvent & Record<string, unknown>;
    const tainted = {
      ...e,
      persoon: { achternaam: canaries[0], email: canaries[1], telefoonnummer: canaries[2], geboortedatum: canaries[3] },
      zaak: { ...e.zaak, postcode: canaries[4], persoonPseudoniem: canaries[5] },
      signalen: e.signalen.map((s) => ({ ...s, adres: { postcode: canaries[4] }, persoonPseudoniem: canaries[5] })),
    } as unknown as OutboxEvent;
    const bodies = [
      ...feedbackMessages(tainted, policy, registry).map((m) => JSON.stringify(m.body)),
      JSON.stringify(cloudEvent(tainted, gatewayOin)),
    ];
    expect(bodies).toHaveLength(3);
    for (const body of bodies) for (const canary of canaries) expect(body).not.toContain(canary);
  });
});
