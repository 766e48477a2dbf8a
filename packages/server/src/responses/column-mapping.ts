import { invalidField } from '@touchstone/core';
import type { TColumnMapping } from './import-columns.js';

const SHAPE = 'a JSON object of file column -> target';

/**
 * A response import's column mapping from its JSON text (the API's `?mapping=` or
 * `x-column-mapping`, the CLI's `--mapping` file): an object whose values are text. Anything else
 * is a validation error naming `field`.
 */
export function parseColumnMapping(text: string, field: string): TColumnMapping {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidField(field, SHAPE);
  }
  const valid =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((v) => typeof v === 'string');
  if (!valid) throw invalidField(field, `${SHAPE} (text)`);
  return parsed as TColumnMapping;
}
