/** What the demo's closed loop reads: the latest detractors with a customer and a touchpoint. */
import type { TDb } from '../storage/database.js';

export interface TDemoDetractor {
  id: string;
  survey_id: string;
  touchpoint_id: string;
  customer_id: string;
  external_id: string;
  submitted_at: string;
  values_json: string;
  answers_json: string;
}

/** Complete responses submitted since `since`, newest first, of customers at touchpoints. */
export async function findRecentAnswered(
  db: TDb,
  organizationId: string,
  since: string,
): Promise<TDemoDetractor[]> {
  const rows = await db
    .selectFrom('responses')
    .innerJoin('customers', 'customers.id', 'responses.customer_id')
    .select([
      'responses.id',
      'responses.survey_id',
      'responses.touchpoint_id',
      'responses.customer_id',
      'customers.external_id',
      'responses.submitted_at',
      'responses.values_json',
      'responses.answers_json',
    ])
    .where('responses.organization_id', '=', organizationId)
    .where('responses.status', '=', 'complete')
    .where('responses.touchpoint_id', 'is not', null)
    .where('responses.submitted_at', '>=', since)
    .orderBy('responses.submitted_at', 'desc')
    .orderBy('responses.id')
    .execute();
  return rows as TDemoDetractor[];
}
