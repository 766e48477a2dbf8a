import type { TDb } from '../storage/database.js';

/** Who a notification reaches: people, every member of teams, and teams' leads. */
export interface TRecipientQuery {
  userIds?: string[] | undefined;
  teamIds?: string[] | undefined;
  teamLeadsOf?: string[] | undefined;
}

/**
 * The distinct people of the organization the recipients name. Only current members count: a
 * person removed from the organization (whose teams and sessions went with the membership) is
 * never notified, even when named directly or still recorded as a team's lead.
 */
export async function resolveRecipientIds(
  db: TDb,
  orgId: string,
  recipients: TRecipientQuery,
): Promise<string[]> {
  const named = new Set(recipients.userIds ?? []);
  const teamIds = recipients.teamIds ?? [];
  if (teamIds.length > 0) {
    const members = await db
      .selectFrom('team_members')
      .select('user_id')
      .where('organization_id', '=', orgId)
      .where('team_id', 'in', teamIds)
      .execute();
    for (const m of members) named.add(m.user_id);
  }
  for (const lead of await teamLeadIds(db, orgId, recipients.teamLeadsOf ?? [])) named.add(lead);
  if (named.size === 0) return [];
  const current = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('organization_id', '=', orgId)
    .where('user_id', 'in', [...named])
    .orderBy('user_id')
    .execute();
  return current.map((r) => r.user_id);
}

/** The leads of the given teams (teams without one add nobody). */
async function teamLeadIds(db: TDb, orgId: string, teamIds: string[]): Promise<string[]> {
  if (teamIds.length === 0) return [];
  const rows = await db
    .selectFrom('teams')
    .select('lead_user_id')
    .where('organization_id', '=', orgId)
    .where('id', 'in', teamIds)
    .where('lead_user_id', 'is not', null)
    .execute();
  return rows.flatMap((r) => (r.lead_user_id === null ? [] : [r.lead_user_id]));
}
