import { keyDriversFromRows } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import {
  seedAnalyticsFixture,
  type TAnalyticsFixture,
} from '../../test/support/analytics-fixture.js';
import {
  byLabel,
  get,
  type TComparisonJson,
  type TMetricsJson,
  type TResult,
} from '../../test/support/analytics-test-helpers.js';

describeEachDatabase('analytics API', (env) => {
  let fx: TAnalyticsFixture;

  beforeAll(async () => {
    fx = await seedAnalyticsFixture(env());
  });

  it('reports NPS with counts, the adjusted-Wald interval and the method, worked out by hand', async () => {
    const body = await get<TMetricsJson>(env(), '/api/analytics/metrics?metric=nps,count');
    expect(body.query.source).toBe('cube');
    expect(body.groups).toHaveLength(1);
    const nps = body.groups[0]?.metrics['nps'];
    // Lounge 10,10,9,9,9 | 8,7 | 6,3,0 and gate 10,9 | 8,8,8,7,7 | 5,5,2:
    // 7 promoters, 7 passives, 6 detractors of 20 -> NPS (7 - 6) / 20 = 5 points.
    expect(nps?.value).toBeCloseTo(5, 10);
    expect(nps).toMatchObject({
      status: 'ok',
      n: 20,
      unit: 'points',
      method: 'nps-adjusted-wald',
      counts: { promoters: 7, passives: 7, detractors: 6 },
    });
    // n < 100: adjusted Wald, p' = 7.75/23, d' = 6.75/23, centre 4.348,
    // se = sqrt((p' + d' - (p' - d')^2) / 23) = 0.16531, margin 1.95996 * se = 32.40 points.
    expect(nps?.interval?.low).toBeCloseTo(-28.05, 2);
    expect(nps?.interval?.high).toBeCloseTo(36.75, 2);
    expect(body.groups[0]?.metrics['count']).toMatchObject({ status: 'ok', value: 20, n: 20 });
  });

  it('groups by touchpoint and month, listing empty groups with n 0 and insufficient data', async () => {
    const body = await get<TMetricsJson>(
      env(),
      '/api/analytics/metrics?metric=nps&groupBy=touchpoint,month&from=2026-01-01&to=2026-02-28',
    );
    // 3 touchpoints (lounge, gate, spa) x 2 months, all listed.
    expect(body.groups).toHaveLength(6);
    // Lounge in January: 5 promoters, 2 passives, 3 detractors -> 20.
    expect(byLabel(body.groups, 'lounge|2026-01')?.metrics['nps']).toMatchObject({
      status: 'ok',
      n: 10,
    });
    expect(byLabel(body.groups, 'lounge|2026-01')?.metrics['nps']?.value).toBeCloseTo(20, 10);
    // Gate in February: 2 promoters, 5 passives, 3 detractors -> -10.
    expect(byLabel(body.groups, 'gate|2026-02')?.metrics['nps']?.value).toBeCloseTo(-10, 10);
    expect(byLabel(body.groups, 'lounge|2026-02')?.metrics['nps']).toEqual({
      status: 'insufficient-data',
      n: 0,
      minN: 10,
      value: null,
      interval: null,
    });
    expect(byLabel(body.groups, 'spa|2026-01')?.n).toBe(0);
  });

  it('groups by a segment attribute and filters by one; minN is a parameter', async () => {
    const body = await get<TMetricsJson>(env(), '/api/analytics/metrics?groupBy=attr:traveller');
    // Business: 10,10,9,9,9 + 10,9,8,8,8 -> 7 promoters, 3 passives -> 70.
    expect(byLabel(body.groups, 'business')?.metrics['nps']?.value).toBeCloseTo(70, 10);
    // Leisure: 8,7,6,3,0 + 7,7,5,5,2 -> 4 passives (8, 7, 7, 7), 6 detractors -> -60.
    expect(byLabel(body.groups, 'leisure')?.metrics['nps']?.value).toBeCloseTo(-60, 10);
    expect(byLabel(body.groups, 'leisure')?.n).toBe(10);
    const filtered = await get<TMetricsJson>(
      env(),
      '/api/analytics/metrics?attr=traveller:business&touchpointId=' +
        `${fx.touchpoints['lounge'] ?? ''}&minN=5`,
    );
    // Lounge business: 10,10,9,9,9 -> 100, n 5 (a number only because minN is 5).
    expect(filtered.groups[0]?.metrics['nps']).toMatchObject({ status: 'ok', n: 5 });
    expect(filtered.groups[0]?.metrics['nps']?.value).toBeCloseTo(100, 10);
    const strict = await get<TMetricsJson>(
      env(),
      `/api/analytics/metrics?attr=traveller:business&touchpointId=${fx.touchpoints['lounge'] ?? ''}`,
    );
    expect(strict.groups[0]?.metrics['nps']).toMatchObject({ status: 'insufficient-data', n: 5 });
  });

  it('computes CSAT, CES, a rating item and a dimension score with reverse-coded items', async () => {
    const body = await get<TMetricsJson>(env(), '/api/analytics/metrics?metric=csat,ces');
    const csat = body.groups[0]?.metrics['csat'];
    // Top-2-box: lounge 5,5,4,4,4,5 (6) + gate 4,4,4,5,5 (5) = 11 of 20; Wilson 0.342..0.742.
    expect(csat).toMatchObject({ status: 'ok', n: 20, value: 0.55, method: 'top-2-box-wilson' });
    expect(csat?.interval?.low).toBeCloseTo(0.3421, 4);
    expect(csat?.interval?.high).toBeCloseTo(0.7418, 4);
    // Mean 67 / 20 = 3.35, sd 1.4244, t(19) = 2.0930 -> 3.35 +- 0.6667.
    expect(csat?.secondary?.['mean']?.value).toBeCloseTo(3.35, 10);
    expect(csat?.secondary?.['mean']?.interval?.low).toBeCloseTo(2.6833, 3);
    // CES only at the lounge: 7,6,5,5,4,3,7,6,2,1 -> mean 4.6, low effort (>= 5) 6 of 10.
    const ces = body.groups[0]?.metrics['ces'];
    expect(ces).toMatchObject({ status: 'ok', n: 10, value: 4.6, unit: 'scale' });
    expect(ces?.secondary?.['lowEffortShare']?.value).toBeCloseTo(0.6, 10);

    const rating = await get<TMetricsJson>(
      env(),
      '/api/analytics/metrics?metric=rating&question=value',
    );
    // 7,7,6,6,5,5,4,4,3,1: mean 4.8; top-2-box (6, 7) 4 of 10; bottom-2-box (1, 2) 1 of 10.
    const value = rating.groups[0]?.metrics['rating'];
    expect(value).toMatchObject({ status: 'ok', n: 10, value: 4.8 });
    expect(value?.secondary?.['topBox']?.value).toBeCloseTo(0.4, 10);
    expect(value?.secondary?.['bottomBox']?.value).toBeCloseTo(0.1, 10);

    const score = await get<TMetricsJson>(
      env(),
      '/api/analytics/metrics?metric=score&dimension=sem:sense&groupBy=touchpoint',
    );
    // Lounge: sense mean 4.0 -> 75; bored mean 1.5 reversed to 4.5 -> 87.5; dimension 81.25.
    const lounge = byLabel(score.groups, 'lounge')?.metrics['score'];
    expect(lounge?.value).toBeCloseTo(81.25, 10);
    expect(lounge?.items?.map((i) => [i.key, i.score])).toEqual([
      ['exp.sense', 75],
      ['exp.bored', 87.5],
    ]);
    // Gate: sense 2.5 -> 37.5; bored 4 reversed to 2 -> 25; dimension 31.25.
    expect(byLabel(score.groups, 'gate')?.metrics['score']?.value).toBeCloseTo(31.25, 10);
  });

  it('tests each group against the rest with Holm-adjusted p-values', async () => {
    const body = await get<TMetricsJson>(
      env(),
      '/api/analytics/metrics?groupBy=touchpoint&compare=groups',
    );
    const lounge = byLabel(body.groups, 'lounge')?.comparisons?.['nps'];
    // Lounge (P .5, D .3) vs gate (P .2, D .3): z = 0.30 / sqrt(0.76/10 + 0.49/10) = 0.8485,
    // p = 0.3961; Holm over 2 tests: 0.7923.
    expect(lounge).toMatchObject({ status: 'ok', against: 'rest', method: 'nps-z-test' });
    expect(lounge?.difference).toBeCloseTo(30, 8);
    expect(lounge?.pValue).toBeCloseTo(0.3961, 4);
    expect(lounge?.adjustedPValue).toBeCloseTo(0.7923, 4);
    expect(lounge?.significant).toBe(false);
    expect(byLabel(body.groups, 'spa')?.comparisons?.['nps']?.status).toBe('insufficient-data');
    expect(body.adjustment).toEqual({ method: 'holm', alpha: 0.05, tests: 2 });

    const bh = await get<TMetricsJson>(
      env(),
      `/api/analytics/metrics?groupBy=touchpoint&compare=groups&adjust=bh&reference=${fx.touchpoints['gate'] ?? ''}`,
    );
    expect(bh.adjustment?.method).toBe('benjamini-hochberg');
    expect(byLabel(bh.groups, 'lounge')?.comparisons?.['nps']).toMatchObject({
      against: 'reference',
    });
    expect(byLabel(bh.groups, 'gate')?.comparisons?.['nps']).toBeUndefined();
  });

  it('compares with the previous period of equal length', async () => {
    const body = await get<TMetricsJson>(
      env(),
      '/api/analytics/metrics?from=2026-02-01&to=2026-02-28&compare=previous-period',
    );
    // February is the gate (-10); the 28 days before (Jan 4 - Jan 31) hold the lounge (20).
    const change = body.groups[0]?.comparisons?.['nps'];
    expect(change).toMatchObject({ status: 'ok', against: 'previous-period' });
    expect(change?.difference).toBeCloseTo(-30, 8);
    expect(change?.pValue).toBeCloseTo(0.3961, 4);
  });

  it('answers a channel filter from the answers in SQL with the same figures', async () => {
    const body = await get<TMetricsJson>(env(), '/api/analytics/metrics?channel=email&minN=5');
    expect(body.query.source).toBe('sql');
    // Gate 0-4 by e-mail: 10,9,8,8,8 -> 2 promoters, 3 passives -> 40.
    expect(body.groups[0]?.metrics['nps']).toMatchObject({ status: 'ok', n: 5 });
    expect(body.groups[0]?.metrics['nps']?.value).toBeCloseTo(40, 10);
    const all = await get<TMetricsJson>(
      env(),
      '/api/analytics/metrics?metric=nps,csat,count&groupBy=channel,touchpoint&minN=1',
    );
    const cube = await get<TMetricsJson>(
      env(),
      '/api/analytics/metrics?metric=nps,csat,count&groupBy=touchpoint&minN=1',
    );
    const api = all.groups.filter((g) => g.key[0]?.value === 'api');
    expect(byLabel(api, 'api|lounge')?.metrics).toEqual(byLabel(cube.groups, 'lounge')?.metrics);
  });

  it('draws a monthly trend with bands and tests each step', async () => {
    const body = await get<{
      series: {
        points: {
          period: string;
          start: string;
          result: TResult;
          change: TComparisonJson | null;
        }[];
      }[];
      adjustment: { tests: number } | null;
    }>(env(), '/api/analytics/trend?interval=month&from=2026-01-01&to=2026-02-28');
    const points = body.series[0]?.points ?? [];
    expect(points.map((p) => [p.period, p.start])).toEqual([
      ['2026-01', '2026-01-01'],
      ['2026-02', '2026-02-01'],
    ]);
    expect(points[0]?.result.value).toBeCloseTo(20, 10);
    expect(points[1]?.result.value).toBeCloseTo(-10, 10);
    expect(points[0]?.change?.status).toBe('insufficient-data');
    expect(points[1]?.change?.difference).toBeCloseTo(-30, 8);
    expect(points[1]?.change?.significant).toBe(false);
    expect(body.adjustment?.tests).toBe(1);

    const weekly = await get<{ series: { points: { period: string }[] }[] }>(
      env(),
      '/api/analytics/trend?interval=week&from=2026-01-05&to=2026-01-18&groupBy=touchpoint',
    );
    // 2026-01-05 is the Monday of ISO week 2.
    expect(weekly.series[0]?.points.map((p) => p.period)).toEqual(['2026-W02', '2026-W03']);
  });

  it('builds a scorecard of NPS, CSAT and CES with sparklines', async () => {
    const body = await get<{
      entries: {
        metric: string;
        current: { period: string; result: TResult };
        previous: { result: TResult };
        sparkline: unknown[];
      }[];
    }>(env(), '/api/analytics/scorecard?to=2026-02-28&periods=3&minN=5');
    expect(body.entries.map((e) => e.metric)).toEqual(['nps', 'csat', 'ces']);
    const nps = body.entries[0];
    expect(nps?.sparkline).toHaveLength(3);
    expect(nps?.current.period).toBe('2026-02');
    expect(nps?.current.result.value).toBeCloseTo(-10, 10);
    expect(nps?.previous.result.value).toBeCloseTo(20, 10);
    // No CES at the gate: February has no number, and says why.
    expect(body.entries[2]?.current.result).toMatchObject({ status: 'insufficient-data', n: 0 });
  });

  it('refuses unknown metrics, questions, attributes and group fields, naming the parameter', async () => {
    const cases: [string, string][] = [
      ['/api/analytics/metrics?metric=happiness', 'query.metric.0'],
      ['/api/analytics/metrics?question=nope', 'query.question'],
      ['/api/analytics/metrics?metric=nps&question=value', 'query.question'],
      ['/api/analytics/metrics?attr=planet:mars', 'query.attr.0'],
      ['/api/analytics/metrics?groupBy=attr:planet', 'query.groupBy'],
      ['/api/analytics/metrics?groupBy=colour', 'query.groupBy.0'],
      ['/api/analytics/metrics?groupBy=day,month,touchpoint', 'query.groupBy'],
      ['/api/analytics/metrics?dimension=sem:nothing&metric=score', 'query.dimension'],
      ['/api/analytics/metrics?from=2026-03-01&to=2026-01-01', 'query.from'],
      [
        '/api/analytics/metrics?touchpointId=01900000-0000-7000-8000-000000000000',
        'query.touchpointId.0',
      ],
      ['/api/analytics/trend?metric=nps&interval=fortnight', 'query.interval'],
      ['/api/analytics/drivers?outcome=nps&drivers=nope', 'query.drivers.0'],
    ];
    for (const [url, field] of cases) {
      const res = await env().as('viewer', { method: 'GET', url });
      expect(res.statusCode, url).toBe(422);
      const details = res.json<{ error: { details: { field: string }[] } }>().error.details;
      expect(
        details.map((d) => d.field),
        url,
      ).toContain(field);
    }
  });

  it('computes key drivers from the cross-product rollups', async () => {
    const body = await get<{
      n: number;
      status: string;
      r2: number;
      drivers: { key: string; weight: number; rescaled: number }[];
    }>(env(), '/api/analytics/drivers?outcome=nps&drivers=exp.sense,exp.bored,csat&minN=5');
    // Every one of the 20 responses answered nps, csat and both matrix items.
    expect(body).toMatchObject({ status: 'ok', n: 20 });
    expect(body.drivers.map((d) => d.key)).toEqual(['exp.sense', 'exp.bored', 'csat']);
    const total = body.drivers.reduce((s, d) => s + d.weight, 0);
    expect(total).toBeCloseTo(body.r2, 10);
    // The same analysis straight from the raw answers (rows pivoted here, listwise deletion in core).
    const raw = await env()
      .storage.db.selectFrom('response_values')
      .select(['response_id', 'question_key', 'value'])
      .where('survey_id', '=', fx.surveyId)
      .execute();
    const variables = ['nps', 'exp.sense', 'exp.bored', 'csat'];
    const rows = new Map<string, (number | null)[]>();
    for (const r of raw) {
      const row = rows.get(r.response_id) ?? variables.map(() => null);
      const at = variables.indexOf(r.question_key);
      if (at >= 0) row[at] = Number(r.value);
      rows.set(r.response_id, row);
    }
    const direct = keyDriversFromRows(variables, rows.values());
    expect(body.r2).toBeCloseTo(direct.r2, 10);
    body.drivers.forEach((d, i) =>
      expect(d.weight).toBeCloseTo(direct.drivers[i]?.weight ?? -1, 10),
    );
    // CES was answered at the lounge only: listwise deletion keeps 10 respondents.
    const ces = await get<{ n: number }>(
      env(),
      '/api/analytics/drivers?outcome=nps&drivers=ces,csat&minN=5',
    );
    expect(ces.n).toBe(10);
  });

  it('rebuilds rollups for admins only, and answers the same afterwards', async () => {
    const before = await get<TMetricsJson>(env(), '/api/analytics/metrics?groupBy=touchpoint,week');
    const denied = await env().as('analyst', {
      method: 'POST',
      url: '/api/analytics/rollups/rebuild',
    });
    expect(denied.statusCode).toBe(403);
    const rebuilt = await env().as('admin', {
      method: 'POST',
      url: '/api/analytics/rollups/rebuild',
      payload: {},
    });
    expect(rebuilt.statusCode, rebuilt.body).toBe(200);
    expect(rebuilt.json()).toMatchObject({ responses: 20 });
    const after = await get<TMetricsJson>(env(), '/api/analytics/metrics?groupBy=touchpoint,week');
    expect(after).toEqual(before);
  });

  it('reports response rates from invitations, and says why when they cannot be had', async () => {
    // No invitation was sent: n 0, insufficient data, not a number.
    const rates = await get<TMetricsJson>(env(), '/api/analytics/metrics?metric=response-rate');
    expect(rates.groups[0]?.metrics['response-rate']).toMatchObject({
      status: 'insufficient-data',
      n: 0,
      value: null,
    });
    const bySegment = await get<TMetricsJson>(
      env(),
      '/api/analytics/metrics?metric=response-rate,count&groupBy=attr:traveller',
    );
    expect(byLabel(bySegment.groups, 'business')?.metrics['response-rate']).toMatchObject({
      status: 'not-available',
      value: null,
    });
    expect(byLabel(bySegment.groups, 'business')?.metrics['count']?.value).toBe(10);
  });

  it('shows nothing of organization A to organization B', async () => {
    const res = await env().as(
      'viewer',
      { method: 'GET', url: '/api/analytics/metrics?metric=count' },
      env().orgB,
    );
    expect(res.json<TMetricsJson>().groups[0]?.metrics['count']?.value).toBe(0);
  });
});
