import type { TExperientialProfileResponse, TSurveyDefinitionInput } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { createSurvey } from '../../test/support/survey-fixtures.js';
import {
  expectNoNaN,
  postResponses,
  seedJourney,
} from '../../test/support/analytics-views-fixture.js';

/**
 * A brand promising sense 80, feel 60 (think 50, act 40, relate 30). One 1..5 matrix: `sense`
 * (sem:sense), `dull` (sem:sense, reverse-coded), `feel` (sem:feel); nothing is tagged think, act
 * or relate. A 1..5 answer x scores (x - 1) x 25; a reversed one 100 - (x - 1) x 25.
 *
 * | touchpoint (provider, stage)     | n | sense     | dull      | feel    | SENSE | FEEL |
 * | t1 (spatial-environment, Before) | 2 | 5 5       | 1 1       | 5 3     | 100   | 75   |
 * | t2 (people, Before)              | 3 | 3 3 3     | 3 3 3     | 3 3 3   | 50    | 50   |
 * | t3 (electronic-media, After)     | 2 | 1 3       | 5 3       | 1 1     | 25    | 0    |
 * | t4 (communications, After)       | 1 | 3         | 3         | 3       | (n 1 < minN 2) |
 *
 * t3's SENSE is 25 only if `dull` is reversed (mean 4 -> 75 raw -> 25); unreversed it would be 50.
 */
const MATRIX: TSurveyDefinitionInput = {
  defaultLanguage: 'en',
  languages: ['en'],
  title: { en: 'Experience' },
  thankYou: { en: 'Thanks' },
  questions: [
    {
      id: 'exp',
      type: 'matrix',
      text: { en: 'This place ...' },
      scale: { min: 1, max: 5 },
      items: [
        { id: 'sense', text: { en: 'appeals to my senses' }, dimension: 'sem:sense' },
        { id: 'dull', text: { en: 'is dull' }, dimension: 'sem:sense', reverse: true },
        { id: 'feel', text: { en: 'moves me' }, dimension: 'sem:feel' },
      ],
    },
  ],
};

const ANSWERS: Record<string, [number, number, number][]> = {
  t1: [
    [5, 1, 5],
    [5, 1, 3],
  ],
  t2: [
    [3, 3, 3],
    [3, 3, 3],
    [3, 3, 3],
  ],
  t3: [
    [1, 5, 1],
    [3, 3, 1],
  ],
  t4: [[3, 3, 3]],
};

type TGroup = TExperientialProfileResponse['groups'][number];
const moduleOf = (g: TGroup | undefined, m: string) => g?.modules.find((x) => x.module === m);

describeEachDatabase('experiential profile API', (env) => {
  let brandId = '';
  let ids: Awaited<ReturnType<typeof seedJourney>>;

  const get = async (query: string) => {
    const res = await env().as('viewer', {
      method: 'GET',
      url: `/api/analytics/experiential-profile?${query}`,
    });
    expectNoNaN(res.body);
    return res;
  };

  beforeAll(async () => {
    const brand = await env().as('admin', {
      method: 'POST',
      url: '/api/brands',
      payload: {
        name: 'Aurora',
        promise: { sense: 80, feel: 60, think: 50, act: 40, relate: 30 },
      },
    });
    expect(brand.statusCode, brand.body).toBe(201);
    brandId = brand.json<{ id: string }>().id;
    ids = await seedJourney(env(), {
      name: 'Stay',
      brandId,
      stages: [
        {
          name: 'Before',
          position: 0,
          touchpoints: [
            { key: 't1', providerType: 'spatial-environment' },
            { key: 't2', providerType: 'people' },
          ],
        },
        {
          name: 'After',
          position: 1,
          touchpoints: [
            { key: 't3', providerType: 'electronic-media' },
            { key: 't4', providerType: 'communications' },
          ],
        },
      ],
    });
    const survey = await createSurvey(env(), {
      touchpointIds: Object.values(ids.touchpoints),
      definition: MATRIX,
    });
    await postResponses(
      env(),
      survey.id,
      Object.entries(ANSWERS).flatMap(([touchpointKey, rows]) =>
        rows.map(([sense, dull, feel]) => ({
          answers: { exp: { sense, dull, feel } },
          touchpointKey,
          submittedAt: '2026-03-10T10:00:00.000Z',
        })),
      ),
    );
  });

  it('scores the brand against its promise with reverse-coded items reversed', async () => {
    const res = await get(`brandId=${brandId}&groupBy=brand&minN=2`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<TExperientialProfileResponse>();
    expect(body.brand?.promise.sense).toBe(80);
    const [group] = body.groups;
    expect(body.groups).toHaveLength(1);
    // All 8 responses pooled. sense: 26 / 8 = 3.25 -> 56.25; dull: 22 / 8 = 2.75 -> 43.75,
    // reversed 56.25; SENSE = (56.25 + 56.25) / 2 = 56.25, gap 56.25 - 80 = -23.75.
    const sense = moduleOf(group, 'sense');
    expect(sense?.result.value).toBeCloseTo(56.25, 9);
    expect(sense?.result.n).toBe(8);
    expect(sense?.gap).toBeCloseTo(-23.75, 9);
    const interval = sense?.result.interval;
    expect(sense?.gapInterval?.low).toBeCloseTo((interval?.low ?? 0) - 80, 9);
    // feel: 22 / 8 = 2.75 -> 43.75, gap 43.75 - 60 = -16.25.
    expect(moduleOf(group, 'feel')?.gap).toBeCloseTo(-16.25, 9);
    // Nothing is tagged think: not available, no gap, no NaN.
    expect(moduleOf(group, 'think')).toMatchObject({
      result: { status: 'not-available', value: null },
      target: 50,
      gap: null,
    });
    // The consistency of this brand equals the top-level one (same touchpoints).
    expect(group?.consistency?.value).toBeCloseTo(body.consistency.value ?? NaN, 9);
  });

  it('computes the consistency index over touchpoints at or above minN', async () => {
    const body = (await get(`brandId=${brandId}&minN=2`)).json<TExperientialProfileResponse>();
    // t4 (n 1) is left out and counted. SENSE over t1, t2, t3: scores 100, 50, 25 with n 2, 3, 2:
    // mean 400 / 7; deviations 300/7, -50/7, -225/7; n-weighted variance
    // (2 x 90000 + 3 x 2500 + 2 x 50625) / 49 / 7 = 288750 / 343. FEEL: 75, 50, 0 with n 2, 3, 2:
    // mean 300 / 7, deviations 225/7, 50/7, -300/7: the same variance. Index =
    // 100 x (1 - sqrt(288750 / 343) / 50) = 41.97.
    const sd = Math.sqrt(288750 / 343);
    expect(body.consistency).toMatchObject({
      status: 'ok',
      touchpointsIncluded: 3,
      touchpointsBelowMinN: 1,
    });
    expect(body.consistency.value).toBeCloseTo(100 * (1 - sd / 50), 9);
    const senseRow = body.consistency.modules.find((m) => m.module === 'sense');
    expect(senseRow?.touchpoints).toBe(3);
    expect(senseRow?.mean).toBeCloseTo(400 / 7, 9);
    expect(senseRow?.standardDeviation).toBeCloseTo(sd, 9);
    expect(body.consistency.modules.find((m) => m.module === 'act')?.standardDeviation).toBeNull();
  });

  it('profiles touchpoints and stages with their gaps', async () => {
    const byTouchpoint = (
      await get(`brandId=${brandId}&groupBy=touchpoint&minN=2`)
    ).json<TExperientialProfileResponse>();
    const t = (key: string) =>
      byTouchpoint.groups.find((g) => g.key.value === ids.touchpoints[key]);
    expect(moduleOf(t('t1'), 'sense')?.gap).toBeCloseTo(20, 9);
    expect(moduleOf(t('t1'), 'feel')?.gap).toBeCloseTo(15, 9);
    expect(moduleOf(t('t3'), 'sense')?.result.value).toBeCloseTo(25, 9);
    expect(moduleOf(t('t4'), 'sense')?.result).toMatchObject({
      status: 'insufficient-data',
      n: 1,
      value: null,
    });
    expect(moduleOf(t('t4'), 'sense')?.gap).toBeNull();

    const byStage = (
      await get(`brandId=${brandId}&groupBy=stage&minN=2`)
    ).json<TExperientialProfileResponse>();
    expect(byStage.groups.map((g) => g.key.label)).toEqual(['Before', 'After']);
    // Before = t1 + t2 (n 5): sense 19 / 5 = 3.8 -> 70; dull 11 / 5 = 2.2 -> 30, reversed 70;
    // SENSE 70, gap -10. feel 17 / 5 = 3.4 -> 60, gap 0.
    const before = byStage.groups[0];
    expect(moduleOf(before, 'sense')?.gap).toBeCloseTo(-10, 9);
    expect(moduleOf(before, 'feel')?.gap).toBeCloseTo(0, 9);
    // After = t3 + t4 (n 3): sense 7 / 3 -> 100 / 3; dull 11 / 3 -> 200 / 3, reversed 100 / 3.
    expect(moduleOf(byStage.groups[1], 'sense')?.result.value).toBeCloseTo(100 / 3, 9);
  });

  it('fills the provider x module grid and flags thin cells', async () => {
    const body = (await get(`brandId=${brandId}&minN=2`)).json<TExperientialProfileResponse>();
    const cell = (provider: string, module: string) =>
      body.grid.find((r) => r.providerType === provider)?.cells.find((c) => c.module === module)
        ?.result;
    expect(body.grid).toHaveLength(7);
    expect(cell('spatial-environment', 'sense')?.value).toBeCloseTo(100, 9);
    expect(cell('spatial-environment', 'feel')?.value).toBeCloseTo(75, 9);
    expect(cell('people', 'feel')?.value).toBeCloseTo(50, 9);
    expect(cell('electronic-media', 'feel')?.value).toBeCloseTo(0, 9);
    expect(cell('communications', 'sense')).toMatchObject({ status: 'insufficient-data', n: 1 });
    expect(body.grid.find((r) => r.providerType === 'co-branding')).toMatchObject({
      touchpoints: 0,
    });
    expect(cell('co-branding', 'sense')).toMatchObject({ status: 'insufficient-data', n: 0 });
    expect(cell('people', 'relate')).toMatchObject({ status: 'not-available' });
  });

  it('reports insufficient data for a brand without responses, never NaN', async () => {
    const empty = await env().as('admin', {
      method: 'POST',
      url: '/api/brands',
      payload: { name: 'Quiet', promise: { sense: 50, feel: 50, think: 50, act: 50, relate: 50 } },
    });
    expect(empty.statusCode, empty.body).toBe(201);
    const res = await get(`brandId=${empty.json<{ id: string }>().id}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<TExperientialProfileResponse>();
    expect(body.consistency).toMatchObject({
      status: 'insufficient-data',
      value: null,
      touchpointsIncluded: 0,
    });
    expect(moduleOf(body.groups[0], 'sense')).toMatchObject({
      result: { status: 'insufficient-data', n: 0 },
      gap: null,
    });
  });

  it('refuses an unknown brand (404 naming brandId) and another organization’s brand', async () => {
    const unknown = await get('brandId=01900000-0000-7000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(
      unknown.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field,
    ).toBe('query.brandId');
    const other = await env().as(
      'viewer',
      { method: 'GET', url: `/api/analytics/experiential-profile?brandId=${brandId}` },
      env().orgB,
    );
    expect(other.statusCode).toBe(404);
    const badGroup = await get('groupBy=team');
    expect(badGroup.statusCode).toBeGreaterThanOrEqual(400);
    expect(badGroup.statusCode).toBeLessThan(500);
    expect(badGroup.body).toContain('groupBy');
  });
});
