import type { TTheme, TThemeList } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import {
  commentResponse,
  commentSurveyDefinition,
  createCommentSurvey,
  runQueuedJobs,
  writeCommentResponses,
} from '../../test/support/comment-fixtures.js';
import { createSurvey } from '../../test/support/survey-fixtures.js';

describeEachDatabase('themes API', (env) => {
  let surveyA: string;
  let surveyB: string;

  beforeAll(async () => {
    surveyA = await createCommentSurvey(env());
    surveyB = await createCommentSurvey({ ...env(), orgA: env().orgB });
  });

  async function themesOf(responseId: string): Promise<string[]> {
    const row = await env()
      .storage.db.selectFrom('comment_analyses')
      .select('themes_json')
      .where('response_id', '=', responseId)
      .executeTakeFirstOrThrow();
    return JSON.parse(row.themes_json) as string[];
  }

  it('computes volume, share, sentiment, NPS impact, trend and emergence by hand', async () => {
    const org = env().orgA.id;
    const created = await env().as('admin', {
      method: 'POST',
      url: '/api/themes',
      payload: { name: 'Zeppelin', keywords: ['zeppelin'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const theme = created.json<TTheme>();
    expect(theme).toMatchObject({ name: 'Zeppelin', keywords: ['zeppelin'], source: 'user' });
    await runQueuedJobs(env());

    const rows = [
      ...[10, 10, 9, 3, 2].map((nps, i) =>
        commentResponse(org, surveyA, { nps, comment: 'The zeppelin', day: `2026-03-1${i}` }),
      ),
      ...[10, 8, 7, 6, 5, 9, 10, 8].map((nps, i) =>
        commentResponse(org, surveyA, { nps, comment: 'It was ok', day: `2026-03-2${i}` }),
      ),
      ...Array.from({ length: 20 }, (_, i) =>
        commentResponse(org, surveyA, {
          nps: 8,
          comment: 'It was ok',
          day: '2026-02-10',
          second: i,
        }),
      ),
    ];
    await writeCommentResponses(env(), rows);

    const res = await env().as('viewer', {
      method: 'GET',
      url: '/api/themes?from=2026-03-01&to=2026-03-31&minN=1',
    });
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json<TThemeList>();
    expect(list).toMatchObject({
      from: '2026-03-01',
      to: '2026-03-31',
      previousFrom: '2026-01-29',
      previousTo: '2026-02-28',
      comments: 13,
      previousComments: 20,
    });
    const zeppelin = list.items.find((t) => t.id === theme.id);
    expect(zeppelin?.volume).toBe(5);
    expect(zeppelin?.share).toBeCloseTo(5 / 13, 12);
    const scores = await env()
      .storage.db.selectFrom('comment_analyses')
      .select('score')
      .where('text', '=', 'The zeppelin')
      .execute();
    expect(zeppelin?.sentiment).toBeCloseTo(scores.reduce((s, r) => s + r.score, 0) / 5, 9);
    // Mentioning: 3 promoters, 2 detractors of 5 (NPS 20); others: 3, 3 passives, 2 of 8 (12.5).
    // SE = sqrt(0.96 / 5 + 0.609375 / 8) = 0.5178531; 95%: 7.5 +- 1.959964 * 51.78531 points.
    expect(zeppelin?.npsImpact?.difference).toBeCloseTo(7.5, 9);
    expect(zeppelin?.npsImpact?.low).toBeCloseTo(-93.99735, 4);
    expect(zeppelin?.npsImpact?.high).toBeCloseTo(108.99735, 4);
    expect(zeppelin?.npsImpact).toMatchObject({ mentioning: 5, others: 8 });
    // 5 of 13 against 0 of 20: pooled 5/33, z = 3.0109690, two-sided p = 0.0026042; the only
    // theme tested (the others are in no comment of either period), so BH leaves p as it is.
    expect(zeppelin?.emergence?.growth).toBeCloseTo(5 / 13, 12);
    expect(zeppelin?.emergence?.previousShare).toBe(0);
    expect(zeppelin?.emergence?.pValue).toBeCloseTo(0.0026041547, 8);
    expect(zeppelin?.emergence?.adjustedP).toBeCloseTo(0.0026041547, 8);
    expect(zeppelin?.emergence?.emerging).toBe(true);
    expect(zeppelin?.trend.map((t) => t.month)).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    expect(zeppelin?.trend.at(-1)).toEqual({ month: '2026-03', volume: 5, share: 5 / 13 });
    expect(zeppelin?.trend.at(-2)).toEqual({ month: '2026-02', volume: 0, share: 0 });
    const others = list.items.filter((t) => t.id !== theme.id);
    expect(others.length).toBeGreaterThan(5);
    for (const t of others) {
      expect(t).toMatchObject({ volume: 0, npsImpact: null, sentiment: null });
      expect(t.emergence?.emerging).toBe(false);
    }
  });

  it('re-applies themes to past comments when a theme is created, changed or deleted', async () => {
    const org = env().orgB.id;
    const juice = commentResponse(org, surveyB, {
      nps: 4,
      comment: 'They had no lemonade, only juice',
    });
    await writeCommentResponses(env(), [juice]);
    const as = (options: Parameters<ReturnType<typeof env>['as']>[1]) =>
      env().as('admin', options, env().orgB);

    const created = await as({
      method: 'POST',
      url: '/api/themes',
      payload: { name: 'Lemonade', keywords: ['lemonade'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<TTheme>().id;
    expect(await themesOf(juice.id)).not.toContain(id);
    const status = await as({ method: 'GET', url: '/api/comments/analysis' });
    expect(status.json()).toMatchObject({ running: true });
    await runQueuedJobs(env());
    expect(await themesOf(juice.id)).toContain(id);
    expect((await as({ method: 'GET', url: '/api/comments/analysis' })).json()).toMatchObject({
      running: false,
      analysed: 1,
      total: 1,
    });

    const changed = await as({
      method: 'PATCH',
      url: `/api/themes/${id}`,
      payload: { keywords: ['smoothie'] },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    await runQueuedJobs(env());
    expect(await themesOf(juice.id)).not.toContain(id);

    await as({ method: 'PATCH', url: `/api/themes/${id}`, payload: { keywords: ['juice'] } });
    await runQueuedJobs(env());
    expect(await themesOf(juice.id)).toContain(id);
    const deleted = await as({ method: 'DELETE', url: `/api/themes/${id}` });
    expect(deleted.statusCode).toBe(204);
    const themeRows = await env()
      .storage.db.selectFrom('comment_themes')
      .select('theme_id')
      .where('theme_id', '=', id)
      .execute();
    expect(themeRows).toEqual([]);
    await runQueuedJobs(env());
    expect(await themesOf(juice.id)).not.toContain(id);
  });

  it('counts a respondent once however many of their comments mention a theme', async () => {
    const org = env().orgB.id;
    const as = (options: Parameters<ReturnType<typeof env>['as']>[1]) =>
      env().as('admin', options, env().orgB);
    const definition = commentSurveyDefinition();
    definition.questions.push({ id: 'extra', type: 'text', text: { en: 'Anything else?' } });
    const survey = (await createSurvey({ ...env(), orgA: env().orgB }, { definition })).id;
    const created = await as({
      method: 'POST',
      url: '/api/themes',
      payload: { name: 'Airship', keywords: ['airship'] },
    });
    const id = created.json<TTheme>().id;
    await runQueuedJobs(env());
    const response = (nps: number, comment: string, extra?: string) => {
      const r = commentResponse(org, survey, { nps, comment, day: '2024-05-10' });
      return extra === undefined ? r : { ...r, answers: { ...r.answers, extra } };
    };
    await writeCommentResponses(env(), [
      response(10, 'The airship', 'The airship again'),
      response(0, 'The airship', 'Fine'),
      response(9, 'Fine', 'Fine'),
      response(3, 'Fine'),
    ]);
    const res = await as({
      method: 'GET',
      url: '/api/themes?from=2024-05-01&to=2024-05-31&minN=1',
    });
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json<TThemeList>();
    expect(list.comments).toBe(7);
    const airship = list.items.find((t) => t.id === id);
    expect(airship?.volume).toBe(3);
    expect(airship?.share).toBeCloseTo(3 / 7, 12);
    // Mentioning: a promoter and a detractor (NPS 0); others: the same (0). Each group's
    // variance is 1, so SE = sqrt(1/2 + 1/2) = 1 and the 95% interval is 0 +- 195.9964 points.
    expect(airship?.npsImpact).toMatchObject({ mentioning: 2, others: 2 });
    expect(airship?.npsImpact?.difference).toBeCloseTo(0, 9);
    expect(airship?.npsImpact?.high).toBeCloseTo(195.9964, 3);
  });

  it('refuses empty keywords, a taken name, an unknown theme and a reversed period', async () => {
    const cases = [
      [
        { method: 'POST', url: '/api/themes', payload: { name: 'Empty', keywords: [] } },
        422,
        'at least one keyword',
      ],
      [
        { method: 'POST', url: '/api/themes', payload: { name: 'Blank', keywords: ['  '] } },
        422,
        'cannot be empty',
      ],
      [
        { method: 'POST', url: '/api/themes', payload: { name: 'zEPPELIN', keywords: ['x'] } },
        409,
        'already exists',
      ],
      [
        {
          method: 'PATCH',
          url: '/api/themes/01900000-0000-7000-8000-000000000000',
          payload: { name: 'X' },
        },
        404,
        'theme',
      ],
      [{ method: 'DELETE', url: '/api/themes/01900000-0000-7000-8000-000000000000' }, 404, 'theme'],
      [{ method: 'GET', url: '/api/themes?from=2026-03-02&to=2026-03-01' }, 400, 'after it ends'],
    ] as const;
    for (const [options, status, words] of cases) {
      const res = await env().as('admin', options);
      expect(res.statusCode, `${options.method} ${options.url}: ${res.body}`).toBe(status);
      expect(res.body).toContain(words);
    }
    const viewer = await env().as('viewer', {
      method: 'POST',
      url: '/api/themes',
      payload: { name: 'Nope', keywords: ['nope'] },
    });
    expect(viewer.statusCode).toBe(403);
  });

  it('masks e-mail addresses and phone numbers in stored comments when asked', async () => {
    const org = env().orgB.id;
    const as = (options: Parameters<ReturnType<typeof env>['as']>[1]) =>
      env().as('admin', options, env().orgB);
    const text = 'Call me on +44 20 7946 0958 or mail jane.doe@example.com about the refund';
    const before = commentResponse(org, surveyB, { nps: 3, comment: text, day: '2026-01-05' });
    await writeCommentResponses(env(), [before]);
    const stored = async (id: string) =>
      (
        await env()
          .storage.db.selectFrom('comment_analyses')
          .select('text')
          .where('response_id', '=', id)
          .executeTakeFirstOrThrow()
      ).text;
    expect(await stored(before.id)).toBe(text);

    const set = await as({
      method: 'PUT',
      url: '/api/comments/settings',
      payload: { maskPersonalData: true },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ maskPersonalData: true });
    await runQueuedJobs(env());
    const masked = await stored(before.id);
    expect(masked).not.toContain('jane.doe@example.com');
    expect(masked).not.toContain('7946');
    expect(masked).toContain('about the refund');

    const after = commentResponse(org, surveyB, { nps: 3, comment: text, day: '2026-01-06' });
    await writeCommentResponses(env(), [after]);
    expect(await stored(after.id)).toBe(masked);
    const search = await as({ method: 'GET', url: '/api/comments?q=example' });
    expect(search.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('discovers themes in the comments and stores them as discovered', async () => {
    const org = env().orgB.id;
    const rows = Array.from({ length: 40 }, (_, i) =>
      commentResponse(org, surveyB, {
        nps: 5,
        comment: i % 2 === 0 ? 'The shuttle bus was late again' : 'Shuttle bus driver was rude',
        day: '2026-01-20',
        second: i,
      }),
    );
    await writeCommentResponses(env(), rows);
    const res = await env().as(
      'admin',
      { method: 'POST', url: '/api/themes/discover', payload: {} },
      env().orgB,
    );
    expect(res.statusCode, res.body).toBe(200);
    const { created } = res.json<{ created: TTheme[] }>();
    expect(created.length).toBeGreaterThan(0);
    for (const t of created) expect(t.source).toBe('discovered');
    expect(created.flatMap((t) => t.keywords).join(' ')).toMatch(/shuttle|bus/);
  });
});
