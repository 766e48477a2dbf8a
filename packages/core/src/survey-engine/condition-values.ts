import type { TQuestion } from '../contracts/survey-definition.js';
import { isPlainObject, ownValue } from './question-scales.js';

/** A scalar a condition compares against. */
export type TComparable = number | string | boolean;

/**
 * An answer as conditions see it: absent, or present with a value. Multiple choice gives the
 * list of selected ids; a whole matrix is present without a value (only `answered` tests it).
 */
export type TConditionValue =
  { answered: false } | { answered: true; value: TComparable | string[] | undefined };

const ABSENT: TConditionValue = { answered: false };

/** The option id an "other" answer compares as, in `eq` and `in` tests. */
export const OTHER_OPTION = 'other';

function present(value: TComparable | string[] | undefined): TConditionValue {
  return { answered: true, value };
}

function nonBlank(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function selectedIds(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const items: unknown[] = value;
  return items.every((v): v is string => typeof v === 'string') ? items : undefined;
}

/**
 * Reads a raw answer of a question for condition tests. It is lenient on purpose: an answer of
 * the wrong shape counts as not answered here, and validateSubmission reports it.
 */
export function conditionValue(question: TQuestion, raw: unknown): TConditionValue {
  switch (question.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating':
    case 'likert':
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? present(raw) : ABSENT;
    case 'matrix':
      return isPlainObject(raw) && Object.values(raw).some((v) => typeof v === 'number')
        ? present(undefined)
        : ABSENT;
    case 'single_choice': {
      const id = nonBlank(raw);
      if (id !== undefined) return present(id);
      if (isPlainObject(raw) && nonBlank(ownValue(raw, 'other')) !== undefined) {
        return present(OTHER_OPTION);
      }
      return ABSENT;
    }
    case 'multiple_choice': {
      const plain = selectedIds(raw);
      if (plain) return plain.length > 0 ? present(plain) : ABSENT;
      if (!isPlainObject(raw)) return ABSENT;
      const selected = selectedIds(ownValue(raw, 'selected')) ?? [];
      const other = nonBlank(ownValue(raw, 'other')) !== undefined ? [OTHER_OPTION] : [];
      const all = [...selected, ...other];
      return all.length > 0 ? present(all) : ABSENT;
    }
    case 'text': {
      const text = nonBlank(raw);
      return text === undefined ? ABSENT : present(text);
    }
    case 'consent':
      return typeof raw === 'boolean' ? present(raw) : ABSENT;
  }
}

/** Reads one item of a raw matrix answer. */
export function matrixItemValue(raw: unknown, itemId: string): TConditionValue {
  if (!isPlainObject(raw)) return ABSENT;
  const value = ownValue(raw, itemId);
  return typeof value === 'number' && Number.isFinite(value) ? present(value) : ABSENT;
}

/** Reads a hidden field: present when it is a non-empty string. */
export function hiddenValue(hidden: Record<string, unknown>, key: string): TConditionValue {
  const value = ownValue(hidden, key);
  return typeof value === 'string' && value !== '' ? present(value) : ABSENT;
}
