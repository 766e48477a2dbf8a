import type { TAttributeEntity, TAttributeKey, TAttributes, TFieldIssue } from '@touchstone/core';

/** The declared attribute keys of one entity in one organization, ready for checking values. */
export interface TAttributeSchema {
  entity: TAttributeEntity;
  keys: ReadonlyMap<string, TAttributeKey>;
}

/** A stored attribute value (null only in a patch, where it removes the key). */
export type TAttributeScalar = string | number | boolean;

export function buildAttributeSchema(
  entity: TAttributeEntity,
  keys: readonly TAttributeKey[],
): TAttributeSchema {
  return { entity, keys: new Map(keys.filter((k) => k.entity === entity).map((k) => [k.key, k])) };
}

/** The declared keys, for messages that tell people what they may use. */
export function declaredKeysText(schema: TAttributeSchema): string {
  const names = [...schema.keys.keys()].sort();
  return names.length === 0
    ? `no ${schema.entity} attributes are declared`
    : `declared ${schema.entity} attributes: ${names.join(', ')}`;
}

/** The longest text value, as in the API contract (`ZAttributeValue`). */
const MAX_TEXT = 1000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written YYYY-MM-DD (2024-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** Why a value does not fit the declared key, or null when it fits. */
export function attributeValueProblem(key: TAttributeKey, value: unknown): string | null {
  switch (key.type) {
    case 'string':
      if (typeof value !== 'string') return 'must be text';
      return value.length <= MAX_TEXT ? null : `must be at most ${MAX_TEXT} characters`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'date':
      return typeof value === 'string' && isCalendarDate(value)
        ? null
        : 'must be a date written YYYY-MM-DD';
    case 'enum':
      return typeof value === 'string' && key.options.includes(value)
        ? null
        : `must be one of ${key.options.join(', ')}`;
  }
}

/**
 * Checks attributes against the declared keys: every problem, each naming `<prefix>.<key>`.
 * A null value is allowed only where `allowNull` (a patch, in which null removes the key).
 */
export function attributeProblems(
  schema: TAttributeSchema,
  attributes: TAttributes,
  prefix: string,
  allowNull = false,
): TFieldIssue[] {
  const issues: TFieldIssue[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    const field = `${prefix}.${name}`;
    if (value === null && allowNull) continue;
    const key = schema.keys.get(name);
    if (key === undefined) {
      issues.push({ field, message: `not a declared attribute; ${declaredKeysText(schema)}` });
      continue;
    }
    const problem = value === null ? 'must not be null' : attributeValueProblem(key, value);
    if (problem !== null) issues.push({ field, message: problem });
  }
  return issues;
}

/** The attributes without null values (as stored on a new row). */
export function withoutNulls(attributes: TAttributes): Record<string, TAttributeScalar> {
  const out: Record<string, TAttributeScalar> = {};
  for (const [name, value] of Object.entries(attributes)) if (value !== null) out[name] = value;
  return out;
}

/** Applies a patch to stored attributes: a value sets the key, null removes it. */
export function mergeAttributes(
  stored: TAttributes,
  patch: TAttributes,
): Record<string, TAttributeScalar> {
  const out = withoutNulls(stored);
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete out[name];
    else out[name] = value;
  }
  return out;
}

/** Text read as a number: decimal notation only (no hex, no "Infinity"); null if it is not one. */
export function numberFromText(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

/** true/false, 1/0, yes/no (any case) read as a boolean; null for anything else. */
export function booleanFromText(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return null;
}

/** The outcome of reading a text cell as an attribute: absent (empty), a value, or a problem. */
export type TCoercion =
  | { kind: 'absent' }
  | { kind: 'value'; value: TAttributeScalar }
  | { kind: 'problem'; message: string };

const ABSENT: TCoercion = { kind: 'absent' };

/** Reads text (a CSV cell, a query filter) as a value of the declared key's type. */
export function attributeFromText(key: TAttributeKey, text: string): TCoercion {
  if (text === '') return ABSENT;
  let value: TAttributeScalar | null;
  switch (key.type) {
    case 'string':
      value = text;
      break;
    case 'number':
      value = numberFromText(text);
      break;
    case 'boolean':
      value = booleanFromText(text);
      break;
    case 'date':
    case 'enum':
      value = text.trim();
      break;
  }
  if (value === null) {
    const message =
      key.type === 'number' ? 'must be a number' : 'must be true/false, 1/0 or yes/no';
    return { kind: 'problem', message };
  }
  const problem = attributeValueProblem(key, value);
  return problem === null ? { kind: 'value', value } : { kind: 'problem', message: problem };
}
