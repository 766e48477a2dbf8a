import type { TDb } from '../storage/database.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import type { TInvitationsTable } from '../storage/schema.js';
import type { TInvitation, TInvitationListQuery } from './campaigns.schema.js';

/** The campaign's invitations by customer: who was already considered. */
export async function findCampaignInvitationsByCustomer(db: TDb, campaignId: string) {
  const rows = await db
    .selectFrom('invitations')
    .select(['id', 'customer_id', 'status'])
    .where('campaign_id', '=', campaignId)
    .execute();
  return new Map(rows.map((r) => [r.customer_id, r]));
}

export async function insertInvitations(db: TDb, rows: TInvitationsTable[]): Promise<void> {
  // Each row binds 18 parameters: 50 rows stay far below SQLite's and PostgreSQL's limits.
  for (let i = 0; i < rows.length; i += 50) {
    await db
      .insertInto('invitations')
      .values(rows.slice(i, i + 50))
      .execute();
  }
}

export async function findInvitationRow(
  db: TDb,
  orgId: string,
  id: string,
): Promise<TInvitationsTable | undefined> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Changes an invitation only while it is in one of the given states; returns false when another
 * writer got there first (a second delivery attempt, a reminder after a response).
 */
export async function updateInvitationIf(
  db: TDb,
  id: string,
  states: readonly string[],
  changes: Partial<Omit<TInvitationsTable, 'id' | 'organization_id' | 'campaign_id'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set(changes)
    .where('id', '=', id)
    .where('status', 'in', states)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function toInvitation(row: TInvitationsTable): TInvitation {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    customerId: row.customer_id,
    interactionId: row.interaction_id,
    language: row.language,
    status: row.status as TInvitation['status'],
    skipReason: row.skip_reason as TInvitation['skipReason'],
    lastError: row.last_error,
    invitedAt: row.invited_at,
    sentAt: row.sent_at,
    remindedAt: row.reminded_at,
    respondedAt: row.responded_at,
    responseId: row.response_id,
    optedOutAt: row.opted_out_at,
  };
}

/** Every invitation sent (or skipped) for a customer, oldest first (the personal data export). */
export async function listInvitationsOfCustomer(
  db: TDb,
  orgId: string,
  customerId: string,
): Promise<TInvitation[]> {
  const rows = await db
    .selectFrom('invitations')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('customer_id', '=', customerId)
    .orderBy('invited_at')
    .orderBy('id')
    .execute();
  return rows.map(toInvitation);
}

export async function listInvitationRows(
  db: TDb,
  orgId: string,
  campaignId: string,
  query: TInvitationListQuery,
) {
  let q = db
    .selectFrom('invitations')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('campaign_id', '=', campaignId);
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  if (query.skipReason !== undefined) q = q.where('skip_reason', '=', query.skipReason);
  if (query.responded !== undefined) {
    q = q.where('responded_at', query.responded ? 'is not' : 'is', null);
  }
  const sort = parseSort(query.sort, { invitedAt: 'invitations.invited_at' });
  return fetchPage(q, {
    sort,
    idColumn: 'invitations.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [row.invited_at, row.id],
  });
}

export async function insertInvitationToken(
  db: TDb,
  row: { token_hash: string; invitation_id: string; organization_id: string; created_at: string },
): Promise<void> {
  await db.insertInto('invitation_tokens').values(row).execute();
}

export async function deleteInvitationToken(db: TDb, tokenHash: string): Promise<void> {
  await db.deleteFrom('invitation_tokens').where('token_hash', '=', tokenHash).execute();
}

/** The invitation a token was sent for (any organization: the token is the credential). */
export async function findInvitationByTokenHash(
  db: TDb,
  tokenHash: string,
): Promise<TInvitationsTable | undefined> {
  return db
    .selectFrom('invitation_tokens')
    .innerJoin('invitations', 'invitations.id', 'invitation_tokens.invitation_id')
    .selectAll('invitations')
    .where('invitation_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** The campaign's touchpoint, else that of the interaction the invitation is linked to. */
export async function findInvitationTouchpointId(
  db: TDb,
  campaignId: string,
  interactionId: string | null,
): Promise<string | null> {
  const campaign = await db
    .selectFrom('campaigns')
    .select('touchpoint_id')
    .where('id', '=', campaignId)
    .executeTakeFirst();
  if (campaign?.touchpoint_id) return campaign.touchpoint_id;
  if (interactionId === null) return null;
  const interaction = await db
    .selectFrom('interactions')
    .select('touchpoint_id')
    .where('id', '=', interactionId)
    .executeTakeFirst();
  return interaction?.touchpoint_id ?? null;
}

/** The first response wins: a second submission through the same link does not move the mark. */
export async function setInvitationResponded(
  db: TDb,
  invitationId: string,
  responseId: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ responded_at: at, response_id: responseId, updated_at: at })
    .where('id', '=', invitationId)
    .where('responded_at', 'is', null)
    .execute();
}

/**
 * Sent invitations of a campaign with no response, no reminder yet, sent before the cutoff, whose
 * customer has not opted out since.
 */
export async function findDueReminderIds(
  db: TDb,
  campaignId: string,
  sentBefore: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('invitations')
    .innerJoin('customers', 'customers.id', 'invitations.customer_id')
    .select('invitations.id')
    .where('invitations.campaign_id', '=', campaignId)
    .where('invitations.status', '=', 'sent')
    .where('invitations.responded_at', 'is', null)
    .where('invitations.reminder_queued_at', 'is', null)
    .where('invitations.opted_out_at', 'is', null)
    .where('invitations.sent_at', '<=', sentBefore)
    .where('customers.opted_out_at', 'is', null)
    .orderBy('invitations.id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Of the invitations that may still need a reminder: the earliest send time, and whether some
 * are still waiting to be sent. Null when none may.
 */
export async function findPendingReminders(db: TDb, campaignId: string) {
  const rows = await db
    .selectFrom('invitations')
    .innerJoin('customers', 'customers.id', 'invitations.customer_id')
    .select((eb) => [
      'invitations.status',
      eb.fn.min('invitations.sent_at').as('earliest'),
      eb.fn.countAll().as('n'),
    ])
    .where('invitations.campaign_id', '=', campaignId)
    .where('invitations.status', 'in', ['queued', 'sent'])
    .where('invitations.responded_at', 'is', null)
    .where('invitations.reminder_queued_at', 'is', null)
    .where('invitations.opted_out_at', 'is', null)
    .where('customers.opted_out_at', 'is', null)
    .groupBy('invitations.status')
    .execute();
  if (rows.length === 0) return null;
  const sent = rows.find((r) => r.status === 'sent');
  return {
    earliestSentAt: sent?.earliest ?? null,
    anyQueued: rows.some((r) => r.status === 'queued'),
  };
}

/** Records that the customer unsubscribed through this invitation's e-mail. */
export async function markInvitationOptedOut(db: TDb, id: string, at: string): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ opted_out_at: at, updated_at: at })
    .where('id', '=', id)
    .where('opted_out_at', 'is', null)
    .execute();
}
