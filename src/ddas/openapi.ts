import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The repository's copy of the DDAS v1.2 files (reference/ddas/v1.2), from src/ddas or dist/ddas alike. */
const referenceDir = new URL('../../reference/ddas/v1.2/', import.meta.url);

/** The DDAS base path on the partner listener: the API's own version, apart from the gateway's /v1. */
export const ddasBasePath = '/ddas/v1';

export function uitwisselmodelSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('json_schema_Uitwisselmodel.json', referenceDir), 'utf8')) as Record<string, unknown>;
}

/**
 * The pull API's OpenAPI document as this gateway serves it: DDAS-VS.yaml unchanged but for two
 * things — `servers` names this gateway, and the Uitwisselmodel, which the YAML takes from
 * GitHub, is the repository's copy inlined (its `#/$defs/…` references rewritten to where it now
 * lives), so nothing is fetched from outside. Not linted against the ADR rules: the shapes are
 * VNG's, not ours (README, "DDAS-levering aan CBS").
 */
export function ddasOpenapi(serverUrl: string): Record<string, unknown> {
  const doc = parse(readFileSync(new URL('DDAS-VS.yaml', referenceDir), 'utf8')) as Record<string, any>;
  const { $schema: _schema, $id: _id, ...model } = uitwisselmodelSchema();
  const inlined = JSON.parse(JSON.stringify(model).replaceAll('"#/$defs/', '"#/components/schemas/Uitwisselmodel/$defs/')) as Record<string, unknown>;
  doc.components.schemas.Uitwisselmodel = inlined;
  doc.servers = [{ url: `${serverUrl}${ddasBasePath}`, description: 'Deze gateway' }];
  return doc;
}
