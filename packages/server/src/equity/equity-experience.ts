// What customers said: each customer's latest NPS answer and their latest negative experience,
// read from the numeric answers of their complete responses through the question catalog.
import type { TQuestionCatalog } from '../analytics/question-catalog.js';
import type { TCustomerAnswers } from './equity.repository.js';

/** One customer's latest NPS answer and the day of their latest negative answer. */
export interface TCustomerExperience {
  nps: number | null;
  npsAt: string | null;
  /** YYYY-MM-DD of the latest NPS answer 0-6 or CSAT answer in the bottom two points of its scale. */
  lastNegativeDay: string | null;
}

/** The NPS category of an answer 0-10. */
export function npsCategory(
  score: number | null,
): 'promoter' | 'passive' | 'detractor' | 'no answer' {
  if (score === null) return 'no answer';
  if (score >= 9) return 'promoter';
  return score >= 7 ? 'passive' : 'detractor';
}

/** The question keys that carry NPS or CSAT answers in any survey. */
export function experienceKeys(catalog: TQuestionCatalog): string[] {
  return [...catalog.byKey]
    .filter(([, infos]) => infos.some((i) => i.type === 'nps' || i.type === 'csat'))
    .map(([key]) => key)
    .sort();
}

/** Folds responses into each customer's experience. */
export function experienceOf(
  answers: readonly TCustomerAnswers[],
  catalog: TQuestionCatalog,
): Map<string, TCustomerExperience> {
  const result = new Map<string, TCustomerExperience>();
  for (const response of answers) {
    for (const [key, value] of Object.entries(response.values)) {
      const info = catalog.byKey.get(key)?.find((i) => i.surveyId === response.surveyId);
      if (info === undefined || typeof value !== 'number') continue;
      const isNps = info.type === 'nps' && Number.isInteger(value) && value >= 0 && value <= 10;
      const isCsat = info.type === 'csat' && info.scale !== null;
      if (!isNps && !isCsat) continue;
      const entry = result.get(response.customerId) ?? {
        nps: null,
        npsAt: null,
        lastNegativeDay: null,
      };
      if (isNps && (entry.npsAt === null || response.submittedAt > entry.npsAt)) {
        entry.nps = value;
        entry.npsAt = response.submittedAt;
      }
      const negative = isNps ? value <= 6 : value <= (info.scale?.min ?? 0) + 1;
      const day = response.submittedAt.slice(0, 10);
      if (negative && (entry.lastNegativeDay === null || day > entry.lastNegativeDay)) {
        entry.lastNegativeDay = day;
      }
      result.set(response.customerId, entry);
    }
  }
  return result;
}
