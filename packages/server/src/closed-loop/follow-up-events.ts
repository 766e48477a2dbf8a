/**
 * The follow-up outcome, a durable subscriber of response events: a completed response of a
 * customer, through an e-mail link, to a survey they were sent as a follow-up answers the latest
 * such follow-up. Its answer, category and `recovered` are stored on the follow-up, written on
 * the case's timeline and announced with `case.updated`, in one transaction. A follow-up is
 * answered once, so an event handed over again changes nothing.
 */
import type { TFollowUpMetric, TSurveyDefinition } from '@touchstone/core';
import { addCaseActivity, appendCaseEvents } from '../cases/case-writes.js';
import { findCaseRow } from '../cases/cases.repository.js';
import type { TResponseEventPayload } from '../events/domain-event.js';
import type { TEventSubscriber } from '../events/event-dispatcher.js';
import type { TDb, TStorage } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TCaseFollowUpsTable } from '../storage/schema.js';
import {
  findDefinitionJson,
  findPendingFollowUp,
  recordFollowUpAnswer,
} from './closed-loop.repository.js';
import { isRecovered, scoreCategory, scoreQuestionOf } from './follow-up-scores.js';

export const FOLLOW_UP_SUBSCRIBER = 'closed-loop-follow-ups';

/** The follow-up answer of a response: its score on the follow-up's scale, or null. */
async function followUpScore(
  db: TDb,
  followUp: TCaseFollowUpsTable,
  payload: TResponseEventPayload,
): Promise<number | null> {
  const json = await findDefinitionJson(db, payload.surveyId, payload.surveyVersion);
  if (json === undefined) return null;
  const metric = (followUp.metric ?? undefined) as TFollowUpMetric | undefined;
  const question = scoreQuestionOf(parseJsonColumn<TSurveyDefinition>(json), metric);
  if (question === null) return null;
  const value = payload.values.find(([key]) => key === question.key)?.[1];
  return value === undefined || !Number.isFinite(value) ? null : value;
}

/** Records the outcome of one follow-up answered by a response; nothing when already answered. */
export async function recordFollowUpOutcome(
  db: TDb,
  followUp: TCaseFollowUpsTable,
  payload: TResponseEventPayload,
  now: Date,
): Promise<boolean> {
  const score = await followUpScore(db, followUp, payload);
  const metric = followUp.metric as TFollowUpMetric | null;
  const category = metric === null || score === null ? null : scoreCategory(metric, score);
  const recovered = isRecovered(followUp.original_category, category);
  const answeredAt = payload.submittedAt ?? now.toISOString();
  return db.transaction().execute(async (trx) => {
    const changed = await recordFollowUpAnswer(trx, followUp.id, {
      response_id: payload.responseId,
      score,
      category,
      recovered: recovered === null ? null : recovered ? 1 : 0,
      answered_at: answeredAt,
      updated_at: now.toISOString(),
    });
    if (!changed || followUp.case_id === null) return changed;
    const theCase = await findCaseRow(trx, followUp.organization_id, followUp.case_id);
    if (theCase === undefined) return changed;
    const outcome = {
      followUpId: followUp.id,
      responseId: payload.responseId,
      metric,
      originalScore: followUp.original_score,
      originalCategory: followUp.original_category,
      score,
      category,
      recovered,
    };
    const said = score === null ? 'without a score' : `${score} (${category ?? 'unrated'})`;
    const won = recovered === true ? '; the customer was won back' : '';
    await addCaseActivity(trx, {
      organizationId: followUp.organization_id,
      caseId: followUp.case_id,
      kind: 'follow_up_answered',
      actor: { type: 'customer', id: followUp.customer_id },
      body: `The customer answered the follow-up survey ${said}${won}`,
      data: outcome,
      now,
    });
    await appendCaseEvents(
      trx,
      [{ type: 'case.updated', row: theCase, change: { followUp: outcome } }],
      now,
    );
    return changed;
  });
}

/** Finds the follow-ups that completed responses answer, and records their outcome. */
export function followUpEventSubscriber(storage: TStorage): TEventSubscriber {
  return {
    name: FOLLOW_UP_SUBSCRIBER,
    durable: true,
    async handle(events) {
      for (const event of events) {
        if (event.type !== 'response.completed') continue;
        const payload = event.payload as unknown as TResponseEventPayload;
        if (payload.customerId === null) continue;
        const followUp = await findPendingFollowUp(
          storage.db,
          event.organizationId,
          payload.customerId,
          payload.surveyId,
          payload.submittedAt ?? event.at,
        );
        if (followUp === undefined) continue;
        // Only an answer through the follow-up's e-mail link counts (the survey may also be
        // answered elsewhere); the invitation names its response once the respondent endpoint
        // has told it, which may come after this event.
        const linked = followUp.invitation_response_id;
        const throughLink =
          linked === payload.responseId || (linked === null && payload.channel === 'email');
        if (!throughLink) continue;
        await recordFollowUpOutcome(storage.db, followUp, payload, new Date());
      }
    },
  };
}
