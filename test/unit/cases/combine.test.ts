import { describe, expect, it } from 'vitest';
import { combine, isRepeat } from '../../../src/cases/combine.js';

const now = new Date('2026-11-22T10:00:00Z');
const signal = { ontstaansdatum: '2026-09-01', bedrag: 1250, signaaldatum: '2026-11-20' };

describe('combining signals per address (DDAS)', () => {
  it('joins an open case at the address (meervoudig)', () => {
    expect(combine({ openZaakId: 'z1' }, undefined, signal, now)).toEqual({ kind: 'meervoudig', zaakId: 'z1' });
  });

  it('recognises a repeat: same partner, same arrears, not grown, within six months', () => {
    const prev = { ontstaansdatum: '2026-09-01', bedrag: 1250, signaaldatum: '2026-10-20' };
    expect(isRepeat(prev, signal)).toBe(true);
    expect(isRepeat({ ...prev, bedrag: 1249 }, signal)).toBe(false); // grown by €1: picked up
    expect(isRepeat({ ...prev, ontstaansdatum: '2026-08-01' }, signal)).toBe(false); // other arrears
    expect(isRepeat({ ...prev, signaaldatum: '2026-05-20' }, signal)).toBe(true); // exactly six months
    expect(isRepeat({ ...prev, signaaldatum: '2026-05-19' }, signal)).toBe(false); // a day longer
    expect(combine({}, prev, signal, now)).toEqual({ kind: 'herhaald' });
    expect(combine({ openZaakId: 'z1' }, prev, signal, now)).toEqual({ kind: 'herhaald', zaakId: 'z1' });
  });

  it('marks a new case opeenvolgend when the address’s last case closed within six months', () => {
    expect(combine({ closedAt: '2026-05-22T08:00:00.000Z' }, undefined, signal, now).kind).toBe('opeenvolgend');
    expect(combine({ closedAt: '2026-05-21T23:00:00.000Z' }, undefined, signal, now).kind).toBe('enkelvoudig');
    expect(combine({}, undefined, signal, now).kind).toBe('enkelvoudig');
  });
});
