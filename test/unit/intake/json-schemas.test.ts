import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderSchemas } from '../../../src/intake/json-schemas.js';

const example = JSON.parse(readFileSync(new URL('../../../examples/signaal-huur.json', import.meta.url), 'utf8'));

describe('schemas/ generated from zod', () => {
  it('matches the committed files byte for byte (run `npm run schemas` after changing the zod source)', () => {
    for (const [file, text] of Object.entries(renderSchemas())) {
      expect(readFileSync(new URL(`../../../schemas/${file}`, import.meta.url), 'utf8'), file).toBe(text);
    }
  });

  it('accepts the bundled example and rejects a signal without id', () => {
    const ajv = new Ajv2020.default({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(renderSchemas()['vroegsignaal.schema.json']!));
    expect(validate(example)).toBe(true);
    const { id: _id, ...withoutId } = example;
    expect(validate(withoutId)).toBe(false);
  });
});
