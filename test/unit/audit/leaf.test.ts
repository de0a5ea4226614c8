import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jcs } from '../../../src/audit/jcs.js';
import { sealRecord } from '../../../src/audit/leaf.js';
import { maskedFieldNames, processingRecord } from '../../../src/audit/records.js';
import { childSpan, traceFromHeader } from '../../../src/audit/trace.js';

const record = processingRecord({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }, 'signaal-ontvangen', new Date('2026-11-22T09:30:00Z'), {
  'dpl.core.processing_activity_id': 'urn:test',
  'dpl.core.data_subject_id': 'p1:abc',
  'dpl.core.data_subject_id_type': 'pseudoniem-persoon',
  'vroegsignaal.vertrouwelijkheid': 'vertrouwelijk',
  'vroegsignaal.bewaartermijn': 'P2Y',
});

describe('sealRecord', () => {
  it('commits to SHA-256(salt ‖ JCS(record)) and hashes the leaf as RFC 9162 (0x00 prefix)', () => {
    const salt = Buffer.alloc(32, 7);
    const sealed = sealRecord(record, salt);
    const expectedData = createHash('sha256').update(salt).update(jcs(record)).digest();
    expect(sealed.leafData).toEqual(expectedData);
    expect(sealed.leafHash).toEqual(createHash('sha256').update(Buffer.concat([Buffer.from([0]), expectedData])).digest());
  });

  it('uses a fresh 32-byte salt by default, so equal records give unlinkable leaves', () => {
    const a = sealRecord(record);
    const b = sealRecord(record);
    expect(a.salt).toHaveLength(32);
    expect(a.leafData.equals(b.leafData)).toBe(false);
  });
});

describe('JCS (RFC 8785)', () => {
  it('sorts keys and writes numbers canonically', () => {
    expect(jcs({ b: 1, a: [1e21, 0.5, 'é'] })).toBe('{"a":[1e+21,0.5,"é"],"b":1}');
  });
});

describe('maskedFieldNames', () => {
  it('lists field paths, never values', () => {
    expect(maskedFieldNames({ persoon: { achternaam: 'Geheim', email: 'x@y' }, bedrag: 5 })).toEqual(['bedrag', 'persoon.achternaam', 'persoon.email']);
  });
});

describe('trace context', () => {
  it('continues a valid traceparent with a new span whose parent is the caller’s span', () => {
    const t = traceFromHeader('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(t.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(t.parentSpanId).toBe('b7ad6b7169203331');
    expect(t.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(childSpan(t).parentSpanId).toBe(t.spanId);
  });

  it('starts a new trace for a missing, malformed or all-zero traceparent', () => {
    for (const header of [undefined, 'nonsense', '00-00000000000000000000000000000000-b7ad6b7169203331-01']) {
      const t = traceFromHeader(header);
      expect(t.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(t.parentSpanId).toBeUndefined();
    }
  });
});
