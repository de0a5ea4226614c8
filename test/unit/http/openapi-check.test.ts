import { describe, expect, it } from 'vitest';
import { renderOpenapi } from '../../../src/http/render-openapi.js';
import { assertDocumented, staffListener } from '../../helpers/openapi-check.js';

/** The check every e2e answer goes through must itself refuse what the document does not promise. */
const url = (path: string) => new URL(path, 'https://127.0.0.1:8443');
// The staff API is checked against the staff listener's document.
const staff = 'https://127.0.0.1:8444';
staffListener(staff);
const staffUrl = (path: string) => new URL(path, staff);
const json = (status: number, body: unknown, type = 'application/json; charset=utf-8') => ({ status, headers: { 'content-type': type }, text: JSON.stringify(body) });

const caseView = {
  zaakId: '0190f0e2-7b1c-7cc0-8a4e-1d2c3b4a5f60', gemeentecode: '0363', status: 'opgepakt', crisissignaal: false,
  aanbodtermijn: '2026-12-04', termijnVerstreken: false, opgepaktDoorMij: true, claimTot: '2026-11-29T09:30:00.000Z',
  datumOpgepakt: '2026-11-22T09:30:00.000Z', signalen: [], contactpogingen: [],
};
const problem = { type: 'urn:vroegsignaal:probleem:niet-gevonden', title: 'Niet gevonden', status: 404, detail: 'Geen zaak', code: 'niet-gevonden', instance: '/v1/zaken/x' };

describe('the OpenAPI response check of the test clients', () => {
  it('passes a documented answer, and a problem+json of a documented status', async () => {
    await assertDocumented('POST', staffUrl('/v1/zaken/_oppakken'), json(200, caseView));
    await assertDocumented('GET', staffUrl(`/v1/zaken/${caseView.zaakId}`), json(404, problem, 'application/problem+json; charset=utf-8'));
    await assertDocumented('POST', staffUrl('/v1/zaken/_oppakken'), { status: 204, headers: {}, text: '' });
  });

  it('fails an answer with a field the document does not name, or without one it requires', async () => {
    await expect(assertDocumented('POST', staffUrl('/v1/zaken/_oppakken'), json(200, { ...caseView, geheim: 'x' })))
      .rejects.toThrow(/POST \/v1\/zaken\/_oppakken \(zaakOppakken\) → 200: .*additionalProperty":"geheim"/);
    const { status: _status, ...withoutStatus } = caseView;
    await expect(assertDocumented('GET', staffUrl(`/v1/zaken/${caseView.zaakId}`), json(200, withoutStatus))).rejects.toThrow(/missingProperty":"status"/);
  });

  it('fails a status the operation does not document, and a documented status with an undocumented media type', async () => {
    await expect(assertDocumented('GET', url('/v1/sleutels'), json(418, problem, 'application/problem+json'))).rejects.toThrow(/status 418 is not documented/);
    await expect(assertDocumented('GET', url('/v1/sleutels'), json(503, problem))).rejects.toThrow(/body of type 'application\/json' is not documented/);
  });

  it('describes every JSON answer field by field: no bare objects in any response schema', async () => {
    const doc = (await renderOpenapi(undefined, 'staff')) as { paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };
    const bare: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}/${i}`));
      if (node === null || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if (schema.type === 'object' && schema.properties === undefined && schema.additionalProperties === undefined) bare.push(where);
      for (const [key, value] of Object.entries(schema)) walk(value, `${where}/${key}`);
    };
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (operation.operationId === 'getOpenapi') continue; // the document itself: described by the OpenAPI spec
        for (const [status, response] of Object.entries(operation.responses)) {
          for (const [type, media] of Object.entries(response.content ?? {})) walk(media.schema, `${method.toUpperCase()} ${path} ${status} ${type}`);
        }
      }
    }
    expect(bare).toEqual([]);
  });
});
