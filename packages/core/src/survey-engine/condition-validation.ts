import type { TCondition, TQuestion, TSurveyDefinition } from '../contracts/survey-definition.js';
import type { TFieldIssue } from '../errors.js';
import { OTHER_OPTION } from './condition-values.js';
import { resolveRef } from './references.js';

type TLeaf = Extract<TCondition, { ref: string }>;

/** What kind of value a reference yields, which decides the operators and values it takes. */
type TRefType =
  | { kind: 'number' }
  | { kind: 'text' }
  | { kind: 'boolean' }
  | { kind: 'choice'; options: string[] }
  | { kind: 'presence' };

const NUMBER_OPS = new Set(['lt', 'lte', 'gt', 'gte']);
const LIST_OPS = new Set(['in', 'notIn']);
const PRESENCE_OPS = new Set(['answered', 'notAnswered']);

function refTypeOfQuestion(question: TQuestion): TRefType {
  switch (question.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating':
    case 'likert':
    case 'number':
      return { kind: 'number' };
    case 'single_choice':
    case 'multiple_choice':
      return {
        kind: 'choice',
        options: [
          ...question.options.map((o) => o.id),
          ...(question.allowOther ? [OTHER_OPTION] : []),
        ],
      };
    case 'text':
      return { kind: 'text' };
    case 'consent':
      return { kind: 'boolean' };
    case 'matrix':
      // A whole matrix has no single value; its items do.
      return { kind: 'presence' };
  }
}

function valueProblem(type: TRefType, value: unknown, ref: string): string | undefined {
  switch (type.kind) {
    case 'number':
      return typeof value === 'number' ? undefined : `${ref} is a number, so compare with a number`;
    case 'text':
      return typeof value === 'string' ? undefined : `${ref} is text, so compare with text`;
    case 'boolean':
      return typeof value === 'boolean'
        ? undefined
        : `${ref} is a consent, so compare with true or false`;
    case 'choice':
      return typeof value === 'string' && type.options.includes(value)
        ? undefined
        : `${JSON.stringify(value)} is not an option of ${ref}`;
    case 'presence':
      return undefined;
  }
}

/** Type-checks the operator and value of a leaf whose reference resolved to `type`. */
function checkOperator(leaf: TLeaf, type: TRefType): string[] {
  const { ref, op, value } = leaf;
  if (PRESENCE_OPS.has(op)) return value === undefined ? [] : [`${op} takes no value`];
  if (type.kind === 'presence') {
    return [
      `a whole matrix can only be tested with answered or notAnswered; refer to ${ref}.<item>`,
    ];
  }
  if (NUMBER_OPS.has(op) && type.kind !== 'number') {
    return [`${op} compares numbers, but ${ref} is not a number`];
  }
  if (LIST_OPS.has(op)) {
    if (!Array.isArray(value) || value.length === 0)
      return [`${op} takes a non-empty list of values`];
    return value.flatMap((v) => valueProblem(type, v, ref) ?? []);
  }
  if (value === undefined || Array.isArray(value)) return [`${op} takes one value`];
  return [valueProblem(type, value, ref) ?? []].flat();
}

function checkLeaf(def: TSurveyDefinition, at: number, leaf: TLeaf): string[] {
  const target = resolveRef(def, leaf.ref);
  switch (target.kind) {
    case 'unknown':
      return [`refers to ${leaf.ref}, but there is ${target.reason}`];
    case 'hidden':
      if (!target.declared) return [`refers to hidden field ${target.key}, which is not declared`];
      return checkOperator(leaf, { kind: 'text' });
    case 'question':
    case 'item': {
      if (target.index === at) return [`refers to its own question ${target.question.id}`];
      if (target.index > at) {
        return [
          `refers to ${target.question.id}, which comes later: conditions may use only earlier answers`,
        ];
      }
      const type =
        target.kind === 'item' ? { kind: 'number' as const } : refTypeOfQuestion(target.question);
      return checkOperator(leaf, type);
    }
  }
}

/**
 * Checks a display condition of the question at index `at`: references to earlier questions,
 * matrix items or declared hidden fields only, operators and values that fit what they test.
 * Issues name the condition node (`....displayIf`, `....displayIf.all.1`).
 */
export function checkCondition(
  def: TSurveyDefinition,
  at: number,
  condition: TCondition,
  path: string,
): TFieldIssue[] {
  if ('all' in condition || 'any' in condition) {
    const list = 'all' in condition ? condition.all : condition.any;
    if (list.length === 0) return [{ field: path, message: 'needs at least one condition' }];
  }
  if ('all' in condition) {
    return condition.all.flatMap((c, i) => checkCondition(def, at, c, `${path}.all.${i}`));
  }
  if ('any' in condition) {
    return condition.any.flatMap((c, i) => checkCondition(def, at, c, `${path}.any.${i}`));
  }
  if ('not' in condition) return checkCondition(def, at, condition.not, `${path}.not`);
  return checkLeaf(def, at, condition).map((message) => ({ field: path, message }));
}
