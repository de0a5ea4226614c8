import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';

describe('METRICS_PORT', () => {
  it('is unset by default: /metrics only on the staff listener, for role beheerder', () => {
    expect(loadConfig({}).metricsPort).toBeUndefined();
  });

  it('is a port, 0 meaning any free one', () => {
    expect(loadConfig({ METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(loadConfig({ PORT: '0', METRICS_PORT: '0' }).metricsPort).toBe(0);
    expect(() => loadConfig({ METRICS_PORT: 'poort' })).toThrow(/METRICS_PORT/);
  });

  it('must differ from PORT and STAFF_PORT', () => {
    expect(() => loadConfig({ METRICS_PORT: '8443' })).toThrow(/METRICS_PORT: moet een andere poort zijn dan PORT \(8443\) en STAFF_PORT \(8444\)/);
    expect(() => loadConfig({ METRICS_PORT: '8444' })).toThrow(/METRICS_PORT/);
  });
});
