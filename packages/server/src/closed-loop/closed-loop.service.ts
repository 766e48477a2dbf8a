/**
 * Closing the loop from a case: e-mail the customer (queued for the job worker, on the timeline
 * at once, the case's first response), send a follow-up survey once the case is resolved, and
 * what the case view shows of both. Each write is one transaction.
 */
import {
  AppError,
  invalidField,
  newId,
  type TCaseClosedLoop,
  type TCaseMessage,
  type TCaseMessageCreate,
  type TCaseMessageTemplate,
  type TClosedLoopSettings,
  type TFollowUp,
  type TFollowUpCreate,
  type TFollowUpMetric,
} from '@touchstone/core';
import { recordAudit } from '../audit/audit.repository.js';
import type { TServiceContext } from '../auth/actor.js';
import { addCaseActivity, scheduleSlaCheck } from '../cases/case-writes.js';
import { updateCaseRow } from '../cases/cases.repository.js';
import { caseActorOf } from '../cases/cases.service.js';
import { findRecipient } from '../invitations/audience.repository.js';
import { findCampaignSurvey } from '../invitations/campaigns.repository.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import type { TCaseMessagesTable } from '../storage/schema.js';
import { getActorCase } from './case-access.js';
import { CASE_MESSAGE_JOB } from './case-message-delivery.js';
import {
  findCaseBrandLook,
  findClosedLoopSettings,
  insertCaseMessage,
  listCaseMessages,
  listFollowUpsOfCase,
  saveClosedLoopSettings,
  type TFollowUpRow,
} from './closed-loop.repository.js';
import { contactRefusal, sendFollowUpSurvey } from './follow-up.js';
import { composeMessage } from './message-templates.js';

export function toCaseMessage(row: TCaseMessagesTable): TCaseMessage {
  return {
    id: row.id,
    caseId: row.case_id,
    customerId: row.customer_id,
    template: row.template as TCaseMessageTemplate | null,
    subject: row.subject,
    body: row.body,
    status: row.status as TCaseMessage['status'],
    lastError: row.last_error,
    sentBy: row.sent_by,
    sentAt: row.sent_at,
    createdAt: row.created_at,
  };
}

export function toFollowUp(row: TFollowUpRow): TFollowUp {
  return {
    id: row.id,
    caseId: row.case_id,
    customerId: row.customer_id,
    surveyId: row.survey_id,
    invitationId: row.invitation_id,
    deliveryStatus: row.delivery_status,
    status: row.status as TFollowUp['status'],
    metric: row.metric as TFollowUpMetric | null,
    originalResponseId: row.original_response_id,
    originalScore: row.original_score === null ? null : Number(row.original_score),
    originalCategory: row.original_category,
    responseId: row.response_id,
    score: row.score === null ? null : Number(row.score),
    category: row.category,
    recovered: row.recovered === null ? null : Number(row.recovered) === 1,
    sentAt: row.sent_at,
    answeredAt: row.answered_at,
  };
}

function refuseContact(message: string, reason: string): AppError {
  return new AppError('validation_failed', `the customer cannot be e-mailed: ${message}`, [
    { field: 'customer', message: reason },
  ]);
}

/** Writes to the case's customer: a 422 naming why when they may not be e-mailed. */
export async function sendCaseMessage(
  ctx: TServiceContext,
  caseId: string,
  input: TCaseMessageCreate,
): Promise<TCaseMessage> {
  const theCase = await getActorCase(ctx, caseId);
  const orgId = ctx.actor.organizationId;
  const db = ctx.storage.db;
  if (theCase.customer_id === null) throw refuseContact('the case has no customer', 'no_customer');
  const recipient = await findRecipient(db, orgId, theCase.customer_id);
  const refusal = contactRefusal(recipient);
  if (refusal !== null) throw refuseContact(refusal.message, refusal.reason);
  const brand = await findCaseBrandLook(db, orgId, theCase.touchpoint_id);
  const text = composeMessage(input, {
    customer: recipient?.name ?? null,
    brand: brand?.name ?? null,
    caseNumber: Number(theCase.number),
  });
  const now = new Date();
  const at = now.toISOString();
  const row: TCaseMessagesTable = {
    id: newId(),
    organization_id: orgId,
    case_id: theCase.id,
    customer_id: theCase.customer_id,
    template: input.template ?? null,
    subject: text.subject,
    body: text.body,
    status: 'queued',
    last_error: null,
    sent_by: ctx.actor.userId,
    sent_at: null,
    created_at: at,
    updated_at: at,
  };
  await db.transaction().execute(async (trx) => {
    await insertCaseMessage(trx, row);
    const actor = caseActorOf(ctx);
    await addCaseActivity(trx, {
      organizationId: orgId,
      caseId: theCase.id,
      kind: 'message',
      actor,
      body: `E-mail to the customer: ${row.subject}`,
      data: { messageId: row.id, subject: row.subject, template: row.template },
      now,
    });
    // Writing to the customer answers the case whoever writes (an integration's key too);
    // the timeline counts only people's entries, so a key's message is counted here.
    if (actor.type !== 'user' && theCase.first_responded_at === null) {
      await updateCaseRow(trx, orgId, theCase.id, { first_responded_at: at, updated_at: at });
      await scheduleSlaCheck(trx, { ...theCase, first_responded_at: at }, now);
    }
    await enqueueJob(trx, {
      kind: CASE_MESSAGE_JOB,
      payload: { messageId: row.id },
      organizationId: orgId,
      now,
    });
  });
  return toCaseMessage(row);
}

/** The follow-up survey of a resolved (or closed) case. */
export async function sendCaseFollowUp(
  ctx: TServiceContext,
  caseId: string,
  input: TFollowUpCreate,
): Promise<TFollowUp> {
  const theCase = await getActorCase(ctx, caseId);
  const orgId = ctx.actor.organizationId;
  if (theCase.status !== 'resolved' && theCase.status !== 'closed') {
    throw new AppError(
      'conflict',
      `case #${Number(theCase.number)} is ${theCase.status}; a follow-up is sent once it is resolved`,
      [{ field: 'status', message: 'resolve the case first' }],
    );
  }
  if (theCase.customer_id === null) throw refuseContact('the case has no customer', 'no_customer');
  const surveyId =
    input.surveyId ??
    (await findClosedLoopSettings(ctx.storage.db, orgId))?.follow_up_survey_id ??
    null;
  if (surveyId === null) {
    throw invalidField(
      'body.surveyId',
      'name the follow-up survey; the organization has no default follow-up survey',
    );
  }
  const customerId = theCase.customer_id;
  const row = await ctx.storage.db.transaction().execute((trx) =>
    sendFollowUpSurvey(trx, {
      organizationId: orgId,
      customerId,
      surveyId,
      caseId: theCase.id,
      now: new Date(),
      userId: ctx.actor.userId,
    }),
  );
  return toFollowUp({ ...row, delivery_status: 'queued' });
}

/** What the case view's closed-loop panel shows. */
export async function getCaseClosedLoop(
  ctx: TServiceContext,
  caseId: string,
): Promise<TCaseClosedLoop> {
  const theCase = await getActorCase(ctx, caseId);
  const orgId = ctx.actor.organizationId;
  const db = ctx.storage.db;
  const recipient =
    theCase.customer_id === null ? undefined : await findRecipient(db, orgId, theCase.customer_id);
  const settings = await findClosedLoopSettings(db, orgId);
  return {
    caseId: theCase.id,
    contactBlockedBy: contactRefusal(recipient)?.reason ?? null,
    defaultFollowUpSurveyId: settings?.follow_up_survey_id ?? null,
    messages: (await listCaseMessages(db, orgId, theCase.id)).map(toCaseMessage),
    followUps: (await listFollowUpsOfCase(db, orgId, theCase.id)).map(toFollowUp),
  };
}

export async function getClosedLoopSettings(ctx: TServiceContext): Promise<TClosedLoopSettings> {
  const row = await findClosedLoopSettings(ctx.storage.db, ctx.actor.organizationId);
  return { followUpSurveyId: row?.follow_up_survey_id ?? null };
}

export async function updateClosedLoopSettings(
  ctx: TServiceContext,
  input: TClosedLoopSettings,
): Promise<TClosedLoopSettings> {
  const orgId = ctx.actor.organizationId;
  if (input.followUpSurveyId !== null) {
    const survey = await findCampaignSurvey(ctx.storage.db, orgId, input.followUpSurveyId);
    if (survey === undefined) {
      throw invalidField('body.followUpSurveyId', `survey ${input.followUpSurveyId} was not found`);
    }
  }
  await ctx.storage.db.transaction().execute(async (trx) => {
    await saveClosedLoopSettings(trx, {
      organization_id: orgId,
      follow_up_survey_id: input.followUpSurveyId,
      updated_at: new Date().toISOString(),
    });
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'closed-loop-settings',
      entityId: null,
      details: { ...input },
    });
  });
  return input;
}
