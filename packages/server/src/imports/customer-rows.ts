import { ZCustomerCreate } from '@touchstone/core';
import { withoutNulls, type TAttributeSchema } from '../attribute-keys/attribute-validation.js';
import type { TCsvShape } from './csv-columns.js';
import type { TNumbered } from './import-runner.js';
import { type RowError, rowAttributeError, rowErrorFromZod, rowNulError } from './row-errors.js';

/** The CSV columns of a customer import (besides `attributes.<key>`). */
export const CUSTOMER_CSV: TCsvShape = {
  fields: {
    externalId: 'required',
    name: 'text',
    email: 'text',
    phone: 'text',
    locale: 'text',
    emailConsent: 'flag',
    optedOut: 'flag',
  },
};

/**
 * Fields an import may leave out: on an update only the fields a row carries change (a CSV
 * column present in the header, a key present in the JSON object), the rest stay as stored.
 */
export const OPTIONAL_CUSTOMER_FIELDS = [
  'name',
  'email',
  'phone',
  'locale',
  'emailConsent',
  'optedOut',
] as const;
export type TOptionalCustomerField = (typeof OPTIONAL_CUSTOMER_FIELDS)[number];

/** Bit of a field in `TReadyCustomer.given`. */
export function fieldBit(field: TOptionalCustomerField): number {
  return 1 << OPTIONAL_CUSTOMER_FIELDS.indexOf(field);
}

/** A customer row that passed validation. */
export interface TReadyCustomer extends TNumbered {
  externalId: string;
  /** Which optional fields the row carries (bits by `fieldBit`). */
  given: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  emailConsent: boolean;
  optedOut: boolean;
  /** The attributes a new customer gets (no nulls). */
  attributesJson: string;
  /** The patch merged into an existing customer's attributes (null removes a key). */
  attributesPatch: string;
  patchHasNulls: boolean;
}

/** Validates one customer row (the contract's `ZCustomerCreate` shape). */
export function prepareCustomer(
  schema: TAttributeSchema,
  value: unknown,
  row: number,
): TReadyCustomer | RowError {
  const nul = rowNulError(value, row);
  if (nul) return nul;
  const parsed = ZCustomerCreate.safeParse(value);
  if (!parsed.success) return rowErrorFromZod(parsed.error, value, row);
  const input = parsed.data;
  const attributeError = rowAttributeError(schema, input.attributes, row, true);
  if (attributeError) return attributeError;
  const raw = value as Record<string, unknown>;
  let given = 0;
  for (const field of OPTIONAL_CUSTOMER_FIELDS) if (field in raw) given |= fieldBit(field);
  const stored = withoutNulls(input.attributes);
  const patchHasNulls = Object.values(input.attributes).some((v) => v === null);
  const attributesJson = JSON.stringify(stored);
  return {
    row,
    externalId: input.externalId,
    given,
    name: input.name,
    email: input.email,
    phone: input.phone,
    locale: input.locale,
    emailConsent: input.emailConsent,
    optedOut: input.optedOut,
    attributesJson,
    attributesPatch: patchHasNulls ? JSON.stringify(input.attributes) : attributesJson,
    patchHasNulls,
  };
}
