import type { TQuestion, TSurveyDefinition } from '../contracts/survey-definition.js';

/** What a condition's `ref` points at. */
export type TResolvedRef =
  | { kind: 'question'; index: number; question: TQuestion }
  | {
      kind: 'item';
      index: number;
      question: Extract<TQuestion, { type: 'matrix' }>;
      itemId: string;
    }
  | { kind: 'hidden'; key: string; declared: boolean }
  | { kind: 'unknown'; reason: string };

const HIDDEN_PREFIX = 'hidden.';

/**
 * Resolves `q`, `q.item` or `hidden.key` against a definition. `hidden` is a namespace, so a
 * question may not be called `hidden` (validateSurveyDefinition says so).
 */
export function resolveRef(def: TSurveyDefinition, ref: string): TResolvedRef {
  if (ref.startsWith(HIDDEN_PREFIX)) {
    const key = ref.slice(HIDDEN_PREFIX.length);
    return { kind: 'hidden', key, declared: def.hiddenFields.some((f) => f.key === key) };
  }
  const dot = ref.indexOf('.');
  const questionId = dot === -1 ? ref : ref.slice(0, dot);
  const index = def.questions.findIndex((q) => q.id === questionId);
  const question = def.questions[index];
  if (!question) return { kind: 'unknown', reason: `no question ${questionId}` };
  if (dot === -1) return { kind: 'question', index, question };
  const itemId = ref.slice(dot + 1);
  if (question.type !== 'matrix') {
    return { kind: 'unknown', reason: `no item ${itemId} (${questionId} is not a matrix)` };
  }
  if (!question.items.some((item) => item.id === itemId)) {
    return { kind: 'unknown', reason: `no item ${itemId} in matrix ${questionId}` };
  }
  return { kind: 'item', index, question, itemId };
}
