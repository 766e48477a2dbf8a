/** SQL of cases and their timeline (migration 0019). */
import { sql, type SqlBool, type Updateable } from 'kysely';
import type { TCase, TCaseListQuery } from '@touchstone/core';
import type { TDb } from '../storage/database.js';
import { fetchPage } from '../storage/pagination.js';
import type { TCaseActivitiesTable, TCasesTable } from '../storage/schema.js';
import { containsText } from '../storage/text-search.js';
import { toCase } from './case-view.js';

/**
 * The organization's next case number. The upsert locks the counter row until the transaction
 * ends, so two openings never draw the same number.
 */
export async function nextCaseNumber(trx: TDb, orgId: string): Promise<number> {
  const row = await trx
    .insertInto('case_counters')
    .values({ organization_id: orgId, last_number: 1 })
    .onConflict((oc) =>
      oc.column('organization_id').doUpdateSet({
        last_number: sql<number>`case_counters.last_number + 1`,
      }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

export async function insertCaseRow(trx: TDb, row: TCasesTable): Promise<void> {
  await trx.insertInto('cases').values(row).execute();
}

export async function insertCaseActivityRow(trx: TDb, row: TCaseActivitiesTable): Promise<void> {
  await trx.insertInto('case_activities').values(row).execute();
}

/** The stored row of a case, or undefined when the organization has no such case. */
export function findCaseRow(db: TDb, orgId: string, caseId: string) {
  return db
    .selectFrom('cases')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', caseId)
    .executeTakeFirst();
}

/**
 * Updates a case; with `expectedVersion`, only when it still has that version. Returns whether
 * a row changed (false: no such case, or another write came first).
 */
export async function updateCaseRow(
  trx: TDb,
  orgId: string,
  caseId: string,
  changes: Updateable<TCasesTable>,
  expectedVersion?: number,
): Promise<boolean> {
  let q = trx
    .updateTable('cases')
    .set(changes)
    .where('organization_id', '=', orgId)
    .where('id', '=', caseId);
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

function selectCasesWithNames(db: TDb, orgId: string) {
  return db
    .selectFrom('cases')
    .leftJoin('teams', 'teams.id', 'cases.team_id')
    .leftJoin('users', 'users.id', 'cases.assignee_id')
    .leftJoin('customers', 'customers.id', 'cases.customer_id')
    .leftJoin('touchpoints', 'touchpoints.id', 'cases.touchpoint_id')
    .selectAll('cases')
    .select([
      'teams.name as team_name',
      'users.name as assignee_name',
      'customers.name as customer_name',
      'touchpoints.name as touchpoint_name',
    ])
    .where('cases.organization_id', '=', orgId);
}

/** A case as the API shows it, or undefined when the organization has no such case. */
export async function findCase(
  db: TDb,
  organizationId: string,
  caseId: string,
): Promise<TCase | undefined> {
  const row = await selectCasesWithNames(db, organizationId)
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
  return row === undefined ? undefined : toCase(row);
}

/** Which cases a reader may see: every case, or those of some teams (agents). */
export type TCaseScope = { teamIds: string[] | null };

/** The list's filters, with `assignee=me` and the views already resolved to user ids. */
export type TCaseFilters = Omit<TCaseListQuery, 'assignee' | 'view' | 'limit' | 'cursor'> & {
  assigneeId?: string | undefined;
  /** `view=team`: the reader's teams. */
  teamIds?: string[] | undefined;
};

const SLA_BREACHED = sql<SqlBool>`(cases.first_response_breached_at is not null or cases.resolution_breached_at is not null)`;

function filtered(db: TDb, orgId: string, scope: TCaseScope, f: TCaseFilters) {
  let q = selectCasesWithNames(db, orgId);
  if (scope.teamIds !== null) {
    if (scope.teamIds.length === 0) q = q.where(sql<SqlBool>`1 = 0`);
    else q = q.where('cases.team_id', 'in', scope.teamIds);
  }
  if (f.teamIds !== undefined) {
    if (f.teamIds.length === 0) q = q.where(sql<SqlBool>`1 = 0`);
    else q = q.where('cases.team_id', 'in', f.teamIds);
  }
  if (f.status === 'active') q = q.where('cases.status', 'in', ['new', 'open', 'pending']);
  else if (f.status !== undefined) q = q.where('cases.status', '=', f.status);
  if (f.priority !== undefined) q = q.where('cases.priority', '=', f.priority);
  if (f.team !== undefined) q = q.where('cases.team_id', '=', f.team);
  if (f.assigneeId !== undefined) q = q.where('cases.assignee_id', '=', f.assigneeId);
  if (f.customer !== undefined) q = q.where('cases.customer_id', '=', f.customer);
  if (f.response !== undefined) q = q.where('cases.response_id', '=', f.response);
  if (f.touchpoint !== undefined) q = q.where('cases.touchpoint_id', '=', f.touchpoint);
  if (f.q !== undefined) q = q.where(containsText('cases.title', f.q));
  if (f.sla === 'breached') q = q.where(SLA_BREACHED);
  if (f.sla === 'due') {
    q = q
      .where('cases.status', 'in', ['new', 'open', 'pending'])
      .where(sql<SqlBool>`not ${SLA_BREACHED}`);
  }
  return q;
}

/** A page of cases, newest first. */
export async function listCaseRows(
  db: TDb,
  orgId: string,
  scope: TCaseScope,
  filters: TCaseFilters,
  page: { limit: number; cursor: string | undefined },
): Promise<{ items: TCase[]; nextCursor: string | null }> {
  const { rows, nextCursor } = await fetchPage(filtered(db, orgId, scope, filters), {
    sort: { column: 'cases.created_at', direction: 'desc' },
    idColumn: 'cases.id',
    cursor: page.cursor,
    limit: page.limit,
    keyOf: (row) => [row.created_at, row.id],
  });
  return { items: rows.map((r) => toCase(r)), nextCursor };
}

/** How many cases match the filters, how many of them breached and how many are still due. */
export async function countCases(
  db: TDb,
  orgId: string,
  scope: TCaseScope,
  filters: TCaseFilters,
): Promise<{ total: number; breached: number; due: number }> {
  const row = await filtered(db, orgId, scope, filters)
    .clearSelect()
    .select([
      sql<number | string>`count(*)`.as('total'),
      sql<number | string>`sum(case when ${SLA_BREACHED} then 1 else 0 end)`.as('breached'),
      sql<
        number | string
      >`sum(case when not ${SLA_BREACHED} and cases.status in ('new', 'open', 'pending') then 1 else 0 end)`.as(
        'due',
      ),
    ])
    .executeTakeFirstOrThrow();
  return {
    total: Number(row.total),
    breached: Number(row.breached ?? 0),
    due: Number(row.due ?? 0),
  };
}

/** A case's timeline, oldest first, with the names of the people who acted. */
export function listCaseActivityRows(db: TDb, orgId: string, caseId: string) {
  return db
    .selectFrom('case_activities')
    .leftJoin('users', (j) =>
      j
        .onRef('users.id', '=', 'case_activities.actor_id')
        .on('case_activities.actor_type', '=', 'user'),
    )
    .selectAll('case_activities')
    .select('users.name as actor_name')
    .where('case_activities.organization_id', '=', orgId)
    .where('case_activities.case_id', '=', caseId)
    .orderBy('case_activities.created_at')
    .orderBy('case_activities.id')
    .execute();
}

/** The team that owns a touchpoint (null when it has none or there is no such touchpoint). */
export async function findTouchpointOwnerTeam(
  db: TDb,
  orgId: string,
  touchpointId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('touchpoints')
    .select('owner_team_id')
    .where('organization_id', '=', orgId)
    .where('id', '=', touchpointId)
    .executeTakeFirst();
  return row?.owner_team_id ?? null;
}
