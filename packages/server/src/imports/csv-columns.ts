import type { TAttributeKey } from '@touchstone/core';
import {
  attributeFromText,
  booleanFromText,
  declaredKeysText,
  numberFromText,
  type TAttributeScalar,
  type TAttributeSchema,
} from '../attribute-keys/attribute-validation.js';
import { AppError } from '@touchstone/core';
import { CsvUnclosedQuoteError } from '../csv/csv-parser.js';
import type { TRowInput } from './import-source.js';

/**
 * How a CSV cell becomes a contract field: `required` text (empty = missing), `text` (empty =
 * null), `number` (empty = null), `flag` (true/false, 1/0, yes/no; empty = false).
 */
export type TCellKind = 'required' | 'text' | 'number' | 'flag';

export interface TCsvShape {
  /** The contract's fields, in the documented column order. */
  fields: Record<string, TCellKind>;
}

const ATTRIBUTE_PREFIX = 'attributes.';

type TColumn =
  | { kind: 'field'; name: string; cell: TCellKind }
  | { kind: 'attribute'; name: string; key: TAttributeKey };

function unknownColumn(name: string, shape: TCsvShape, schema: TAttributeSchema): AppError {
  const fields = Object.keys(shape.fields).join(', ');
  const message = `the columns are ${fields} and attributes.<key> (${declaredKeysText(schema)})`;
  return new AppError('validation_failed', `unknown column "${name}"`, [
    { field: `columns.${name}`, message },
  ]);
}

function resolveColumns(header: string[], shape: TCsvShape, schema: TAttributeSchema): TColumn[] {
  const seen = new Set<string>();
  const columns = header.map((raw): TColumn => {
    const name = raw.trim();
    if (seen.has(name)) {
      throw new AppError('validation_failed', `the column "${name}" appears twice`, [
        { field: `columns.${name}`, message: 'appears more than once in the header' },
      ]);
    }
    seen.add(name);
    const cell = shape.fields[name];
    if (cell !== undefined) return { kind: 'field', name, cell };
    if (name.startsWith(ATTRIBUTE_PREFIX)) {
      const key = schema.keys.get(name.slice(ATTRIBUTE_PREFIX.length));
      if (key !== undefined) return { kind: 'attribute', name: key.key, key };
    }
    throw unknownColumn(name, shape, schema);
  });
  for (const [name, cell] of Object.entries(shape.fields)) {
    if (cell === 'required' && !seen.has(name)) {
      throw new AppError('validation_failed', `the required column "${name}" is missing`, [
        { field: `columns.${name}`, message: 'required in the header' },
      ]);
    }
  }
  return columns;
}

type TCellResult = { ok: true; value: unknown } | { ok: false; reason: string } | undefined;

function readCell(cell: TCellKind, text: string): TCellResult {
  switch (cell) {
    case 'required':
      return text === '' ? undefined : { ok: true, value: text };
    case 'text':
      return { ok: true, value: text === '' ? null : text };
    case 'number': {
      if (text.trim() === '') return { ok: true, value: null };
      const n = numberFromText(text);
      return n === null ? { ok: false, reason: 'must be a number' } : { ok: true, value: n };
    }
    case 'flag': {
      if (text.trim() === '') return { ok: true, value: false };
      const b = booleanFromText(text);
      return b === null
        ? { ok: false, reason: 'must be true/false, 1/0 or yes/no' }
        : { ok: true, value: b };
    }
  }
}

/**
 * Checks the header (an unknown or duplicate column, or a missing required one, fails the whole
 * import with a 422 naming it) and returns the converter from a record to a contract-shaped row.
 */
export function csvRowReader(
  header: string[],
  shape: TCsvShape,
  schema: TAttributeSchema,
): (record: string[], row: number) => TRowInput {
  const columns = resolveColumns(header, shape, schema);
  const hasAttributes = columns.some((c) => c.kind === 'attribute');
  return (record, row) => {
    if (record.length !== columns.length) {
      const reason = `has ${record.length} fields where the header has ${columns.length}`;
      return { row, error: { field: '(row)', reason } };
    }
    const value: Record<string, unknown> = {};
    const attributes: Record<string, TAttributeScalar> = {};
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i] as TColumn;
      const text = record[i] ?? '';
      if (column.kind === 'field') {
        const read = readCell(column.cell, text);
        if (read === undefined) continue;
        if (!read.ok) return { row, error: { field: column.name, reason: read.reason } };
        value[column.name] = read.value;
      } else {
        const read = attributeFromText(column.key, text);
        if (read.kind === 'problem') {
          return { row, error: { field: `attributes.${column.name}`, reason: read.message } };
        }
        if (read.kind === 'value') attributes[column.name] = read.value;
      }
    }
    if (hasAttributes) value['attributes'] = attributes;
    return { row, value };
  };
}

/** Turns CSV record batches (header first) into row inputs numbered from the first data row. */
export async function* csvRowBatches(
  records: AsyncIterable<string[][]>,
  makeReader: (header: string[]) => (record: string[], row: number) => TRowInput,
): AsyncGenerator<TRowInput[]> {
  let read: ((record: string[], row: number) => TRowInput) | undefined;
  let row = 0;
  try {
    for await (const batch of records) {
      const out: TRowInput[] = [];
      for (const record of batch) {
        if (read === undefined) {
          read = makeReader(record);
          continue;
        }
        row++;
        out.push(read(record, row));
      }
      if (out.length > 0) yield out;
    }
  } catch (error) {
    // An unclosed quote swallowed the rest of the file into one field: that row fails.
    if (!(error instanceof CsvUnclosedQuoteError)) throw error;
    const reason = 'a quoted field is not closed before the end';
    if (read === undefined) {
      throw new AppError('validation_failed', 'the header row has an unclosed quote', [
        { field: 'columns', message: reason },
      ]);
    }
    yield [{ row: error.record - 1, error: { field: '(row)', reason } }];
  }
  if (read === undefined) {
    throw new AppError('validation_failed', 'the file is empty: a CSV import needs a header row', [
      { field: 'columns', message: 'no header row' },
    ]);
  }
}
