import { newId, type TSurveyDefinitionInput } from '@touchstone/core';
import { expect } from 'vitest';
import type { TTestEnv, TTestOrg } from '../harness.js';
import type { TStoredResponse } from '../../src/ingest/stored-response.js';

/**
 * Test data: a survey with one question of each kind that analyses care about, written out by
 * hand so that expected values in tests are independent of the instrument library.
 * - nps (required), csat, a 1-5 matrix `exp` with items sense and feel, a single choice
 *   `visit` with "other", a multiple choice `extras` with "other", a comment, a consent;
 * - `why` is shown only to detractors (nps <= 6);
 * - hidden fields `booking` and `touchpoint`.
 */
export function loungeSurveyDefinition(): TSurveyDefinitionInput {
  return {
    defaultLanguage: 'en',
    languages: ['en', 'de'],
    title: { en: 'Your lounge visit', de: 'Ihr Lounge-Besuch' },
    thankYou: { en: 'Thank you!', de: 'Danke!' },
    questions: [
      { id: 'nps', type: 'nps', required: true, text: { en: 'Recommend us?', de: 'Empfehlen?' } },
      { id: 'why', type: 'text', text: { en: 'What went wrong?' }, displayIf: whyCondition() },
      { id: 'csat', type: 'csat', text: { en: 'How satisfied?' } },
      {
        id: 'exp',
        type: 'matrix',
        text: { en: 'The lounge ...' },
        scale: { min: 1, max: 5 },
        items: [
          { id: 'sense', text: { en: 'appeals to my senses' }, dimension: 'sem:sense' },
          { id: 'feel', text: { en: 'puts me in a mood' }, dimension: 'sem:feel' },
        ],
      },
      {
        id: 'visit',
        type: 'single_choice',
        text: { en: 'Why did you travel?' },
        options: [
          { id: 'business', label: { en: 'Business' } },
          { id: 'leisure', label: { en: 'Leisure' } },
        ],
        allowOther: true,
      },
      {
        id: 'extras',
        type: 'multiple_choice',
        text: { en: 'What did you use?' },
        options: [
          { id: 'bar', label: { en: 'Bar' } },
          { id: 'spa', label: { en: 'Spa' } },
          { id: 'wifi', label: { en: 'Wi-Fi' } },
        ],
        allowOther: true,
      },
      { id: 'comment', type: 'text', text: { en: 'Anything else?' } },
      { id: 'contact', type: 'consent', text: { en: 'May we contact you?' } },
    ],
    hiddenFields: [{ key: 'booking' }, { key: 'touchpoint' }],
  };
}

function whyCondition() {
  return { ref: 'nps', op: 'lte' as const, value: 6 };
}

/** A minimal one-question NPS survey. */
export function npsOnlyDefinition(): TSurveyDefinitionInput {
  return {
    defaultLanguage: 'en',
    languages: ['en'],
    title: { en: 'NPS' },
    thankYou: { en: 'Thanks' },
    questions: [{ id: 'nps', type: 'nps', required: true, text: { en: 'Recommend us?' } }],
  };
}

/** Creates a survey through the API (as admin) and makes it live unless told otherwise. */
export async function createSurvey(
  env: TTestEnv,
  body: Record<string, unknown>,
  options: { live?: boolean; org?: TTestOrg } = {},
): Promise<{ id: string; slug: string; version: number }> {
  const created = await env.as(
    'admin',
    { method: 'POST', url: '/api/surveys', payload: { name: 'Survey', ...body } },
    options.org,
  );
  expect(created.statusCode, created.body).toBe(201);
  const survey = created.json<{ id: string; slug: string; version: number }>();
  if (options.live !== false) {
    const live = await env.as(
      'admin',
      { method: 'PATCH', url: `/api/surveys/${survey.id}`, payload: { status: 'live' } },
      options.org,
    );
    expect(live.statusCode, live.body).toBe(200);
  }
  return survey;
}

/** Rows of a table for one survey, straight from the database (to prove nothing was stored). */
export async function countRows(
  env: TTestEnv,
  table: 'responses' | 'response_values',
  surveyId: string,
): Promise<number> {
  const row = await env.storage.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('survey_id', '=', surveyId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A complete NPS response, written by hand (the writer stores what it is given). */
export function npsResponse(
  orgId: string,
  surveyId: string,
  nps: number,
  extra: Partial<TStoredResponse> = {},
) {
  const at = '2026-05-06T07:08:09.000Z';
  const stored: TStoredResponse = {
    id: newId(),
    organizationId: orgId,
    surveyId,
    surveyVersion: 1,
    touchpointId: null,
    customerId: null,
    interactionId: null,
    channel: 'api',
    language: 'en',
    status: 'complete',
    answers: { nps },
    hidden: {},
    segment: {},
    segmentKey: '',
    idempotencyKey: null,
    resumeTokenHash: null,
    startedAt: at,
    submittedAt: at,
    day: at.slice(0, 10),
    updatedAt: at,
    values: [
      {
        questionKey: 'nps',
        value: nps,
        type: 'nps',
        dimension: null,
        reverse: false,
        scaleMin: 0,
        scaleMax: 10,
      },
    ],
    change: 'created',
    ...extra,
  };
  return stored;
}
