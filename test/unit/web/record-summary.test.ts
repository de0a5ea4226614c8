import { describe, expect, it } from 'vitest';
import { summarise } from '../../../src/web/auditlog/record-summary.js';

describe('auditlog row summary', () => {
  it('says the decision and the case step of an accepted signal\'s one record', () => {
    const s = summarise({ index: 7, record: {
      kind: 'verwerking', name: 'vroegsignaal-verwerkt', start_time: '2026-11-22T12:00:00.000Z', status: 'Ok',
      attributes: {
        'dpl.core.processing_activity_id': 'urn:a', 'vroegsignaal.gemeentecode': '0518', 'vroegsignaal.zaak_id': 'zaak-1',
        'vroegsignaal.besluit.resultaat': 'allow', 'vroegsignaal.besluit.codes': ['toegestaan'], 'vroegsignaal.zaakstap': 'signaal-bij-zaak-gevoegd',
      },
    } });
    expect(s).toMatchObject({ soort: 'Verwerking', wat: 'vroegsignaal-verwerkt', uitkomst: 'toegestaan (toegestaan), bij zaak gevoegd', gemeente: '0518', zaak: 'zaak-1' });
  });

  it('keeps "uitgevoerd" for other processing records', () => {
    const s = summarise({ index: 8, record: { kind: 'verwerking', name: 'zaak-opgepakt', start_time: '2026-11-22T12:00:00.000Z', status: 'Ok', attributes: {} } });
    expect(s.uitkomst).toBe('uitgevoerd');
  });
});
