import { AppError, invalidField, notFound, newId } from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import type { TConfig } from '../config.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import type { TDb } from '../storage/database.js';
import { parseJsonColumn, toStoredInstant } from '../storage/rows.js';
import type { TCampaignsTable } from '../storage/schema.js';
import { materializeCampaign, segmentConditions } from './campaign-send.js';
import {
  countInvitations,
  emptyCounts,
  findCampaignRow,
  findCampaignSurvey,
  findMinDaysBetween,
  insertCampaign,
  listCampaignRows,
  saveMinDaysBetween,
  touchpointExists,
  updateCampaignRow,
} from './campaigns.repository.js';
import type {
  TCampaign,
  TCampaignAudience,
  TCampaignCounts,
  TCampaignCreate,
  TCampaignListQuery,
  TCampaignSend,
  TInvitationListQuery,
  TInvitationSettings,
} from './campaigns.schema.js';
import { INVITATION_JOBS } from './invitation-job-kinds.js';
import { findInteractionsByIds, findRecipientsByIds } from './audience.repository.js';
import { listInvitationRows, toInvitation } from './invitations.repository.js';

function toCampaign(row: TCampaignsTable, counts: TCampaignCounts): TCampaign {
  // Stored states are draft, scheduled and sending; sending with nothing left queued reads as sent.
  const status = row.status === 'sending' && counts.queued === 0 ? 'sent' : row.status;
  return {
    id: row.id,
    name: row.name,
    surveyId: row.survey_id,
    status: status as TCampaign['status'],
    audience: parseJsonColumn<TCampaignAudience>(row.audience_json),
    touchpointId: row.touchpoint_id,
    messages: parseJsonColumn<TCampaign['messages']>(row.messages_json),
    reminderDays: row.reminder_days,
    scheduledAt: row.scheduled_at,
    sentAt: row.sent_at,
    counts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function loadCampaignRow(ctx: TServiceContext, db: TDb, id: string, lock = false) {
  const row = await findCampaignRow(db, ctx.actor.organizationId, id, { lock });
  if (!row) throw notFound('campaign', id);
  return row;
}

/** A campaign with its invitation counts. */
export async function getCampaign(ctx: TServiceContext, id: string): Promise<TCampaign> {
  const db = ctx.storage.db;
  const row = await loadCampaignRow(ctx, db, id);
  const counts = await countInvitations(db, [row.id]);
  return toCampaign(row, counts.get(row.id) ?? emptyCounts());
}

export async function listCampaigns(ctx: TServiceContext, query: TCampaignListQuery) {
  const db = ctx.storage.db;
  const { rows, nextCursor } = await listCampaignRows(db, ctx.actor.organizationId, query);
  const counts = await countInvitations(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => toCampaign(r, counts.get(r.id) ?? emptyCounts())),
    nextCursor,
  };
}

/** Every id of the list must be one of the found ones; names the first that is not. */
function assertAllFound(ids: readonly string[], found: Set<string>, field: string, kind: string) {
  const index = ids.findIndex((id) => !found.has(id));
  if (index >= 0) throw invalidField(`${field}.${index}`, `not a ${kind} of this organization`);
}

async function checkAudience(db: TDb, orgId: string, audience: TCampaignAudience) {
  switch (audience.type) {
    case 'customers': {
      const found = await findRecipientsByIds(db, orgId, [...new Set(audience.customerIds)]);
      const ids = new Set(found.map((r) => r.id));
      assertAllFound(audience.customerIds, ids, 'body.audience.customerIds', 'customer');
      return;
    }
    case 'segment':
      await segmentConditions(db, orgId, audience.attr, 'body.audience.attr');
      return;
    case 'interactions': {
      const found = await findInteractionsByIds(db, orgId, [...new Set(audience.interactionIds)]);
      const ids = new Set(found.map((r) => r.id));
      assertAllFound(audience.interactionIds, ids, 'body.audience.interactionIds', 'interaction');
      return;
    }
  }
}

export async function createCampaign(
  ctx: TServiceContext,
  config: TConfig,
  input: TCampaignCreate,
): Promise<TCampaign> {
  const orgId = ctx.actor.organizationId;
  const id = newId();
  await ctx.storage.db.transaction().execute(async (trx) => {
    if (!(await findCampaignSurvey(trx, orgId, input.surveyId))) {
      throw invalidField('body.surveyId', 'not a survey of this organization');
    }
    if (input.touchpointId !== null && !(await touchpointExists(trx, orgId, input.touchpointId))) {
      throw invalidField('body.touchpointId', 'not a touchpoint of this organization');
    }
    await checkAudience(trx, orgId, input.audience);
    const now = new Date().toISOString();
    await insertCampaign(trx, {
      id,
      organization_id: orgId,
      survey_id: input.surveyId,
      name: input.name,
      status: 'draft',
      audience_json: JSON.stringify(input.audience),
      touchpoint_id: input.touchpointId,
      messages_json: JSON.stringify(input.messages),
      reminder_days: input.reminderDays ?? config.reminderDays,
      scheduled_at: input.scheduledAt === null ? null : toStoredInstant(input.scheduledAt),
      sent_at: null,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, ctx.actor, { action: 'create', entity: 'campaign', entityId: id });
  });
  return getCampaign(ctx, id);
}

/**
 * Sends a campaign now (its invitations are made in this request and their e-mails queued), or
 * schedules it when the send time lies ahead. Sending again invites only customers of the audience
 * the campaign has not invited yet.
 */
export async function sendCampaign(
  ctx: TServiceContext,
  config: TConfig,
  id: string,
  input: TCampaignSend,
): Promise<TCampaign> {
  const orgId = ctx.actor.organizationId;
  await ctx.storage.db.transaction().execute(async (trx) => {
    const campaign = await loadCampaignRow(ctx, trx, id, true);
    if (config.smtpUrl === null) {
      throw new AppError('conflict', 'e-mail delivery is not configured on this server (SMTP_URL)');
    }
    const now = new Date();
    // A draft's own send time applies to its first send; later sends without a time go now.
    const requested =
      input.scheduledAt ?? (campaign.status === 'draft' ? campaign.scheduled_at : null);
    const at = requested === null ? null : new Date(requested);
    if (at !== null && at.getTime() > now.getTime()) {
      const scheduledAt = at.toISOString();
      await updateCampaignRow(trx, orgId, id, {
        status: 'scheduled',
        scheduled_at: scheduledAt,
        updated_at: now.toISOString(),
      });
      await enqueueJob(trx, {
        kind: INVITATION_JOBS.campaignSend,
        payload: { campaignId: id, scheduledAt },
        organizationId: orgId,
        runAt: at,
        now,
      });
      await recordAudit(trx, ctx.actor, {
        action: 'schedule',
        entity: 'campaign',
        entityId: id,
        details: { scheduledAt },
      });
      return;
    }
    const outcome = await materializeCampaign(trx, campaign, {
      now,
      defaultMinDays: config.invitationMinDays,
    });
    await recordAudit(trx, ctx.actor, {
      action: 'send',
      entity: 'campaign',
      entityId: id,
      details: outcome,
    });
  });
  return getCampaign(ctx, id);
}

export async function listCampaignInvitations(
  ctx: TServiceContext,
  campaignId: string,
  query: TInvitationListQuery,
) {
  const db = ctx.storage.db;
  await loadCampaignRow(ctx, db, campaignId);
  const page = await listInvitationRows(db, ctx.actor.organizationId, campaignId, query);
  return { items: page.rows.map(toInvitation), nextCursor: page.nextCursor };
}

export async function getInvitationSettings(
  ctx: TServiceContext,
  config: TConfig,
): Promise<TInvitationSettings> {
  const days = await findMinDaysBetween(ctx.storage.db, ctx.actor.organizationId);
  return { minDaysBetweenInvitations: days ?? config.invitationMinDays };
}

export async function updateInvitationSettings(
  ctx: TServiceContext,
  input: TInvitationSettings,
): Promise<TInvitationSettings> {
  await ctx.storage.db.transaction().execute(async (trx) => {
    const orgId = ctx.actor.organizationId;
    await saveMinDaysBetween(trx, orgId, input.minDaysBetweenInvitations, new Date().toISOString());
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'invitation-settings',
      entityId: orgId,
      details: input,
    });
  });
  return input;
}
