/**
 * Which answer of a response a follow-up compares (its first NPS question, else its first CSAT
 * question), the category of an answer, and whether a follow-up recovered the customer. Pure.
 */
import type { TFollowUpMetric, TSurveyDefinition } from '@touchstone/core';

/** The question a survey's follow-up outcome is read from. */
export interface TScoreQuestion {
  key: string;
  metric: TFollowUpMetric;
}

/** The first NPS question of a survey, else its first CSAT question, else null. */
export function scoreQuestionOf(
  definition: TSurveyDefinition,
  metric?: TFollowUpMetric,
): TScoreQuestion | null {
  const order: TFollowUpMetric[] = metric === undefined ? ['nps', 'csat'] : [metric];
  for (const wanted of order) {
    const question = definition.questions.find((q) => q.type === wanted);
    if (question !== undefined) return { key: question.id, metric: wanted };
  }
  return null;
}

/** The category of an answer: NPS 0-6, 7-8, 9-10; CSAT 1-2, 3, 4-5. Null when out of range. */
export function scoreCategory(metric: TFollowUpMetric, score: number): string | null {
  if (!Number.isFinite(score)) return null;
  if (metric === 'nps') {
    if (score < 0 || score > 10) return null;
    if (score >= 9) return 'promoter';
    return score >= 7 ? 'passive' : 'detractor';
  }
  if (score < 1 || score > 5) return null;
  if (score >= 4) return 'satisfied';
  return score >= 3 ? 'neutral' : 'dissatisfied';
}

/** The unhappy category of a metric: the customers a follow-up tries to win back. */
export function isUnhappy(category: string | null): boolean {
  return category === 'detractor' || category === 'dissatisfied';
}

/**
 * Recovered: the original answer was a detractor's (dissatisfied on CSAT) and the follow-up's is
 * not. Null when either answer is missing, false when the customer was not unhappy to begin with.
 */
export function isRecovered(original: string | null, followUp: string | null): boolean | null {
  if (original === null || followUp === null) return null;
  return isUnhappy(original) && !isUnhappy(followUp);
}

/** The numeric answer to a question in a response's `values_json` object, or null. */
export function answerOf(values: Record<string, unknown>, key: string): number | null {
  const value = values[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
