import type { TDb } from '../storage/database.js';
import { RESPONSE_COUNT_KEY } from './rollup-deltas.js';

/**
 * Complete responses per survey, summed from the rollups' `$response` cells (rollup_values is
 * the analytics capability's table; survey lists read their counts through here).
 */
export function sumCompleteResponsesBySurvey(db: TDb, orgId: string, surveyIds: string[]) {
  return db
    .selectFrom('rollup_values')
    .select((eb) => ['survey_id', eb.fn.sum<number | string>('n').as('n')])
    .where('organization_id', '=', orgId)
    .where('question_key', '=', RESPONSE_COUNT_KEY)
    .where('survey_id', 'in', surveyIds)
    .groupBy('survey_id')
    .execute();
}

/** The last day with a complete response in the organization's rollups, or null. */
export async function findLatestResponseDay(db: TDb, orgId: string): Promise<string | null> {
  const row = await db
    .selectFrom('rollup_values')
    .select((eb) => eb.fn.max('day').as('day'))
    .where('organization_id', '=', orgId)
    .where('question_key', '=', RESPONSE_COUNT_KEY)
    .executeTakeFirst();
  return row?.day ?? null;
}
