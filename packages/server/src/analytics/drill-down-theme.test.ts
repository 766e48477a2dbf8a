/**
 * `GET /api/analytics/responses?theme=...`: the responses behind a theme's volume. The expected
 * counts come from the fixture below (which responses mention the zeppelin, on which day, at
 * which touchpoint, from which traveller), never from the code under test; the themes API must
 * agree with them too.
 */
import type { TTheme, TThemeList } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TTestEnv } from '../../test/harness.js';
import { seedAnalyticsFixture } from '../../test/support/analytics-fixture.js';
import { get } from '../../test/support/analytics-test-helpers.js';
import { runQueuedJobs } from '../../test/support/comment-fixtures.js';
import { createSurvey } from '../../test/support/survey-fixtures.js';

/** One response of the fixture and what its two comments say. */
interface TRow {
  day: string;
  touchpoint: 'lounge' | 'gate';
  traveller: 'business' | 'leisure';
  survey: 'main' | 'other';
  comment: string;
  more: string | undefined;
}

/** The row's comments that mention the zeppelin: 0, 1 or 2. */
const mentions = (row: TRow) =>
  [row.comment, row.more].filter((text) => text?.includes('zeppelin')).length;

/**
 * 24 responses: alternately lounge and gate, every third from a business traveller, half in
 * January and half in February; three in four mention the zeppelin in the first comment and one
 * in five also in the second (so comments and responses differ); the 23rd is another survey's.
 */
const ROWS: TRow[] = Array.from({ length: 24 }, (_, i) => ({
  day:
    i < 12
      ? `2026-01-${String(5 + i).padStart(2, '0')}`
      : `2026-02-${String(i - 10).padStart(2, '0')}`,
  touchpoint: i % 2 === 0 ? 'lounge' : 'gate',
  traveller: i % 3 === 0 ? 'business' : 'leisure',
  survey: i === 22 ? 'other' : 'main',
  comment: i % 4 !== 3 ? 'The zeppelin was late' : 'It was fine',
  more: i % 5 === 0 ? 'Loved the zeppelin ride' : undefined,
}));

function definition() {
  return {
    defaultLanguage: 'en',
    languages: ['en'],
    title: { en: 'Your trip' },
    thankYou: { en: 'Thanks' },
    questions: [
      { id: 'nps', type: 'nps', required: true, text: { en: 'Recommend us?' } },
      { id: 'comment', type: 'text', text: { en: 'Why?' } },
      { id: 'more', type: 'text', text: { en: 'Anything else?' } },
    ],
  };
}

interface TFixture {
  theme: string;
  surveys: Record<TRow['survey'], string>;
  touchpoints: Record<string, string>;
}

async function seed(env: TTestEnv): Promise<TFixture> {
  // The analytics suites' touchpoints, traveller attribute and customers; their responses have
  // no comments, so no theme counts them.
  const { touchpoints } = await seedAnalyticsFixture(env);
  const created = await env.as('admin', {
    method: 'POST',
    url: '/api/themes',
    payload: { name: 'Zeppelin', keywords: ['zeppelin'] },
  });
  expect(created.statusCode, created.body).toBe(201);
  await runQueuedJobs(env);
  const surveys = {} as Record<TRow['survey'], string>;
  for (const key of ['main', 'other'] as const) {
    surveys[key] = (
      await createSurvey(env, {
        name: `Trip ${key}`,
        touchpointIds: [touchpoints['lounge'], touchpoints['gate']],
        definition: definition(),
      })
    ).id;
    const responses = ROWS.flatMap((row, i) =>
      row.survey !== key
        ? []
        : [
            {
              answers: { nps: i % 11, comment: row.comment, more: row.more },
              touchpointKey: row.touchpoint,
              customerExternalId: `C-${row.traveller.toUpperCase()}`,
              submittedAt: `${row.day}T10:00:00.000Z`,
              channel: 'api',
            },
          ],
    );
    const res = await env.as('admin', {
      method: 'POST',
      url: `/api/surveys/${surveys[key]}/responses/batch`,
      payload: { responses },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  if (!(await env.services.events.settle(['comment-analysis'], 60_000))) {
    throw new Error('the comment subscriber did not catch up');
  }
  return { theme: created.json<TTheme>().id, surveys, touchpoints };
}

/** A drill-down's and a theme list's filters, and the fixture's rows they keep. */
interface TCase {
  from: string;
  to: string;
  touchpoint?: 'lounge' | 'gate';
  traveller?: 'business' | 'leisure';
}

function expected(c: TCase, survey?: TRow['survey']) {
  const kept = ROWS.filter(
    (r) =>
      r.day >= c.from &&
      r.day <= c.to &&
      (c.touchpoint === undefined || r.touchpoint === c.touchpoint) &&
      (c.traveller === undefined || r.traveller === c.traveller) &&
      (survey === undefined || r.survey === survey) &&
      mentions(r) > 0,
  );
  return { responses: kept.length, comments: kept.reduce((sum, r) => sum + mentions(r), 0) };
}

const CASES: TCase[] = [
  { from: '2026-01-01', to: '2026-02-28' },
  { from: '2026-01-10', to: '2026-02-05' },
  { from: '2026-01-01', to: '2026-02-28', touchpoint: 'gate' },
  { from: '2026-01-01', to: '2026-02-28', traveller: 'business' },
  { from: '2026-01-10', to: '2026-02-05', touchpoint: 'lounge', traveller: 'leisure' },
];

describeEachDatabase('the responses behind a theme', (env) => {
  let fx: TFixture;

  beforeAll(async () => {
    fx = await seed(env());
  }, 120_000);

  function drillUrl(c: TCase, extra = '') {
    const params = new URLSearchParams({ theme: fx.theme, from: c.from, to: c.to, limit: '100' });
    if (c.touchpoint) params.set('touchpointId', fx.touchpoints[c.touchpoint] ?? '');
    if (c.traveller) params.set('attr', `traveller:${c.traveller}`);
    return `/api/analytics/responses?${params.toString()}${extra}`;
  }

  function themesUrl(c: TCase) {
    const params = new URLSearchParams({ from: c.from, to: c.to, minN: '1' });
    if (c.touchpoint) params.set('touchpoint', fx.touchpoints[c.touchpoint] ?? '');
    if (c.traveller) params.set('segment', `traveller=${c.traveller}`);
    return `/api/themes?${params.toString()}`;
  }

  it('lists as many responses as the theme has behind its volume, for every filter', async () => {
    let severalComments = false;
    for (const c of CASES) {
      const want = expected(c);
      const label = JSON.stringify(c);
      expect(want.responses, label).toBeGreaterThan(0);
      const drill = await get<{
        total: number;
        theme: { id: string; name: string } | null;
        items: { day: string; touchpointId: string | null }[];
      }>(env(), drillUrl(c));
      expect(drill.total, label).toBe(want.responses);
      expect(drill.items, label).toHaveLength(want.responses);
      expect(drill.theme, label).toEqual({ id: fx.theme, name: 'Zeppelin' });
      for (const item of drill.items) {
        expect(item.day >= c.from && item.day <= c.to, label).toBe(true);
        if (c.touchpoint) expect(item.touchpointId, label).toBe(fx.touchpoints[c.touchpoint]);
      }
      const themes = await get<TThemeList>(env(), themesUrl(c));
      const zeppelin = themes.items.find((t) => t.id === fx.theme);
      expect(zeppelin?.volume, label).toBe(want.comments);
      expect(zeppelin?.responses, label).toBe(want.responses);
      if (want.comments > want.responses) severalComments = true;
    }
    // The fixture has responses with two comments on the theme, so volume alone would not do.
    expect(severalComments).toBe(true);
  });

  it('applies the survey filter to the responses behind a theme', async () => {
    const c = CASES[0] as TCase;
    const main = await get<{ total: number }>(env(), drillUrl(c, `&surveyId=${fx.surveys.main}`));
    expect(main.total).toBe(expected(c, 'main').responses);
    const other = await get<{ total: number }>(env(), drillUrl(c, `&surveyId=${fx.surveys.other}`));
    expect(other.total).toBe(expected(c, 'other').responses);
    expect(main.total).toBeLessThan(expected(c).responses);
  });

  it('keeps the metric: responses behind a theme that answered NPS', async () => {
    const c = CASES[1] as TCase;
    const nps = await get<{ total: number }>(env(), drillUrl(c, '&metric=nps'));
    // Every fixture response answers NPS (required).
    expect(nps.total).toBe(expected(c).responses);
  });

  it('refuses a theme it does not know, naming it, whether unknown or another organization’s', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const res = await env().as('viewer', {
      method: 'GET',
      url: `/api/analytics/responses?theme=${unknown}`,
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.body).toContain(unknown);
    expect(res.body).toContain('query.theme');
    const elsewhere = await env().as(
      'viewer',
      { method: 'GET', url: `/api/analytics/responses?theme=${fx.theme}` },
      env().orgB,
    );
    expect(elsewhere.statusCode, elsewhere.body).toBe(422);
    expect(elsewhere.body).toContain(fx.theme);
    const malformed = await env().as('viewer', {
      method: 'GET',
      url: '/api/analytics/responses?theme=zeppelin',
    });
    expect(malformed.statusCode, malformed.body).toBe(422);
    expect(malformed.body).toContain('theme');
  });
});
