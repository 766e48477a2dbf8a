/** The organization's numeric questions by their text, merged across the surveys that ask them. */
import {
  OUTCOME_QUESTION_TYPES,
  type TAnalyticsQuestion,
  type TAnalyticsQuestionsResponse,
} from '@touchstone/core';
import type { TServices } from '../composition/services.js';

const OUTCOMES: ReadonlySet<string> = new Set(OUTCOME_QUESTION_TYPES);

/**
 * A question's text for a list that spans touchpoints: piped fields (`{{touchpoint.name}}`) have
 * no single value there, so they read as what they stand for.
 */
export function questionListLabel(text: string): string {
  return text
    .replace(/\{\{\s*touchpoint\.name\s*\}\}/g, 'the touchpoint')
    .replace(
      /\{\{\s*([a-z_]+)\.([a-z_]+)\s*\}\}/gi,
      (_, _scope: string, field: string) => `the ${field.replace(/_/g, ' ')}`,
    )
    .trim();
}

/** Every numeric key with the text of its newest definition, outcomes first, then by text. */
export async function queryQuestions(
  services: TServices,
  orgId: string,
): Promise<TAnalyticsQuestionsResponse> {
  const catalog = await services.catalogs.of(services.storage.db, orgId);
  const items: TAnalyticsQuestion[] = [];
  for (const [key, infos] of catalog.byKey) {
    const first = infos[0];
    if (first === undefined) continue;
    items.push({
      key,
      label: questionListLabel(first.label) || key,
      type: first.type,
      outcome: OUTCOMES.has(first.type),
      dimension: first.dimension,
      scale: first.scale,
      surveyIds: infos.map((i) => i.surveyId),
    });
  }
  items.sort(
    (a, b) => Number(b.outcome) - Number(a.outcome) || a.label.localeCompare(b.label, 'en'),
  );
  return { items };
}
