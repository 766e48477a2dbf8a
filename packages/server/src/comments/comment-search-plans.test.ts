/**
 * The explorer's query plans (see `comment-search.repository.ts`): on SQLite the words and the
 * theme are tested in different ways depending on how many comments they match. Enough comments
 * are stored that every way is taken, and each page and capped count is checked against the
 * same filter applied to the rows in plain code.
 */
import { newId, type TCommentPage } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import type { TCommentAnalysesTable, TCommentThemesTable } from '../storage/schema.js';
import { COMMENT_COUNT_CAP } from './comments.service.js';
import { replaceCommentsOfResponses } from './comment-store.repository.js';

const ROWS = 24_000;

interface TRow {
  id: string;
  day: string;
  at: string;
  words: string[];
  touchpoint: string;
  nps: number;
  themes: string[];
}

describeEachDatabase('comment explorer plans over 24,000 comments', (env) => {
  const touchpoints = [newId(), newId(), newId()];
  const rows: TRow[] = [];
  let common = '';
  let rare = '';

  beforeAll(async () => {
    const org = env().orgA.id;
    const now = new Date().toISOString();
    const themeRows = [
      { name: 'Common', id: newId() },
      { name: 'Rare', id: newId() },
    ];
    common = themeRows[0]?.id ?? '';
    rare = themeRows[1]?.id ?? '';
    await env()
      .storage.db.insertInto('themes')
      .values(
        themeRows.map((t) => ({
          id: t.id,
          organization_id: org,
          name: t.name,
          keywords_json: '["x"]',
          source: 'user',
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    const comments: TCommentAnalysesTable[] = [];
    const themes: TCommentThemesTable[] = [];
    for (let i = 0; i < ROWS; i++) {
      // alpha 1/2 (12,000: read into a list), beta 1/10 (2,400: list), gamma 1/100 (240: read
      // first), delta all but 1/12 (22,000: asked per comment).
      const words = ['word'];
      if (i % 2 === 0) words.push('alpha');
      if (i % 10 === 3) words.push('beta');
      if (i % 100 === 7) words.push('gamma');
      if (i % 12 !== 5) words.push('delta');
      const day = new Date(Date.UTC(2025, 0, 1) + (i % 365) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const at = `${day}T${String(i % 24).padStart(2, '0')}:00:00.000Z`;
      const row: TRow = {
        id: newId(),
        day,
        at,
        words,
        touchpoint: touchpoints[i % 3] ?? '',
        nps: i % 11,
        themes: [...(i % 3 === 0 ? [common] : []), ...(i % 1000 === 1 ? [rare] : [])],
      };
      rows.push(row);
      comments.push({
        response_id: row.id,
        question_key: 'comment',
        organization_id: org,
        survey_id: newId(),
        touchpoint_id: row.touchpoint,
        customer_id: null,
        segment_key: '',
        day,
        submitted_at: at,
        nps: row.nps,
        text: words.join(' '),
        score: 0,
        label: 'neutral',
        language: 'en',
        english: 1,
        truncated: 0,
        themes_json: JSON.stringify(row.themes),
        analyzed_at: now,
      });
      for (const themeId of row.themes) {
        themes.push({
          organization_id: org,
          theme_id: themeId,
          response_id: row.id,
          question_key: 'comment',
          day,
          touchpoint_id: row.touchpoint,
          segment_key: '',
          score: 0,
          nps: row.nps,
        });
      }
    }
    await env()
      .storage.db.transaction()
      .execute(async (trx) => {
        await replaceCommentsOfResponses(trx, [], comments, themes);
      });
  }, 120_000);

  function expected(test: (r: TRow) => boolean) {
    const matching = rows
      .filter(test)
      .sort((a, b) =>
        a.day !== b.day
          ? a.day < b.day
            ? 1
            : -1
          : a.at !== b.at
            ? a.at < b.at
              ? 1
              : -1
            : a.id < b.id
              ? 1
              : -1,
      );
    return {
      first: matching.slice(0, 20).map((r) => r.id),
      second: matching.slice(20, 40).map((r) => r.id),
      total: {
        count: Math.min(matching.length, COMMENT_COUNT_CAP),
        capped: matching.length > COMMENT_COUNT_CAP,
      },
    };
  }

  it('gives the same pages and counts whichever way the words and theme are tested', async () => {
    const cases: [string, (r: TRow) => boolean][] = [
      ['q=alpha', (r) => r.words.includes('alpha')],
      ['q=gamma', (r) => r.words.includes('gamma')],
      ['q=delta', (r) => r.words.includes('delta')],
      [
        `q=beta&touchpoint=${touchpoints[1]}`,
        (r) => r.words.includes('beta') && r.touchpoint === touchpoints[1],
      ],
      [
        'q=delta&nps=detractor&from=2025-03-01&to=2025-03-31',
        (r) =>
          r.words.includes('delta') && r.nps <= 6 && r.day >= '2025-03-01' && r.day <= '2025-03-31',
      ],
      [`theme=${common}`, (r) => r.themes.includes(common)],
      [`theme=${common}&q=beta`, (r) => r.themes.includes(common) && r.words.includes('beta')],
      [`theme=${rare}&q=delta`, (r) => r.themes.includes(rare) && r.words.includes('delta')],
      [
        `theme=${common}&touchpoint=${touchpoints[0]}&from=2025-06-01`,
        (r) =>
          r.themes.includes(common) && r.touchpoint === touchpoints[0] && r.day >= '2025-06-01',
      ],
    ];
    for (const [query, test] of cases) {
      const want = expected(test);
      const first = await env().as('analyst', { method: 'GET', url: `/api/comments?${query}` });
      expect(first.statusCode, `${query}: ${first.body}`).toBe(200);
      const page = first.json<TCommentPage>();
      expect(
        page.items.map((c) => c.responseId),
        query,
      ).toEqual(want.first);
      expect(page.total, query).toEqual(want.total);
      if (want.second.length === 0) continue;
      const next = await env().as('analyst', {
        method: 'GET',
        url: `/api/comments?${query}&cursor=${page.nextCursor ?? ''}`,
      });
      expect(
        next.json<TCommentPage>().items.map((c) => c.responseId),
        query,
      ).toEqual(want.second);
    }
  }, 120_000);
});
