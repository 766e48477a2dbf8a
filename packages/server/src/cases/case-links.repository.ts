/** SQL of what a case links to: its customer's other responses, interactions and cases. */
import type { TCaseLinks } from '@touchstone/core';
import type { TCaseStatus } from '@touchstone/core';
import type { TDb } from '../storage/database.js';
import type { TCaseScope } from './cases.repository.js';

const LINK_LIMIT = 20;

/** The newest of each; other cases only within the reader's scope (an agent's teams). */
export async function findCaseLinks(
  db: TDb,
  orgId: string,
  customerId: string | null,
  exceptCaseId: string,
  scope: TCaseScope,
): Promise<TCaseLinks> {
  if (customerId === null) return { responses: [], interactions: [], cases: [] };
  const responses = await db
    .selectFrom('responses')
    .innerJoin('surveys', 'surveys.id', 'responses.survey_id')
    .select(['responses.id', 'surveys.name', 'responses.submitted_at', 'responses.started_at'])
    .where('responses.organization_id', '=', orgId)
    .where('responses.customer_id', '=', customerId)
    .orderBy('responses.started_at', 'desc')
    .limit(LINK_LIMIT)
    .execute();
  const interactions = await db
    .selectFrom('interactions')
    .leftJoin('touchpoints', 'touchpoints.id', 'interactions.touchpoint_id')
    .select([
      'interactions.id',
      'interactions.type',
      'interactions.occurred_at',
      'touchpoints.name as touchpoint_name',
    ])
    .where('interactions.organization_id', '=', orgId)
    .where('interactions.customer_id', '=', customerId)
    .orderBy('interactions.occurred_at', 'desc')
    .limit(LINK_LIMIT)
    .execute();
  let cases = db
    .selectFrom('cases')
    .select(['id', 'number', 'title', 'status'])
    .where('organization_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .where('id', '!=', exceptCaseId);
  if (scope.teamIds !== null) {
    cases =
      scope.teamIds.length === 0
        ? cases.where('id', '=', '')
        : cases.where('team_id', 'in', scope.teamIds);
  }
  const caseRows = await cases.orderBy('created_at', 'desc').limit(LINK_LIMIT).execute();
  return {
    responses: responses.map((r) => ({
      id: r.id,
      surveyName: r.name,
      submittedAt: r.submitted_at,
    })),
    interactions: interactions.map((i) => ({
      id: i.id,
      type: i.type,
      touchpointName: i.touchpoint_name,
      occurredAt: i.occurred_at,
    })),
    cases: caseRows.map((c) => ({
      id: c.id,
      number: Number(c.number),
      title: c.title,
      status: c.status as TCaseStatus,
    })),
  };
}

/** The teams a person belongs to in the organization. */
export async function findUserTeamIds(db: TDb, orgId: string, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('team_members')
    .select('team_id')
    .where('organization_id', '=', orgId)
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.team_id);
}

/** The members of a team with their names, by name. */
export function findTeamMemberNames(db: TDb, orgId: string, teamId: string) {
  return db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select(['users.id', 'users.name'])
    .where('team_members.organization_id', '=', orgId)
    .where('team_members.team_id', '=', teamId)
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
}

/** The response's customer and touchpoint, or undefined when the organization has no such. */
export function findResponseLinks(db: TDb, orgId: string, responseId: string) {
  return db
    .selectFrom('responses')
    .select(['id', 'customer_id', 'touchpoint_id'])
    .where('organization_id', '=', orgId)
    .where('id', '=', responseId)
    .executeTakeFirst();
}

/** Whether the organization has the customer and the touchpoint named (null: not asked). */
export async function findCustomerAndTouchpoint(
  db: TDb,
  orgId: string,
  customerId: string | null,
  touchpointId: string | null,
): Promise<{ customer: boolean; touchpoint: boolean }> {
  const customer =
    customerId === null
      ? true
      : (await db
          .selectFrom('customers')
          .select('id')
          .where('organization_id', '=', orgId)
          .where('id', '=', customerId)
          .executeTakeFirst()) !== undefined;
  const touchpoint =
    touchpointId === null
      ? true
      : (await db
          .selectFrom('touchpoints')
          .select('id')
          .where('organization_id', '=', orgId)
          .where('id', '=', touchpointId)
          .executeTakeFirst()) !== undefined;
  return { customer, touchpoint };
}
