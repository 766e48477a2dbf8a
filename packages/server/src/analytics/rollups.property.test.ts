/**
 * Rollups always equal a recomputation from raw rows: random responses go through the real
 * writer (rollup listener, cube update after commit), then random queries are answered by the
 * engine (in this process, and by a second storage standing for another server process) and
 * directly from `response_values` in SQL; a rebuild must reproduce the rollup tables exactly.
 */
import fc from 'fast-check';
import { newId, ZMetricsQuery, type TMetricsResponse } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, PG_URL, testServices } from '../../test/harness.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import { rollupSnapshot } from '../../test/rollup-snapshot.js';
import type { TStoredResponse } from '../ingest/stored-response.js';
import { createResponseWriter } from '../ingest/create-response-writer.js';
import { createSurvey } from '../../test/support/survey-fixtures.js';
import type { TServices } from '../composition/services.js';
import { openStorage, type TStorage } from '../storage/database.js';
import { queryMetrics } from './metrics-query.js';
import { rebuildOrganizationRollups } from './rollup-rebuild.js';

const FIRST_DAY = Date.UTC(2025, 10, 20);
const TIERS = ['gold', 'silver'] as const;
const REGIONS = ['eu', 'us'] as const;

const arbResponse = fc.record({
  touchpoint: fc.integer({ min: -1, max: 2 }),
  dayOffset: fc.integer({ min: 0, max: 120 }),
  tier: fc.constantFrom(...TIERS, null),
  region: fc.constantFrom(...REGIONS),
  nps: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
  // 2.5 and 7 lie outside the histogram's integer 0..10 bins or the 1..5 scale: n and sums only.
  rating: fc.option(fc.constantFrom(1, 2, 3, 4, 5, 2.5), { nil: null }),
  complete: fc.boolean(),
});
type TArbResponse = typeof arbResponse extends fc.Arbitrary<infer T> ? T : never;

const arbQuery = fc.record({
  groupBy: fc.constantFrom(
    '',
    'month',
    'week',
    'quarter',
    'day',
    'touchpoint',
    'attr:tier',
    'month,touchpoint',
    'attr:region,week',
  ),
  from: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
  span: fc.integer({ min: 0, max: 120 }),
  touchpoints: fc.subarray([0, 1, 2]),
  tier: fc.constantFrom(...TIERS, null),
  // Whole months let month and quarter queries read the month cells instead of the day cells.
  wholeMonths: fc.boolean(),
});

const dayOf = (offset: number) =>
  new Date(FIRST_DAY + offset * 86_400_000).toISOString().slice(0, 10);

/** ISO week label, computed the textbook way (move to the Thursday, count weeks from Jan 1). */
function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

function bucket(
  field: string,
  row: { day: string; touchpoint_id: string | null; segment_key: string },
) {
  const segment = new Map(
    row.segment_key
      .split(';')
      .filter(Boolean)
      .map((p) => p.split('=') as [string, string]),
  );
  switch (field) {
    case 'day':
      return row.day;
    case 'week':
      return isoWeek(row.day);
    case 'month':
      return row.day.slice(0, 7);
    case 'quarter':
      return `${row.day.slice(0, 4)}-Q${Math.floor((Number(row.day.slice(5, 7)) - 1) / 3) + 1}`;
    case 'touchpoint':
      return row.touchpoint_id ?? '(none)';
    default:
      return segment.get(field.slice(5)) ?? '(none)';
  }
}

interface TQueryCase {
  groupBy: string[];
  from: string | null;
  to: string | null;
  touchpointIds: string[];
  tier: string | null;
}

describeEachDatabase('rollups equal a recomputation from raw rows', (env) => {
  let surveyId: string;
  let touchpoints: string[];
  let other: TStorage;
  let otherServices: TServices;

  beforeAll(async () => {
    const tp = await seedTouchpoints(env().storage, env().orgA.id, ['t0', 't1', 't2']);
    touchpoints = ['t0', 't1', 't2'].map((k) => tp[k] ?? '');
    for (const [key, options] of [
      ['tier', TIERS],
      ['region', REGIONS],
    ] as const) {
      const res = await env().as('admin', {
        method: 'POST',
        url: '/api/attribute-keys',
        payload: { entity: 'customer', key, label: key, type: 'enum', options },
      });
      expect(res.statusCode).toBe(201);
    }
    surveyId = (
      await createSurvey(env(), {
        definition: {
          defaultLanguage: 'en',
          languages: ['en'],
          title: { en: 'Random' },
          thankYou: { en: 'Thanks' },
          questions: [
            { id: 'nps', type: 'nps', text: { en: 'Recommend?' } },
            { id: 'r', type: 'rating', scale: { min: 1, max: 5 }, text: { en: 'Rate' } },
          ],
        },
      })
    ).id;
    // A second storage on the same database: another server process, with its own cube.
    const s = env().storage;
    other =
      s.dialect === 'sqlite'
        ? await openStorage(s.sqlite?.name ?? '')
        : await openStorage(PG_URL ?? '', { pgSchema: s.pgSchema ?? '' });
    otherServices = await testServices(other, { start: false });
    return () => other.close();
  });

  function stored(r: TArbResponse): TStoredResponse {
    const day = dayOf(r.dayOffset);
    const segment: Record<string, string> = {
      region: r.region,
      ...(r.tier ? { tier: r.tier } : {}),
    };
    const values = [
      ...(r.nps === null ? [] : [{ questionKey: 'nps', value: r.nps, type: 'nps' as const }]),
      ...(r.rating === null
        ? []
        : [{ questionKey: 'r', value: r.rating, type: 'rating' as const }]),
    ].map((v) => ({ ...v, dimension: null, reverse: false, scaleMin: null, scaleMax: null }));
    const at = `${day}T12:00:00.000Z`;
    return {
      id: newId(),
      organizationId: env().orgA.id,
      surveyId,
      surveyVersion: 1,
      touchpointId: r.touchpoint < 0 ? null : (touchpoints[r.touchpoint] ?? null),
      customerId: null,
      interactionId: null,
      channel: 'api',
      language: 'en',
      status: r.complete ? 'complete' : 'partial',
      answers: {},
      hidden: {},
      segment,
      segmentKey: Object.keys(segment)
        .sort()
        .map((k) => `${k}=${segment[k] ?? ''}`)
        .join(';'),
      idempotencyKey: null,
      resumeTokenHash: null,
      startedAt: at,
      submittedAt: r.complete ? at : null,
      day,
      updatedAt: at,
      values: r.complete ? values : [],
      change: 'created',
    };
  }

  /** NPS counts and rating moments per group, straight from response_values in SQL. */
  async function direct(q: TQueryCase) {
    let query = env()
      .storage.db.selectFrom('response_values')
      .select(['question_key', 'day', 'touchpoint_id', 'segment_key'])
      .select((eb) => [
        eb.fn.countAll<number | string>().as('n'),
        eb.fn.sum<number | string>('value').as('sum'),
        eb.fn
          .sum<number | string>(eb.case().when('value', '>=', 9).then(1).else(0).end())
          .as('promoters'),
        eb.fn
          .sum<number | string>(eb.case().when('value', '<=', 6).then(1).else(0).end())
          .as('detractors'),
      ])
      .where('organization_id', '=', env().orgA.id)
      .groupBy(['question_key', 'day', 'touchpoint_id', 'segment_key']);
    if (q.from !== null) query = query.where('day', '>=', q.from);
    if (q.to !== null) query = query.where('day', '<=', q.to);
    if (q.touchpointIds.length > 0) query = query.where('touchpoint_id', 'in', q.touchpointIds);
    if (q.tier !== null) query = query.where('segment_key', 'like', `%tier=${q.tier}%`);
    const groups = new Map<string, { nps: number[]; r: number[] }>();
    for (const row of await query.execute()) {
      const key = q.groupBy.map((f) => bucket(f, row)).join('|');
      const g = groups.get(key) ?? { nps: [0, 0, 0], r: [0, 0] };
      const n = Number(row.n);
      if (row.question_key === 'nps') {
        const promoters = Number(row.promoters);
        const detractors = Number(row.detractors);
        g.nps = [
          (g.nps[0] ?? 0) + promoters,
          (g.nps[1] ?? 0) + n - promoters - detractors,
          (g.nps[2] ?? 0) + detractors,
        ];
      } else {
        g.r = [(g.r[0] ?? 0) + n, (g.r[1] ?? 0) + Number(row.sum)];
      }
      groups.set(key, g);
    }
    return groups;
  }

  async function engine(services: TServices, q: TQueryCase) {
    const params = {
      metric: 'nps,rating',
      question: undefined,
      groupBy: q.groupBy.join(','),
      minN: '1',
      ...(q.from === null ? {} : { from: q.from }),
      ...(q.to === null ? {} : { to: q.to }),
      ...(q.touchpointIds.length > 0 ? { touchpointId: q.touchpointIds } : {}),
      ...(q.tier === null ? {} : { attr: `tier:${q.tier}` }),
    };
    const nps = await queryMetrics(
      services,
      env().orgA.id,
      ZMetricsQuery.parse({ ...params, metric: 'nps' }),
    );
    const rating = await queryMetrics(
      services,
      env().orgA.id,
      ZMetricsQuery.parse({ ...params, metric: 'rating', question: 'r' }),
    );
    const groups = new Map<string, { nps: number[]; r: number[] }>();
    const keyOf = (g: TMetricsResponse['groups'][number]) =>
      g.key.map((k) => k.value ?? '(none)').join('|');
    for (const g of nps.groups) {
      const result = g.metrics['nps'];
      if (!result || result.n === 0) continue;
      expect(result.status).toBe('ok');
      const counts = result.status === 'ok' ? result.counts : undefined;
      groups.set(keyOf(g), {
        nps: [counts?.promoters ?? -1, counts?.passives ?? -1, counts?.detractors ?? -1],
        r: [0, 0],
      });
    }
    for (const g of rating.groups) {
      const result = g.metrics['rating'];
      if (!result || result.n === 0) continue;
      const entry = groups.get(keyOf(g)) ?? { nps: [0, 0, 0], r: [0, 0] };
      // A single answer has no interval: the rating reports insufficient data but keeps n.
      entry.r = [result.n, result.status === 'ok' ? result.value * result.n : Number.NaN];
      groups.set(keyOf(g), entry);
    }
    return groups;
  }

  function expectSame(
    actual: Map<string, { nps: number[]; r: number[] }>,
    expected: Map<string, { nps: number[]; r: number[] }>,
  ) {
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, want] of expected) {
      const got = actual.get(key);
      expect(got?.nps, key).toEqual(want.nps);
      expect(got?.r[0], key).toBe(want.r[0]);
      if (!Number.isNaN(got?.r[1]) && (want.r[0] ?? 0) > 1) {
        expect(got?.r[1] ?? 0, key).toBeCloseTo(want.r[1] ?? 0, 8);
      }
    }
  }

  it('answers random queries over random responses exactly as SQL over the raw rows', async () => {
    const writer = createResponseWriter(env().storage);
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbResponse, { minLength: 1, maxLength: 25 }),
        arbQuery,
        async (responses, arb) => {
          await writer.write(responses.map(stored));
          let from = arb.from === null ? null : dayOf(arb.from);
          let to = from === null ? null : dayOf((arb.from ?? 0) + arb.span);
          if (arb.wholeMonths && from !== null && to !== null) {
            from = `${from.slice(0, 8)}01`;
            const [year, month] = to.split('-').map(Number);
            to = new Date(Date.UTC(year ?? 0, month ?? 0, 0)).toISOString().slice(0, 10);
          }
          const q: TQueryCase = {
            groupBy: arb.groupBy === '' ? [] : arb.groupBy.split(','),
            from,
            to,
            touchpointIds: arb.touchpoints.map((i) => touchpoints[i] ?? ''),
            tier: arb.tier,
          };
          const expected = await direct(q);
          expectSame(await engine(env().services, q), expected);
          expectSame(await engine(otherServices, q), expected);
        },
      ),
      { numRuns: 40 },
    );
    await writer.close();
  });

  it('rebuilds rollup tables identical to those maintained on write', async () => {
    // A cell written in several writer slots (PostgreSQL) is compared as the sum of its rows.
    const snapshot = () => rollupSnapshot(env().storage, env().orgA.id);
    const before = await snapshot();
    expect(before.values.length).toBeGreaterThan(10);
    expect(before.cross.length).toBeGreaterThan(3);
    await rebuildOrganizationRollups(env().storage, env().orgA.id);
    expect(await snapshot()).toEqual(before);
  });
});
