import type { TCondition } from '../contracts/survey-definition.js';
import type { TComparable, TConditionValue } from './condition-values.js';

/** Looks up the value of a condition's `ref` (a question, `question.item` or `hidden.key`). */
export type TRefLookup = (ref: string) => TConditionValue;

type TLeaf = Extract<TCondition, { ref: string }>;

function asList(value: TLeaf['value']): TComparable[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function compareNumbers(op: 'lt' | 'lte' | 'gt' | 'gte', answer: unknown, value: unknown): boolean {
  if (typeof answer !== 'number' || typeof value !== 'number') return false;
  switch (op) {
    case 'lt':
      return answer < value;
    case 'lte':
      return answer <= value;
    case 'gt':
      return answer > value;
    case 'gte':
      return answer >= value;
  }
}

function evaluateLeaf(leaf: TLeaf, lookup: TRefLookup): boolean {
  const answer = lookup(leaf.ref);
  if (leaf.op === 'answered') return answer.answered;
  if (leaf.op === 'notAnswered') return !answer.answered;
  // Like SQL NULL: every comparison with a missing answer is false, neq and notIn included.
  if (!answer.answered || answer.value === undefined) return false;
  const given = answer.value;
  const wanted = asList(leaf.value);
  if (Array.isArray(given)) {
    // Multiple choice: eq means "this option is selected", in means "any of these is selected".
    const hits = wanted.filter((w) => typeof w === 'string' && given.includes(w)).length;
    switch (leaf.op) {
      case 'eq':
      case 'in':
        return hits > 0;
      case 'neq':
      case 'notIn':
        return hits === 0;
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte':
        return false;
    }
  }
  switch (leaf.op) {
    case 'eq':
    case 'in':
      return wanted.includes(given);
    case 'neq':
    case 'notIn':
      return !wanted.includes(given);
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return compareNumbers(leaf.op, given, leaf.value);
  }
}

/**
 * Evaluates a display condition. `all`, `any` and `not` combine; a leaf compares one answer.
 * Comparisons with a missing answer are false (test presence with answered / notAnswered);
 * on a multiple-choice answer, `eq` tests whether an option is selected.
 */
export function evaluateCondition(condition: TCondition, lookup: TRefLookup): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, lookup));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, lookup));
  if ('not' in condition) return !evaluateCondition(condition.not, lookup);
  return evaluateLeaf(condition, lookup);
}

/** Every `ref` a condition reads, in order, with repeats. */
export function conditionRefs(condition: TCondition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionRefs);
  if ('any' in condition) return condition.any.flatMap(conditionRefs);
  if ('not' in condition) return conditionRefs(condition.not);
  return [condition.ref];
}
