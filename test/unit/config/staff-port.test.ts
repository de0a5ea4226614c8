import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';

describe('STAFF_PORT', () => {
  it('is 8444 by default, beside the partner listener on 8443', () => {
    expect(loadConfig({})).toMatchObject({ port: 8443, staffPort: 8444 });
  });

  it('is any free port (0) when PORT is, so gateways on ephemeral ports do not contend for 8444', () => {
    expect(loadConfig({ PORT: '0' })).toMatchObject({ port: 0, staffPort: 0 });
    expect(loadConfig({ PORT: '0', STAFF_PORT: '9444' })).toMatchObject({ staffPort: 9444 });
  });

  it('must differ from PORT', () => {
    expect(() => loadConfig({ PORT: '9000', STAFF_PORT: '9000' })).toThrow(/STAFF_PORT: moet een andere poort zijn dan PORT \(9000\)/);
    expect(() => loadConfig({ STAFF_PORT: 'poort' })).toThrow(/STAFF_PORT/);
  });
});
