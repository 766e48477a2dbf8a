/** Test data of the comment store: a survey with an NPS and a comment, and responses to it. */
import { newId, type TSurveyDefinitionInput } from '@touchstone/core';
import { buildJobRegistry } from '../../src/jobs/server-worker.js';
import { JobWorker } from '../../src/jobs/job-worker.js';
import type { TStoredResponse } from '../../src/ingest/stored-response.js';
import type { TTestEnv } from '../harness.js';
import { testConfig } from '../harness.js';
import { createSurvey } from './survey-fixtures.js';

/** NPS and one open comment. */
export function commentSurveyDefinition(): TSurveyDefinitionInput {
  return {
    defaultLanguage: 'en',
    languages: ['en'],
    title: { en: 'Your visit' },
    thankYou: { en: 'Thanks' },
    questions: [
      { id: 'nps', type: 'nps', required: true, text: { en: 'Recommend us?' } },
      { id: 'comment', type: 'text', text: { en: 'Why?' } },
    ],
  };
}

export async function createCommentSurvey(env: TTestEnv): Promise<string> {
  return (await createSurvey(env, { definition: commentSurveyDefinition() })).id;
}

export interface TCommentResponseInput {
  nps: number;
  comment?: unknown;
  /** `YYYY-MM-DD`; the response is submitted at noon that day (plus `second` seconds). */
  day?: string;
  second?: number;
  touchpointId?: string | null;
  segmentKey?: string;
  customerId?: string | null;
}

/** A complete response with a comment, as the writer stores it. */
export function commentResponse(
  orgId: string,
  surveyId: string,
  input: TCommentResponseInput,
): TStoredResponse {
  const day = input.day ?? '2026-03-10';
  const at = new Date(
    Date.parse(`${day}T12:00:00.000Z`) + (input.second ?? 0) * 1000,
  ).toISOString();
  const answers: Record<string, unknown> = { nps: input.nps };
  if (input.comment !== undefined) answers['comment'] = input.comment;
  return {
    id: newId(),
    organizationId: orgId,
    surveyId,
    surveyVersion: 1,
    touchpointId: input.touchpointId ?? null,
    customerId: input.customerId ?? null,
    interactionId: null,
    channel: 'api',
    language: 'en',
    status: 'complete',
    answers: answers as TStoredResponse['answers'],
    hidden: {},
    segment: {},
    segmentKey: input.segmentKey ?? '',
    idempotencyKey: null,
    resumeTokenHash: null,
    startedAt: at,
    submittedAt: at,
    day,
    updatedAt: at,
    values: [
      {
        questionKey: 'nps',
        value: input.nps,
        type: 'nps',
        dimension: null,
        reverse: false,
        scaleMin: 0,
        scaleMax: 10,
      },
    ],
    change: 'created',
  };
}

/** Writes responses through the group commit and waits for the comment subscriber. */
export async function writeCommentResponses(
  env: TTestEnv,
  responses: readonly TStoredResponse[],
): Promise<void> {
  await env.services.responses.write(responses);
  const settled = await env.services.events.settle(['comment-analysis'], 60_000);
  if (!settled) throw new Error('the comment subscriber did not catch up');
}

/** Runs the server's queued jobs (the re-analysis after a theme change) to the end. */
export async function runQueuedJobs(env: TTestEnv): Promise<number> {
  const mailer = { send: () => Promise.reject(new Error('no mail in tests')), close: () => {} };
  const worker = new JobWorker(
    env.storage,
    buildJobRegistry(testConfig(env.storage.dialect), mailer),
  );
  return worker.drain();
}
