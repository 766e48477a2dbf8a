import { NUL_MESSAGE, nulPaths, type TAttributes, type TImportRowError } from '@touchstone/core';
import type { ZodError } from 'zod';
import {
  attributeProblems,
  type TAttributeSchema,
} from '../attribute-keys/attribute-validation.js';

/** A rejected row: which row, which field, why (an instance, so it is told apart from a row). */
export class RowError implements TImportRowError {
  constructor(
    readonly row: number,
    readonly field: string,
    readonly reason: string,
  ) {}

  toJSON(): TImportRowError {
    return { row: this.row, field: this.field, reason: this.reason };
  }
}

/** The first problem zod found in a row, named by the row's own field names. */
export function rowErrorFromZod(error: ZodError, value: unknown, row: number): RowError {
  const issue = error.issues[0];
  if (issue === undefined) return new RowError(row, '(row)', 'invalid row');
  if (issue.code === 'unrecognized_keys') {
    return new RowError(row, issue.keys[0] ?? '(row)', 'not a field of this import');
  }
  if (issue.path.length === 0) return new RowError(row, '(row)', 'must be a JSON object');
  const field = issue.path.join('.');
  const missing =
    issue.code === 'invalid_type' &&
    issue.path.length === 1 &&
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>)[String(issue.path[0])] === undefined;
  return new RowError(row, field, missing ? 'required' : issue.message);
}

/** The first attribute of a row that is undeclared or of the wrong type. */
export function rowAttributeError(
  schema: TAttributeSchema,
  attributes: TAttributes,
  row: number,
  allowNull: boolean,
): RowError | null {
  const problem = attributeProblems(schema, attributes, 'attributes', allowNull)[0];
  return problem === undefined ? null : new RowError(row, problem.field, problem.message);
}

/** The first field of a row whose text holds a NUL character (refused on both databases). */
export function rowNulError(value: unknown, row: number): RowError | null {
  const field = nulPaths(value, '', 1)[0];
  return field === undefined ? null : new RowError(row, field, NUL_MESSAGE);
}
