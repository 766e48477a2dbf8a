/**
 * SQL of a customer's timeline: one keyset page (newest first) of each kind of entry. Each query
 * reads one table by the customer's index and orders by its own time column; the service merges
 * the pages.
 */
import type { TDb } from '../storage/database.js';
import { fetchPage } from '../storage/pagination.js';

export interface TPageAt {
  cursor: string | undefined;
  limit: number;
}

const desc = (column: string) => ({ column, direction: 'desc' as const });

export function pageResponses(db: TDb, orgId: string, customerId: string, page: TPageAt) {
  const q = db
    .selectFrom('responses')
    .leftJoin('surveys', 'surveys.id', 'responses.survey_id')
    .select([
      'responses.id',
      'responses.submitted_at',
      'responses.survey_id',
      'responses.survey_version',
      'responses.values_json',
      'responses.channel',
      'surveys.name as survey_name',
    ])
    .where('responses.organization_id', '=', orgId)
    .where('responses.customer_id', '=', customerId)
    .where('responses.submitted_at', 'is not', null);
  return fetchPage(q, {
    sort: desc('responses.submitted_at'),
    idColumn: 'responses.id',
    ...page,
    keyOf: (r) => [r.submitted_at ?? '', r.id],
  });
}

export function pageInteractions(db: TDb, orgId: string, customerId: string, page: TPageAt) {
  const q = db
    .selectFrom('interactions')
    .leftJoin('touchpoints', 'touchpoints.id', 'interactions.touchpoint_id')
    .select([
      'interactions.id',
      'interactions.occurred_at',
      'interactions.type',
      'interactions.amount',
      'interactions.currency',
      'touchpoints.name as touchpoint_name',
    ])
    .where('interactions.organization_id', '=', orgId)
    .where('interactions.customer_id', '=', customerId);
  return fetchPage(q, {
    sort: desc('interactions.occurred_at'),
    idColumn: 'interactions.id',
    ...page,
    keyOf: (r) => [r.occurred_at, r.id],
  });
}

export function pageCases(db: TDb, orgId: string, customerId: string, page: TPageAt) {
  const q = db
    .selectFrom('cases')
    .select(['cases.id', 'cases.number', 'cases.title', 'cases.status', 'cases.created_at'])
    .where('cases.organization_id', '=', orgId)
    .where('cases.customer_id', '=', customerId);
  return fetchPage(q, {
    sort: desc('cases.created_at'),
    idColumn: 'cases.id',
    ...page,
    keyOf: (r) => [r.created_at, r.id],
  });
}

export function pageCaseActivities(db: TDb, orgId: string, customerId: string, page: TPageAt) {
  const q = db
    .selectFrom('case_activities')
    .innerJoin('cases', 'cases.id', 'case_activities.case_id')
    .select([
      'case_activities.id',
      'case_activities.case_id',
      'case_activities.kind',
      'case_activities.body',
      'case_activities.created_at',
      'cases.number as case_number',
    ])
    .where('cases.organization_id', '=', orgId)
    .where('cases.customer_id', '=', customerId)
    // The case entry itself stands for its opening.
    .where('case_activities.kind', '!=', 'created');
  return fetchPage(q, {
    sort: desc('case_activities.created_at'),
    idColumn: 'case_activities.id',
    ...page,
    keyOf: (r) => [r.created_at, r.id],
  });
}

export function pageFollowUps(db: TDb, orgId: string, customerId: string, page: TPageAt) {
  const q = db
    .selectFrom('case_follow_ups')
    .leftJoin('surveys', 'surveys.id', 'case_follow_ups.survey_id')
    .select([
      'case_follow_ups.id',
      'case_follow_ups.case_id',
      'case_follow_ups.status',
      'case_follow_ups.score',
      'case_follow_ups.category',
      'case_follow_ups.recovered',
      'case_follow_ups.sent_at',
      'surveys.name as survey_name',
    ])
    .where('case_follow_ups.organization_id', '=', orgId)
    .where('case_follow_ups.customer_id', '=', customerId);
  return fetchPage(q, {
    sort: desc('case_follow_ups.sent_at'),
    idColumn: 'case_follow_ups.id',
    ...page,
    keyOf: (r) => [r.sent_at, r.id],
  });
}

/** Mean sentiment of each response's comments. */
export async function findResponseSentiments(
  db: TDb,
  orgId: string,
  responseIds: string[],
): Promise<Map<string, number>> {
  if (responseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('comment_analyses')
    .select((eb) => ['response_id', eb.fn.avg<number | string>('score').as('score')])
    .where('organization_id', '=', orgId)
    .where('response_id', 'in', responseIds)
    .groupBy('response_id')
    .execute();
  return new Map(rows.map((r) => [r.response_id, Number(r.score)]));
}
