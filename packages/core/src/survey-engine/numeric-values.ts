import type { TAnswers, TQuestionType, TSurveyDefinition } from '../contracts/survey-definition.js';
import { isPlainObject, ownValue, scaleOf } from './question-scales.js';

/** One numeric answer as analyses store it (one row of `response_values`). */
export interface TNumericValue {
  /** The question id, or `question.item` for a matrix item. */
  key: string;
  /** The raw answer, never reversed: analyses flip reverse-coded items themselves. */
  value: number;
  dimension: string | null;
  reverse: boolean;
  /** The scale's ends; null for a number question, which has none. */
  scaleMin: number | null;
  scaleMax: number | null;
  type: TQuestionType;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * The numeric answers of a response in question order, matrix items in item order: NPS, CSAT,
 * CES, rating, likert, number and each answered matrix item. Non-numeric answers are skipped.
 */
export function numericValues(def: TSurveyDefinition, answers: TAnswers): TNumericValue[] {
  const values: TNumericValue[] = [];
  for (const question of def.questions) {
    const answer = ownValue(answers, question.id);
    const scale = scaleOf(question);
    switch (question.type) {
      case 'nps':
      case 'csat':
      case 'ces':
      case 'number':
        if (isNumber(answer)) {
          values.push({
            key: question.id,
            value: answer,
            dimension: null,
            reverse: false,
            scaleMin: scale?.min ?? null,
            scaleMax: scale?.max ?? null,
            type: question.type,
          });
        }
        break;
      case 'rating':
      case 'likert':
        if (isNumber(answer)) {
          values.push({
            key: question.id,
            value: answer,
            dimension: question.dimension ?? null,
            reverse: question.reverse,
            scaleMin: question.scale.min,
            scaleMax: question.scale.max,
            type: question.type,
          });
        }
        break;
      case 'matrix':
        if (!isPlainObject(answer)) break;
        for (const item of question.items) {
          const score = ownValue(answer, item.id);
          if (!isNumber(score)) continue;
          values.push({
            key: `${question.id}.${item.id}`,
            value: score,
            dimension: item.dimension ?? null,
            reverse: item.reverse,
            scaleMin: question.scale.min,
            scaleMax: question.scale.max,
            type: 'matrix',
          });
        }
        break;
      case 'single_choice':
      case 'multiple_choice':
      case 'text':
      case 'consent':
        break;
    }
  }
  return values;
}
