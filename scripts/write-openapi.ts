// Writes the OpenAPI documents as the running gateway serves them, one per listener, for linting
// in CI: <out> the partner listener's (8443), <out without .json>-medewerkers.json the staff listener's (8444),
// <out without .json>-ddas.json the DDAS pull API's (8443, /ddas/v1).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { renderOpenapi } from '../src/http/render-openapi.js';
import { ddasOpenapi } from '../src/ddas/openapi.js';

const out = process.argv[2] ?? 'var/openapi.json';
const staffOut = out.replace(/\.json$/, '') + '-medewerkers.json';
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(await renderOpenapi('https://localhost:8443', 'partner'), null, 2) + '\n');
writeFileSync(staffOut, JSON.stringify(await renderOpenapi('https://localhost:8444', 'staff'), null, 2) + '\n');
// The DDAS pull API's own document (partner listener, /ddas/v1/openapi.json), from DDAS-VS.yaml.
const ddasOut = out.replace(/\.json$/, '') + '-ddas.json';
writeFileSync(ddasOut, JSON.stringify(ddasOpenapi('https://localhost:8443'), null, 2) + '\n');
console.log(`${out}\n${staffOut}\n${ddasOut}`);
