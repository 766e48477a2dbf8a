/**
 * Test data for the analytics suites: 20 responses written by hand through the responses API
 * (so they take the real write path: writer, rollup listener, cube), small enough that every
 * expected figure in the tests is worked out by hand in the comments there.
 *
 * Touchpoint `lounge`: 10 responses on 2026-01-05 .. 2026-01-14, channel api.
 * Touchpoint `gate`: 10 responses on 2026-02-02 .. 2026-02-11, the first five by email.
 * Responses 0-4 of each touchpoint come from a business traveller, 5-9 from a leisure traveller.
 */
import type { TSurveyDefinitionInput } from '@touchstone/core';
import { expect } from 'vitest';
import type { TTestEnv } from '../harness.js';
import { seedTouchpoints } from './touchpoint-fixtures.js';
import { createSurvey } from './survey-fixtures.js';

export const LOUNGE = {
  nps: [10, 10, 9, 9, 9, 8, 7, 6, 3, 0],
  csat: [5, 5, 4, 4, 4, 3, 3, 2, 1, 5],
  ces: [7, 6, 5, 5, 4, 3, 7, 6, 2, 1],
  value: [7, 7, 6, 6, 5, 5, 4, 4, 3, 1],
  sense: [5, 4, 4, 3, 5, 4, 4, 3, 5, 3],
  bored: [1, 2, 1, 2, 1, 2, 1, 2, 1, 2],
};

export const GATE = {
  nps: [10, 9, 8, 8, 8, 7, 7, 5, 5, 2],
  csat: [4, 4, 4, 3, 2, 2, 1, 1, 5, 5],
  sense: [2, 3, 2, 3, 2, 3, 2, 3, 2, 3],
  bored: [4, 4, 4, 4, 4, 4, 4, 4, 4, 4],
};

/** nps, csat, ces, a 1..7 rating and a 1..5 matrix with a reverse-coded item. */
export function analyticsSurveyDefinition(): TSurveyDefinitionInput {
  return {
    defaultLanguage: 'en',
    languages: ['en'],
    title: { en: 'Lounge and gate' },
    thankYou: { en: 'Thanks' },
    questions: [
      { id: 'nps', type: 'nps', required: true, text: { en: 'Recommend us?' } },
      { id: 'csat', type: 'csat', text: { en: 'How satisfied?' } },
      { id: 'ces', type: 'ces', text: { en: 'Easy?' } },
      { id: 'value', type: 'rating', scale: { min: 1, max: 7 }, text: { en: 'Value?' } },
      {
        id: 'exp',
        type: 'matrix',
        text: { en: 'The place ...' },
        scale: { min: 1, max: 5 },
        items: [
          { id: 'sense', text: { en: 'appeals to my senses' }, dimension: 'sem:sense' },
          { id: 'bored', text: { en: 'bores me' }, dimension: 'sem:sense', reverse: true },
        ],
      },
    ],
  };
}

export interface TAnalyticsFixture {
  surveyId: string;
  touchpoints: Record<string, string>;
}

/** Creates the survey, touchpoints, segment attribute, two customers and the 20 responses. */
export async function seedAnalyticsFixture(env: TTestEnv): Promise<TAnalyticsFixture> {
  const touchpoints = await seedTouchpoints(env.storage, env.orgA.id, ['lounge', 'gate', 'spa']);
  const attribute = await env.as('admin', {
    method: 'POST',
    url: '/api/attribute-keys',
    payload: {
      entity: 'customer',
      key: 'traveller',
      label: 'Traveller',
      type: 'enum',
      options: ['business', 'leisure'],
    },
  });
  expect(attribute.statusCode, attribute.body).toBe(201);
  for (const [externalId, traveller] of [
    ['C-BUSINESS', 'business'],
    ['C-LEISURE', 'leisure'],
  ]) {
    const res = await env.as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: { externalId, attributes: { traveller } },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const { id: surveyId } = await createSurvey(env, {
    touchpointIds: [touchpoints['lounge'], touchpoints['gate']],
    definition: analyticsSurveyDefinition(),
  });
  const responses = [
    ...LOUNGE.nps.map((nps, i) => ({
      answers: {
        nps,
        csat: LOUNGE.csat[i],
        ces: LOUNGE.ces[i],
        value: LOUNGE.value[i],
        exp: { sense: LOUNGE.sense[i], bored: LOUNGE.bored[i] },
      },
      touchpointKey: 'lounge',
      customerExternalId: i < 5 ? 'C-BUSINESS' : 'C-LEISURE',
      submittedAt: `2026-01-${String(5 + i).padStart(2, '0')}T10:00:00.000Z`,
      channel: 'api',
    })),
    ...GATE.nps.map((nps, i) => ({
      answers: {
        nps,
        csat: GATE.csat[i],
        exp: { sense: GATE.sense[i], bored: GATE.bored[i] },
      },
      touchpointKey: 'gate',
      customerExternalId: i < 5 ? 'C-BUSINESS' : 'C-LEISURE',
      submittedAt: `2026-02-${String(2 + i).padStart(2, '0')}T10:00:00.000Z`,
      channel: i < 5 ? 'email' : 'api',
    })),
  ];
  const res = await env.as('admin', {
    method: 'POST',
    url: `/api/surveys/${surveyId}/responses/batch`,
    payload: { responses },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { surveyId, touchpoints };
}

/** Every path in a JSON document whose value is null, NaN or not finite. */
export function nullPaths(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => nullPaths(v, `${path}[${i}]`));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      nullPaths(v, `${path}.${k}`),
    );
  }
  return [];
}
