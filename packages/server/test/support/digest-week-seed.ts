/**
 * The weekly digest run's data: hand-counted answers in two weeks at two touchpoints, and alerts,
 * for the figures the digest tests expect.
 */
import { newId } from '@touchstone/core';
import { expect } from 'vitest';
import { insertAlert } from '../../src/alerts/alerts.repository.js';
import type { TTestEnv } from '../harness.js';
import { analyticsSurveyDefinition } from './analytics-fixture.js';
import { createSurvey } from './survey-fixtures.js';
import { seedTouchpoints } from './touchpoint-fixtures.js';

/**
 * The seeded answers. The run is on Monday 2026-03-09 at 07:00 UTC, so the digest's week is
 * 2026-03-02 .. 2026-03-08 and the one before 2026-02-23 .. 2026-03-01.
 *
 * Lounge, this week (10): NPS 9 promoters, 1 detractor → +90 - 10 = 80; CSAT 4-5 in 7 of 10;
 *   CES mean (7+6+5+5+4+3+7+6+2+1)/10 = 46/10 = 4.60.
 * Lounge, the week before (10): NPS 2 promoters (9, 10), 8 detractors → 20 - 80 = -60;
 *   CSAT 4-5 in 4 of 10; CES (5+5+4+4+4+5+5+4+4+4)/10 = 44/10 = 4.40.
 * Gate, this week (10): NPS only, all 10 → +100.
 *
 * The whole organization, this week: NPS 19 promoters, 1 detractor of 20 → 95 - 5 = +90.0,
 * against -60.0: +150.0 pts, a clear rise; CSAT 70.0% against 40.0%: +30.0 pts, not significant
 * with 10 a side; CES 4.60 against 4.40: +0.20, not significant.
 * Gate alone (a team's scope): NPS +100.0, n 10; no answers the week before.
 */
const LOUNGE_NOW = {
  nps: [10, 10, 10, 10, 10, 10, 10, 10, 9, 0],
  csat: [5, 5, 5, 4, 4, 4, 3, 2, 1, 5],
  ces: [7, 6, 5, 5, 4, 3, 7, 6, 2, 1],
};
const LOUNGE_BEFORE = {
  nps: [0, 0, 0, 0, 0, 1, 2, 3, 9, 10],
  csat: [5, 4, 4, 3, 3, 2, 2, 1, 1, 5],
  ces: [5, 5, 4, 4, 4, 5, 5, 4, 4, 4],
};
/** The run the figures are for, and the Monday that names its week. */
export const RUN_AT = new Date('2026-03-09T07:00:00.000Z');
export const WEEK = '2026-03-09';

/** Seeds the answers below at `lounge` and `gate` in org A; the touchpoints' ids by key. */
export async function seedResponses(env: TTestEnv): Promise<Record<string, string>> {
  const touchpoints = await seedTouchpoints(env.storage, env.orgA.id, ['lounge', 'gate']);
  const { id: surveyId } = await createSurvey(env, {
    touchpointIds: [touchpoints['lounge'], touchpoints['gate']],
    definition: analyticsSurveyDefinition(),
  });
  const day = (d: string, i: number) => `${d}T${String(8 + i).padStart(2, '0')}:00:00.000Z`;
  const lounge = (data: typeof LOUNGE_NOW, days: string[]) =>
    data.nps.map((nps, i) => ({
      answers: { nps, csat: data.csat[i], ces: data.ces[i] },
      touchpointKey: 'lounge',
      submittedAt: day(days[i % days.length] ?? '', i),
      channel: 'api',
    }));
  const thisWeek = ['2026-03-02', '2026-03-04', '2026-03-06', '2026-03-08'];
  const weekBefore = ['2026-02-23', '2026-02-25', '2026-02-27', '2026-03-01'];
  const responses = [
    ...lounge(LOUNGE_NOW, thisWeek),
    ...lounge(LOUNGE_BEFORE, weekBefore),
    ...Array.from({ length: 10 }, (_, i) => ({
      answers: { nps: 10 },
      touchpointKey: 'gate',
      submittedAt: day('2026-03-05', i),
      channel: 'api',
    })),
    // Outside both weeks: left out.
    {
      answers: { nps: 0, csat: 1, ces: 1 },
      touchpointKey: 'lounge',
      submittedAt: day('2026-03-09', 0),
      channel: 'api',
    },
    {
      answers: { nps: 0, csat: 1, ces: 1 },
      touchpointKey: 'lounge',
      submittedAt: day('2026-02-22', 0),
      channel: 'api',
    },
  ];
  const res = await env.as('admin', {
    method: 'POST',
    url: `/api/surveys/${surveyId}/responses/batch`,
    payload: { responses },
  });
  expect(res.statusCode, res.body).toBe(201);
  return touchpoints;
}

/** Inserts an NPS drop alert at a touchpoint in org A with `status`; its id. */
export async function seedAlert(
  env: TTestEnv,
  touchpointId: string,
  status: string,
): Promise<string> {
  const id = newId();
  const side = (value: number) => ({
    n: 40,
    value,
    interval: { low: value - 5, high: value + 5, confidence: 0.95 },
  });
  await insertAlert(env.storage.db, {
    id,
    organization_id: env.orgA.id,
    series_key: `nps|${touchpointId}|${id}`,
    status,
    metric: 'nps',
    question_key: 'nps',
    touchpoint_id: touchpointId,
    segment_json: '{}',
    change_date: '2026-03-02',
    direction: 'down',
    before_json: JSON.stringify(side(42)),
    after_json: JSON.stringify(side(17)),
    effect_size: -25,
    effect_unit: 'nps-points',
    p_value: 0.0001,
    adjusted_p_value: 0.001,
    localisation_json: '{"sharedBy":[],"notAffected":[]}',
    acknowledged_by: null,
    acknowledged_at: null,
    resolved_by: null,
    resolved_at: null,
    created_at: '2026-03-03T03:00:00.000Z',
    updated_at: '2026-03-03T03:00:00.000Z',
  });
  return id;
}
