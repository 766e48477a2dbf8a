import type { TCommentPage } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import {
  commentResponse,
  createCommentSurvey,
  writeCommentResponses,
} from '../../test/support/comment-fixtures.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';

describeEachDatabase('comment explorer API', (env) => {
  const ids: Record<string, string> = {};
  let bar = '';
  let lounge = '';

  async function search(query: string, role: 'analyst' | 'viewer' | 'agent' = 'analyst') {
    const res = await env().as(role, { method: 'GET', url: `/api/comments?${query}` });
    return res;
  }

  async function page(query: string): Promise<TCommentPage> {
    const res = await search(query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<TCommentPage>();
  }

  beforeAll(async () => {
    const org = env().orgA.id;
    const surveyId = await createCommentSurvey(env());
    const tps = await seedTouchpoints(env().storage, org, ['bar', 'lounge']);
    bar = tps['bar'] ?? '';
    lounge = tps['lounge'] ?? '';
    const named = [
      ['lemon', 3, bar, 'tier=gold', 'The bar only has lemon cola instead of the diet cola'],
      ['missing', 2, bar, 'tier=silver', 'Diet cola was missing again!'],
      ['wifi', 10, lounge, 'tier=gold', 'Great wifi in the lounge'],
      ['delayed', 1, lounge, '', 'Delayed again, we waited for hours'],
      ['snacks', 8, bar, 'tier=gold', 'Cola and snacks were fine <script>alert(1)</script>'],
    ] as const;
    const rows = named.map(([key, nps, tp, segment, comment], i) => {
      const row = commentResponse(org, surveyId, {
        nps,
        comment,
        day: `2025-06-0${i + 1}`,
        touchpointId: tp,
        segmentKey: segment,
      });
      ids[key] = row.id;
      return row;
    });
    // 25 comments on one day at distinct seconds, and 2 at the same instant (ties in time).
    for (let i = 0; i < 25; i++) {
      rows.push(
        commentResponse(org, surveyId, {
          nps: 7,
          comment: `Seat number ${i} was comfortable`,
          day: '2025-05-01',
          second: i,
        }),
      );
    }
    for (let i = 0; i < 2; i++) {
      rows.push(
        commentResponse(org, surveyId, {
          nps: 7,
          comment: 'Seat twin',
          day: '2025-05-01',
          second: 99,
        }),
      );
    }
    await writeCommentResponses(env(), rows);
    // Another organization's matching comment must never show.
    const other = await createCommentSurvey({ ...env(), orgA: env().orgB });
    await writeCommentResponses(env(), [
      commentResponse(env().orgB.id, other, { nps: 1, comment: 'diet cola everywhere' }),
    ]);
  });

  it('finds words, stems them, and marks the matches as text segments', async () => {
    const result = await page('q=cola');
    expect(result.items.map((c) => c.responseId)).toEqual([
      ids['snacks'],
      ids['missing'],
      ids['lemon'],
    ]);
    expect(result.total).toEqual({ count: 3, capped: false });
    const lemon = result.items[2];
    expect(lemon?.segments.filter((s) => s.match).map((s) => s.text)).toEqual(['cola', 'cola']);
    expect(lemon?.segments.map((s) => s.text).join('')).toBe(lemon?.text);
    // Markup in a comment is text in a segment, never HTML.
    expect(result.items[0]?.segments.map((s) => s.text).join('')).toContain('<script>');

    const delayed = await page('q=delay');
    expect(delayed.items.map((c) => c.responseId)).toEqual([ids['delayed']]);
    expect(delayed.items[0]?.segments.find((s) => s.match)?.text).toBe('Delayed');

    const phrase = await page(`q=${encodeURIComponent('"diet cola" -missing')}`);
    expect(phrase.items.map((c) => c.responseId)).toEqual([ids['lemon']]);
  });

  it('combines filters: touchpoint, segment, NPS, sentiment, period and words', async () => {
    const byTouchpoint = await page(`touchpoint=${bar}&q=cola`);
    expect(byTouchpoint.items.map((c) => c.responseId)).toEqual([
      ids['snacks'],
      ids['missing'],
      ids['lemon'],
    ]);
    const gold = await page(`touchpoint=${bar}&segment=tier%3Dgold`);
    expect(gold.items.map((c) => c.responseId)).toEqual([ids['snacks'], ids['lemon']]);
    expect(gold.items[0]?.segment).toEqual({ tier: 'gold' });
    const detractors = await page('nps=detractor&q=cola');
    expect(detractors.items.map((c) => c.responseId)).toEqual([ids['missing'], ids['lemon']]);
    const range = await page('npsMin=8&npsMax=10&from=2025-06-01&to=2025-06-30');
    expect(range.items.map((c) => c.responseId)).toEqual([ids['snacks'], ids['wifi']]);
    const period = await page('from=2025-06-02&to=2025-06-03');
    expect(period.items.map((c) => c.responseId)).toEqual([ids['wifi'], ids['missing']]);
    const negative = await page('sentiment=negative&from=2025-06-01');
    for (const c of negative.items) expect(c.label).toBe('negative');
    expect(negative.items.map((c) => c.responseId)).toContain(ids['delayed']);
  });

  it("lists one customer's comments, for the customer page", async () => {
    const created = await env().as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: { externalId: 'comment-writer' },
    });
    const customerId = created.json<{ id: string }>().id;
    const surveyId = await createCommentSurvey(env());
    const own = ['Lovely crew on the way out', 'Bag lost on the way back'].map((comment, i) =>
      commentResponse(env().orgA.id, surveyId, {
        nps: 6 + i,
        comment,
        day: `2025-07-0${i + 1}`,
        customerId,
      }),
    );
    await writeCommentResponses(env(), own);
    const theirs = await page(`customer=${customerId}`);
    expect(theirs.items.map((c) => c.text)).toEqual([
      'Bag lost on the way back',
      'Lovely crew on the way out',
    ]);
    expect(theirs.items.map((c) => c.label)).toEqual(['negative', 'positive']);
    const nobody = await page(`customer=01900000-0000-7000-8000-000000000000`);
    expect(nobody.items).toEqual([]);
  });

  it('pages newest first, stable and complete, ties in time included', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `to=2025-05-31&limit=4${cursor === null ? '' : `&cursor=${cursor}`}`;
      const result = await page(query);
      expect(result.total).toEqual({ count: 27, capped: false });
      seen.push(...result.items.map((c) => c.responseId));
      cursor = result.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(7);
    expect(new Set(seen).size).toBe(27);
    const all = await page('to=2025-05-31&limit=100');
    expect(all.items.map((c) => c.responseId)).toEqual(seen);
    const times = all.items.map((c) => c.submittedAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('says what is wrong with bad input, and keeps comments from viewers', async () => {
    for (const [query, status, words] of [
      [`q=${encodeURIComponent('"" !!! ()')}`, 400, 'no words'],
      [`q=${encodeURIComponent('-cola')}`, 400, 'besides the excluded'],
      ['theme=01900000-0000-7000-8000-000000000000', 404, 'theme'],
      ['npsMin=9&npsMax=3', 400, 'npsMin'],
      ['from=2025-07-01&to=2025-06-01', 400, 'after it ends'],
      ['cursor=nonsense', 400, 'cursor'],
      ['segment=tier', 422, 'attribute=value'],
    ] as const) {
      const res = await search(query);
      expect(res.statusCode, `${query}: ${res.body}`).toBe(status);
      expect(res.body).toContain(words);
    }
    // Operators and brackets are separators, never FTS syntax errors.
    const odd = await page(`q=${encodeURIComponent('cola AND (diet OR "lemon')}`);
    expect(odd.items.map((c) => c.responseId)).toEqual([ids['lemon']]);
    expect((await search('q=cola', 'viewer')).statusCode).toBe(403);
  });
});
