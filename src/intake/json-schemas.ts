import { z } from 'zod';
import { maxBatchSize, signalSchema } from './schema.js';

/**
 * The published JSON Schemas, generated from the zod source of truth so partners can validate
 * before sending. `schemas/` holds the rendered files; a test fails when they drift.
 */
export function renderSchemas(): Record<string, string> {
  const signal = {
    ...z.toJSONSchema(signalSchema, { target: 'draft-2020-12', io: 'input' }),
    $id: 'urn:vroegsignaal:schema:vroegsignaal:1',
    title: 'Vroegsignaal',
    description: 'Eén signaal van een signaalpartner (CONTRACT §1). Welke persoonsvelden zijn toegestaan, bepaalt het beleid per partnertype.',
  };
  const batch = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:vroegsignaal:schema:vroegsignalen-batch:1',
    title: 'Vroegsignalen-batch',
    type: 'array',
    minItems: 1,
    maxItems: maxBatchSize,
    items: { $ref: 'urn:vroegsignaal:schema:vroegsignaal:1' },
  };
  return {
    'vroegsignaal.schema.json': JSON.stringify(signal, null, 2) + '\n',
    'vroegsignalen-batch.schema.json': JSON.stringify(batch, null, 2) + '\n',
  };
}
