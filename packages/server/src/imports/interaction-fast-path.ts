import {
  ZInteractionImportRow,
  type TAttributes,
  type TInteractionImportRow,
} from '@touchstone/core';

/**
 * A quick acceptance test for the common shape of an interaction import row, run before the
 * contract (`ZInteractionImportRow`): zod's checks and allocations were a large share of an
 * import's time on one core. It accepts only rows the contract accepts, and returns what
 * the contract would; anything else (an unusual but valid form included) returns null, and the
 * contract decides and words the error. `interaction-fast-path.test.ts` holds it to that.
 */

/** The contract's fields: a row with any other key takes the contract (which refuses it). */
const FIELDS = new Set(Object.keys(ZInteractionImportRow.shape));
const KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const CURRENCY = /^[A-Z]{3}$/;
/**
 * The stored instant form: a UTC time with milliseconds. A valid instant in it is its own normal
 * form; other valid forms take the contract and are normalised.
 */
export const STORED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A non-empty external id of at most 200 characters that trimming would not change. */
function plainExternalId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= 200 &&
    value.charCodeAt(0) > 32 &&
    value.charCodeAt(value.length - 1) > 32 &&
    value.trim() === value
  );
}

/** The number written by the digits of `text` from `start` to `end`. */
function digits(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real instant in the stored form: no 2026-02-30, no 24:00, no second 60. */
function plainInstant(value: unknown): value is string {
  if (typeof value !== 'string' || !STORED_INSTANT.test(value)) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return (
    day >= 1 &&
    day <= days &&
    digits(value, 11, 13) < 24 &&
    digits(value, 14, 16) < 60 &&
    digits(value, 17, 19) < 60
  );
}

function plainAttributes(value: unknown): value is TAttributes {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) {
    if (!Object.hasOwn(value, key) || key.length > 64 || key === '__proto__') return false;
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'string') {
      if (v.length > 1000) return false;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return false;
    } else if (typeof v !== 'boolean' && v !== null) {
      return false;
    }
  }
  return true;
}

/** The row as the contract parses it, or null when the contract must look at it. */
export function fastInteractionImportRow(value: unknown): TInteractionImportRow | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  if (Object.getPrototypeOf(value) !== Object.prototype) return null;
  for (const key in value) if (!FIELDS.has(key) || !Object.hasOwn(value, key)) return null;
  const v = value as Record<string, unknown>;
  const { externalId = null, customerExternalId, touchpoint, occurredAt, type } = v;
  const { amount = null, currency = null, attributes = {} } = v;
  if (externalId !== null && !plainExternalId(externalId)) return null;
  if (!plainExternalId(customerExternalId)) return null;
  if (typeof touchpoint !== 'string' || !KEY.test(touchpoint)) return null;
  if (typeof type !== 'string' || !KEY.test(type)) return null;
  if (!plainInstant(occurredAt)) return null;
  if (amount !== null) {
    if (typeof amount !== 'number' || !Number.isFinite(amount)) return null;
    if (amount < -1e12 || amount > 1e12) return null;
  }
  if (currency !== null && (typeof currency !== 'string' || !CURRENCY.test(currency))) return null;
  if ((amount === null) !== (currency === null)) return null;
  if (!plainAttributes(attributes)) return null;
  return {
    externalId,
    customerExternalId,
    touchpoint,
    occurredAt,
    type,
    amount,
    currency,
    // A copy, as the contract's parse returns one.
    attributes: { ...attributes },
  };
}
