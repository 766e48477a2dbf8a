/**
 * Sends a follow-up survey to a customer: an invitation of a one-person campaign, so the personal
 * link, its token, the unsubscribe link and the delivery job are those of every campaign; and a
 * `case_follow_ups` row that remembers the original answer the outcome will be compared with.
 */
import {
  AppError,
  newId,
  notFound,
  type TSurveyDefinition,
  type TFollowUpMetric,
} from '@touchstone/core';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { findRecipient } from '../invitations/audience.repository.js';
import {
  findCampaignSurvey,
  findCurrentDefinitionJson,
  insertCampaign,
} from '../invitations/campaigns.repository.js';
import type { TCampaignMessage } from '../invitations/campaigns.schema.js';
import { pickLanguage, skipReasonOf } from '../invitations/eligibility.js';
import { INVITATION_JOBS } from '../invitations/invitation-job-kinds.js';
import { insertInvitations } from '../invitations/invitations.repository.js';
import { addCaseActivity } from '../cases/case-writes.js';
import { findCaseRow } from '../cases/cases.repository.js';
import type { TDb } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TCaseFollowUpsTable, TCasesTable } from '../storage/schema.js';
import {
  findCustomerResponsesBefore,
  findDefinitionJson,
  findResponseScores,
  insertFollowUp,
} from './closed-loop.repository.js';
import { answerOf, scoreCategory, scoreQuestionOf } from './follow-up-scores.js';

export interface TSendFollowUp {
  organizationId: string;
  customerId: string;
  surveyId: string;
  /** The case the follow-up closes the loop on; null when a rule sends one without a case. */
  caseId: string | null;
  now: Date;
  /** The user who asked for it, for the timeline; null for rules and the system. */
  userId?: string | null;
}

/** Why a customer may not be e-mailed, in words for the 422. */
const REASON_TEXT: Record<string, string> = {
  no_email: 'the customer has no e-mail address',
  no_consent: 'the customer has not consented to e-mail',
  opted_out: 'the customer unsubscribed from surveys and messages',
};

/** The e-mail text of a follow-up, in the languages we have words for. */
const FOLLOW_UP_MESSAGES: Record<string, TCampaignMessage> = {
  en: {
    subject: 'Did we put it right?',
    intro:
      'You told us about a problem recently, and we have worked on it.\n\nWould you tell us how we did? It takes a minute.',
  },
  de: {
    subject: 'Haben wir es in Ordnung gebracht?',
    intro:
      'Sie haben uns kürzlich ein Problem geschildert, und wir haben uns darum gekümmert.\n\nWie zufrieden sind Sie damit? Es dauert nur eine Minute.',
  },
  fr: {
    subject: 'Avons-nous réglé le problème ?',
    intro:
      'Vous nous avez récemment signalé un problème et nous l’avons traité.\n\nPouvez-vous nous dire ce que vous en pensez ? Cela prend une minute.',
  },
};

/** Refuses, with a 422 naming the reason, a customer who may not be e-mailed. */
export function contactRefusal(
  recipient: Parameters<typeof skipReasonOf>[0] | undefined,
): { reason: string; message: string } | null {
  if (recipient === undefined)
    return { reason: 'no_customer', message: 'the case has no customer' };
  const reason = skipReasonOf(recipient, false);
  return reason === null ? null : { reason, message: REASON_TEXT[reason] ?? reason };
}

interface TOriginal {
  responseId: string | null;
  score: number | null;
  category: string | null;
}

async function scoreOfResponse(
  db: TDb,
  response: { survey_id: string; survey_version: number; values_json: string },
  metric: TFollowUpMetric,
): Promise<number | null> {
  const json = await findDefinitionJson(db, response.survey_id, response.survey_version);
  if (json === undefined) return null;
  const question = scoreQuestionOf(parseJsonColumn<TSurveyDefinition>(json), metric);
  if (question === null) return null;
  return answerOf(parseJsonColumn<Record<string, unknown>>(response.values_json), question.key);
}

/**
 * The answer the follow-up is compared with: the case's response when it has one, else the
 * customer's latest complete response with an answer on the same scale.
 */
async function originalAnswer(
  db: TDb,
  orgId: string,
  customerId: string,
  theCase: TCasesTable | undefined,
  metric: TFollowUpMetric | null,
  now: Date,
): Promise<TOriginal> {
  const none: TOriginal = { responseId: theCase?.response_id ?? null, score: null, category: null };
  if (metric === null) return none;
  const candidates = [];
  if (theCase?.response_id) {
    const response = await findResponseScores(db, orgId, theCase.response_id);
    if (response) candidates.push(response);
  } else {
    candidates.push(
      ...(await findCustomerResponsesBefore(db, orgId, customerId, now.toISOString(), 20)),
    );
  }
  for (const response of candidates) {
    const score = await scoreOfResponse(db, response, metric);
    if (score !== null) {
      return { responseId: response.id, score, category: scoreCategory(metric, score) };
    }
  }
  return none;
}

/**
 * Sends a follow-up survey in the caller's transaction: the campaign of one, its queued
 * invitation and delivery job, the follow-up row and, with a case, its timeline entry. Throws a
 * 422 for a customer who may not be e-mailed or a survey that is unknown or not live.
 */
export async function sendFollowUpSurvey(
  trx: TDb,
  input: TSendFollowUp,
): Promise<TCaseFollowUpsTable> {
  const orgId = input.organizationId;
  const recipient = await findRecipient(trx, orgId, input.customerId);
  if (recipient === undefined) throw notFound('customer', input.customerId);
  const refusal = contactRefusal(recipient);
  if (refusal !== null) {
    throw new AppError('validation_failed', `no follow-up can be sent: ${refusal.message}`, [
      { field: 'customer', message: refusal.reason },
    ]);
  }
  const survey = await findCampaignSurvey(trx, orgId, input.surveyId);
  if (survey === undefined) {
    throw new AppError('validation_failed', `survey ${input.surveyId} was not found`, [
      { field: 'surveyId', message: 'no such survey in this organization' },
    ]);
  }
  if (survey.status !== 'live') {
    throw new AppError('validation_failed', `the survey is ${survey.status}; set it live first`, [
      { field: 'surveyId', message: 'the follow-up survey must be live' },
    ]);
  }
  const definitionJson = await findCurrentDefinitionJson(trx, survey.id, survey.current_version);
  if (definitionJson === undefined) throw notFound('survey version', survey.id);
  const definition = parseJsonColumn<TSurveyDefinition>(definitionJson);
  const theCase = input.caseId === null ? undefined : await findCaseRow(trx, orgId, input.caseId);
  if (input.caseId !== null && theCase === undefined) throw notFound('case', input.caseId);

  const metric = scoreQuestionOf(definition)?.metric ?? null;
  const original = await originalAnswer(trx, orgId, input.customerId, theCase, metric, input.now);
  const now = input.now.toISOString();
  // Every language of the survey gets a message (ours where we have its words, else English),
  // so the invitation is written in the language the customer will answer in.
  const messages = Object.fromEntries(
    definition.languages.map((language) => [
      language,
      FOLLOW_UP_MESSAGES[language.split('-')[0] ?? language] ?? FOLLOW_UP_MESSAGES['en'],
    ]),
  );
  const campaignId = newId();
  await insertCampaign(trx, {
    id: campaignId,
    organization_id: orgId,
    survey_id: survey.id,
    name: theCase
      ? `Follow-up of case #${Number(theCase.number)}`
      : `Follow-up: ${recipient.name ?? recipient.id}`,
    status: 'sending',
    audience_json: JSON.stringify({ type: 'customers', customerIds: [input.customerId] }),
    touchpoint_id: theCase?.touchpoint_id ?? null,
    messages_json: JSON.stringify(messages),
    reminder_days: 0,
    scheduled_at: null,
    sent_at: now,
    created_at: now,
    updated_at: now,
  });
  const invitationId = newId();
  await insertInvitations(trx, [
    {
      id: invitationId,
      organization_id: orgId,
      campaign_id: campaignId,
      survey_id: survey.id,
      customer_id: input.customerId,
      interaction_id: null,
      language: pickLanguage(recipient.locale, Object.keys(messages), definition.defaultLanguage),
      status: 'queued',
      skip_reason: null,
      last_error: null,
      invited_at: now,
      sent_at: null,
      reminder_queued_at: null,
      reminded_at: null,
      responded_at: null,
      response_id: null,
      opted_out_at: null,
      updated_at: now,
    },
  ]);
  await enqueueJob(trx, {
    kind: INVITATION_JOBS.invitationSend,
    payload: { invitationId },
    organizationId: orgId,
    now: input.now,
  });
  const row: TCaseFollowUpsTable = {
    id: newId(),
    organization_id: orgId,
    case_id: input.caseId,
    customer_id: input.customerId,
    survey_id: survey.id,
    campaign_id: campaignId,
    invitation_id: invitationId,
    original_response_id: original.responseId,
    metric,
    original_score: original.score,
    original_category: original.category,
    status: 'sent',
    response_id: null,
    score: null,
    category: null,
    recovered: null,
    sent_at: now,
    answered_at: null,
    updated_at: now,
  };
  await insertFollowUp(trx, row);
  if (theCase !== undefined) {
    const userId = input.userId ?? null;
    await addCaseActivity(trx, {
      organizationId: orgId,
      caseId: theCase.id,
      kind: 'follow_up_sent',
      actor: userId === null ? { type: 'system', id: null } : { type: 'user', id: userId },
      body: `Follow-up survey "${survey.name}" sent to the customer`,
      data: { followUpId: row.id, surveyId: survey.id, invitationId },
      now: input.now,
    });
  }
  return row;
}
