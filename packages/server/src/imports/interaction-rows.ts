import { ZInteractionImportRow } from '@touchstone/core';
import { withoutNulls, type TAttributeSchema } from '../attribute-keys/attribute-validation.js';
import { toStoredInstant } from '../storage/rows.js';
import type { TCsvShape } from './csv-columns.js';
import { STORED_INSTANT, fastInteractionImportRow } from './interaction-fast-path.js';
import type { TNumbered } from './import-runner.js';
import { RowError, rowAttributeError, rowErrorFromZod, rowNulError } from './row-errors.js';

/** The CSV columns of an interaction import (besides `attributes.<key>`). */
export const INTERACTION_CSV: TCsvShape = {
  fields: {
    externalId: 'text',
    customerExternalId: 'required',
    touchpoint: 'required',
    occurredAt: 'required',
    type: 'required',
    amount: 'number',
    currency: 'text',
  },
};

/** An interaction row that passed validation; the customer is resolved when its batch is written. */
export interface TReadyInteraction extends TNumbered {
  externalId: string | null;
  customerExternalId: string;
  touchpointId: string;
  occurredAt: string;
  type: string;
  amount: number | null;
  currency: string | null;
  attributesJson: string;
}

/** What validating interaction rows needs: the touchpoints by key and the declared attributes. */
export interface TInteractionRowContext {
  touchpoints: ReadonlyMap<string, string>;
  schema: TAttributeSchema;
}

/** Validates one interaction row (the contract's `ZInteractionImportRow`) and resolves its touchpoint. */
export function prepareInteraction(
  context: TInteractionRowContext,
  value: unknown,
  row: number,
): TReadyInteraction | RowError {
  const nul = rowNulError(value, row);
  if (nul) return nul;
  let input = fastInteractionImportRow(value);
  if (input === null) {
    const parsed = ZInteractionImportRow.safeParse(value);
    if (!parsed.success) return rowErrorFromZod(parsed.error, value, row);
    input = parsed.data;
  }
  const touchpointId = context.touchpoints.get(input.touchpoint);
  if (touchpointId === undefined) {
    return new RowError(row, 'touchpoint', `no touchpoint with key "${input.touchpoint}"`);
  }
  const attributeError = rowAttributeError(context.schema, input.attributes, row, true);
  if (attributeError) return attributeError;
  return {
    row,
    externalId: input.externalId,
    customerExternalId: input.customerExternalId,
    touchpointId,
    // Both the quick path and the contract have rejected impossible days and times, so an
    // instant in the stored form needs no Date round trip.
    occurredAt: STORED_INSTANT.test(input.occurredAt)
      ? input.occurredAt
      : toStoredInstant(input.occurredAt),
    type: input.type,
    amount: input.amount,
    currency: input.currency,
    attributesJson: JSON.stringify(withoutNulls(input.attributes)),
  };
}
