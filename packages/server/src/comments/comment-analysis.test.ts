import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import {
  commentResponse,
  createCommentSurvey,
  writeCommentResponses,
} from '../../test/support/comment-fixtures.js';
import { findEventsAfter } from '../events/events.repository.js';
import { ingestEngine } from '../ingest/engine.js';
import { analyseAllComments } from './comment-analysis.service.js';
import { commentEventSubscriber } from './comment-events.js';

describeEachDatabase('comment analysis subscriber', (env) => {
  let surveyId: string;

  beforeAll(async () => {
    surveyId = await createCommentSurvey(env());
  });

  async function storedComments(responseIds: readonly string[]) {
    return env()
      .storage.db.selectFrom('comment_analyses')
      .selectAll()
      .where('response_id', 'in', [...responseIds])
      .orderBy('response_id')
      .execute();
  }

  it('analyses a submitted response within the test, and a re-delivery changes nothing', async () => {
    const org = env().orgA.id;
    const angry = commentResponse(org, surveyId, {
      nps: 2,
      comment: 'The bar only has lemon cola instead of the diet cola. Terrible.',
    });
    const happy = commentResponse(org, surveyId, {
      nps: 10,
      comment: 'Lovely staff, great lounge!',
    });
    const silent = commentResponse(org, surveyId, { nps: 8 });
    const blank = commentResponse(org, surveyId, { nps: 8, comment: '   ' });
    await writeCommentResponses(env(), [angry, happy, silent, blank]);

    const rows = await storedComments([angry.id, happy.id, silent.id, blank.id]);
    expect(rows.map((r) => r.response_id).sort()).toEqual([angry.id, happy.id].sort());
    const byId = new Map(rows.map((r) => [r.response_id, r]));
    const a = byId.get(angry.id);
    expect(a).toMatchObject({
      question_key: 'comment',
      nps: 2,
      day: '2026-03-10',
      label: 'negative',
    });
    expect(a?.score).toBeLessThan(0);
    expect(byId.get(happy.id)).toMatchObject({ nps: 10, label: 'positive' });
    const drinks = await env()
      .storage.db.selectFrom('themes')
      .select('id')
      .where('organization_id', '=', org)
      .where('name', '=', 'Drinks')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(a?.themes_json ?? '[]')).toContain(drinks.id);
    const themeRows = await env()
      .storage.db.selectFrom('comment_themes')
      .selectAll()
      .where('response_id', '=', angry.id)
      .execute();
    expect(themeRows.map((t) => t.theme_id)).toContain(drinks.id);
    expect(themeRows.every((t) => t.nps === 2 && t.day === '2026-03-10')).toBe(true);

    // The events again, as after a crash before the cursor moved: nothing is written.
    const events = (await findEventsAfter(env().storage.db, 0, 10_000)).filter(
      (e) => e.subjectId === angry.id || e.subjectId === happy.id,
    );
    expect(events.length).toBe(2);
    await commentEventSubscriber(env().storage).handle(events);
    const again = await storedComments([angry.id, happy.id]);
    expect(again).toEqual(rows);
  });

  it('analyses a bulk import from the batch events that name its rows', async () => {
    const org = env().orgA.id;
    const rows = Array.from({ length: 1500 }, (_, i) =>
      commentResponse(org, surveyId, {
        nps: i % 11,
        day: '2026-02-01',
        second: i,
        comment: i % 3 === 0 ? `The wifi kept dropping, flight ${i}` : `Flight ${i} was fine`,
      }),
    );
    const writer = ingestEngine(env().storage).bulkResponses();
    expect(await writer.write(rows)).toEqual([]);
    await writer.close();
    expect(await env().services.events.settle(['comment-analysis'], 60_000)).toBe(true);
    const stored = await env()
      .storage.db.selectFrom('comment_analyses')
      .select(['response_id', 'text', 'nps'])
      .where('day', '=', '2026-02-01')
      .where('organization_id', '=', org)
      .execute();
    expect(stored.length).toBe(1500);
    const expected = new Map(rows.map((r) => [r.id, r.answers['comment']]));
    for (const row of stored) expect(row.text).toBe(expected.get(row.response_id));
  });

  it('analyses history stored before it existed, with progress, idempotently', async () => {
    const org = env().orgB.id;
    const otherSurvey = await createCommentSurvey({ ...env(), orgA: env().orgB });
    const rows = Array.from({ length: 30 }, (_, i) =>
      commentResponse(org, otherSurvey, { nps: 9, comment: `Nice seat number ${i}` }),
    );
    await writeCommentResponses(env(), rows);
    // Forget them, as if stored before the analysis existed.
    await env()
      .storage.db.deleteFrom('comment_themes')
      .where('organization_id', '=', org)
      .execute();
    await env()
      .storage.db.deleteFrom('comment_analyses')
      .where('organization_id', '=', org)
      .execute();
    const seen: number[] = [];
    const ctx = { storage: env().storage, actor: { organizationId: org } } as Parameters<
      typeof analyseAllComments
    >[0];
    const result = await analyseAllComments(ctx, (p) => seen.push(p.analysed));
    expect(result).toEqual({ analysed: 30, total: 30 });
    expect(seen).toEqual([30]);
    expect((await storedComments(rows.map((r) => r.id))).length).toBe(30);
    const status = await env().as(
      'viewer',
      { method: 'GET', url: '/api/comments/analysis' },
      env().orgB,
    );
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json()).toMatchObject({ analysed: 30, total: 30, running: false, comments: 30 });
  });
});
