import type { TQuestion } from '../contracts/survey-definition.js';

/** The integer range of a rated answer, inclusive at both ends. */
export interface TScaleRange {
  min: number;
  max: number;
}

/** Fixed ranges of the standard metrics; their definitions carry no scale. */
export const STANDARD_SCALES = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
} as const satisfies Record<'nps' | 'csat' | 'ces', TScaleRange>;

/** The integer scale a question is answered on, or null when it has none (number, text ...). */
export function scaleOf(question: TQuestion): TScaleRange | null {
  switch (question.type) {
    case 'nps':
    case 'csat':
    case 'ces':
      return STANDARD_SCALES[question.type];
    case 'rating':
    case 'likert':
    case 'matrix':
      return { min: question.scale.min, max: question.scale.max };
    case 'single_choice':
    case 'multiple_choice':
    case 'text':
    case 'number':
    case 'consent':
      return null;
  }
}

/** True for a plain JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The own property of a record, never one inherited from Object.prototype. */
export function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
