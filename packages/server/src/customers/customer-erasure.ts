import type { TAnswers, TSurveyDefinition } from '@touchstone/core';

/** How an erased customer's responses are kept: anonymised (the default) or deleted. */
export const ERASURE_MODES = ['anonymise', 'delete'] as const;
export type TErasureMode = (typeof ERASURE_MODES)[number];

/**
 * A response's answers without what the respondent wrote in their own words: text answers and the
 * "other" text of choice questions go; scores, choices and consent stay. An answer a definition
 * no longer names is taken out too (it cannot be told apart from text).
 */
export function withoutFreeText(definition: TSurveyDefinition | undefined, answers: TAnswers) {
  const kept: Record<string, unknown> = {};
  const types = new Map(definition?.questions.map((q) => [q.id, q.type]) ?? []);
  for (const [key, value] of Object.entries(answers)) {
    const type = types.get(key);
    if (type === undefined || type === 'text') continue;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'other' in value) {
      const rest = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).filter(([k]) => k !== 'other'),
      );
      if (Object.keys(rest).length > 0) kept[key] = rest;
      continue;
    }
    kept[key] = value;
  }
  return kept as TAnswers;
}
