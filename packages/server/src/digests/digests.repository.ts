/** SQL of the weekly digest: the settings, the sent-log, and what a digest reports. */
import type { TDb } from '../storage/database.js';
import type { TDigestSubscriptionsTable } from '../storage/schema.js';

/** Case statuses that still need work. */
const OPEN_CASE_STATUSES = ['new', 'open', 'pending'];

export function findDigestSubscription(
  db: TDb,
  orgId: string,
  userId: string,
): Promise<TDigestSubscriptionsTable | undefined> {
  return db
    .selectFrom('digest_subscriptions')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function upsertDigestSubscription(
  db: TDb,
  row: TDigestSubscriptionsTable,
): Promise<void> {
  const changes = {
    enabled: row.enabled,
    day_of_week: row.day_of_week,
    hour_utc: row.hour_utc,
    scope: row.scope,
    active_since: row.active_since,
    updated_at: row.updated_at,
  };
  await db
    .insertInto('digest_subscriptions')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doUpdateSet(changes))
    .execute();
}

/** A switched-on setting with its person, while they are still a member of the organization. */
export interface TDigestRecipient extends TDigestSubscriptionsTable {
  email: string;
  name: string;
}

/** Every switched-on setting of current members, every organization. */
export function listEnabledDigestRecipients(db: TDb): Promise<TDigestRecipient[]> {
  return db
    .selectFrom('digest_subscriptions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('memberships as m', (join) =>
      join
        .onRef('m.user_id', '=', 's.user_id')
        .onRef('m.organization_id', '=', 's.organization_id'),
    )
    .selectAll('s')
    .select(['u.email', 'u.name'])
    .where('s.enabled', '=', 1)
    .orderBy('s.organization_id')
    .orderBy('s.user_id')
    .execute();
}

/** One person's setting with their address, whether or not it is switched on (for a preview). */
export function findDigestRecipient(
  db: TDb,
  orgId: string,
  userId: string,
): Promise<{ email: string; name: string } | undefined> {
  return db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.email', 'u.name'])
    .where('m.organization_id', '=', orgId)
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

/**
 * Claims a person's digest of a week in the sent-log; true when this call claimed it. Two runs
 * claiming at once: the primary key lets one insert.
 */
export async function claimDigestWeek(
  db: TDb,
  row: { organization_id: string; user_id: string; week: string; sent_at: string },
): Promise<boolean> {
  const result = await db
    .insertInto('digest_sends')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'user_id', 'week']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Gives a claim back after a send that failed, so the retry may send it. */
export async function releaseDigestWeek(
  db: TDb,
  orgId: string,
  userId: string,
  week: string,
): Promise<void> {
  await db
    .deleteFrom('digest_sends')
    .where('organization_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('week', '=', week)
    .execute();
}

/** The person's latest weekly digest: its week and when it went out. */
export function findLastDigestSend(
  db: TDb,
  orgId: string,
  userId: string,
): Promise<{ week: string; sent_at: string } | undefined> {
  return db
    .selectFrom('digest_sends')
    .select(['week', 'sent_at'])
    .where('organization_id', '=', orgId)
    .where('user_id', '=', userId)
    .orderBy('week', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The touchpoints (not archived) owned by the teams the person is a member of. */
export async function findTeamTouchpointIds(
  db: TDb,
  orgId: string,
  userId: string,
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('touchpoints as t')
    .innerJoin('team_members as tm', 'tm.team_id', 't.owner_team_id')
    .innerJoin('teams', 'teams.id', 'tm.team_id')
    .select(['t.id', 't.name'])
    .distinct()
    .where('t.organization_id', '=', orgId)
    .where('tm.organization_id', '=', orgId)
    .where('tm.user_id', '=', userId)
    .where('t.archived_at', 'is', null)
    .where('teams.archived_at', 'is', null)
    .orderBy('t.name')
    .orderBy('t.id')
    .execute();
}

/** How many cases assigned to the person still need work. */
export async function countOpenCasesAssignedTo(
  db: TDb,
  orgId: string,
  userId: string,
): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organization_id', '=', orgId)
    .where('assignee_id', '=', userId)
    .where('status', 'in', OPEN_CASE_STATUSES)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
