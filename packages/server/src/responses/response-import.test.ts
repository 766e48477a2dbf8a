import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import {
  countRows,
  createSurvey,
  loungeSurveyDefinition,
} from '../../test/support/survey-fixtures.js';

interface TImportJson {
  rows: number;
  created: number;
  failed: number;
  errors: { row: number; field: string; reason: string }[];
}

interface TResponseJson {
  channel: string;
  submittedAt: string;
  touchpointId: string | null;
  customerId: string | null;
  answers: Record<string, unknown>;
  hidden: Record<string, string>;
}

describeEachDatabase('response import', (env) => {
  let tp: Record<string, string>;
  let customerId: string;

  beforeAll(async () => {
    tp = await seedTouchpoints(env().storage, env().orgA.id, ['lounge']);
    const customer = await env().as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: { externalId: 'C-7' },
    });
    customerId = customer.json<{ id: string }>().id;
  });

  async function stored(surveyId: string): Promise<TResponseJson[]> {
    const res = await env().as('analyst', {
      method: 'GET',
      url: `/api/responses?surveyId=${surveyId}&status=complete&sort=submittedAt`,
    });
    return res.json<{ items: TResponseJson[] }>().items;
  }

  it('imports CSV through a column mapping and reports bad rows by row and column', async () => {
    const survey = await createSurvey(env(), { definition: loungeSurveyDefinition() });
    const csv = [
      'When,Recommend,Sense,Feel,Visit,Extras,Other extra,Notes,Who,Where,Booking',
      '2025-01-02T10:00:00Z,9,5,4,business,bar|spa,,"Fine, thanks",C-7,lounge,BK-1',
      '2025-01-03T10:00:00Z,11,5,4,business,,,,,,BK-2',
      '2025-01-04T10:00:00Z,3,2,2,leisure,spa|other,Pool,,NOBODY,,BK-3',
      'yesterday,8,,,,,,,,,BK-4',
      '2025-01-05T10:00:00Z,10,1,1,other,wifi,,,,,',
      '2025-01-06T10:00:00Z,10',
      '2025-01-07T10:00:00Z,0,1,2,leisure,spa|other,Sauna,,,lounge,BK-7',
    ].join('\n');
    const mapping = {
      When: 'submittedAt',
      Recommend: 'nps',
      Sense: 'exp.sense',
      Feel: 'exp.feel',
      Visit: 'visit',
      Extras: 'extras',
      'Other extra': 'extras.other',
      Notes: 'comment',
      Who: 'customerExternalId',
      Where: 'touchpointKey',
      Booking: 'hidden.booking',
    };
    const res = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${survey.id}/responses/import?mapping=${encodeURIComponent(JSON.stringify(mapping))}`,
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json<TImportJson>();
    expect(result).toMatchObject({ rows: 7, created: 2, failed: 5 });
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'Recommend'],
      [3, 'Who'],
      [4, 'When'],
      [5, 'Visit'],
      [6, '(row)'],
    ]);
    expect(result.errors[0]?.reason).toMatch(/0 to 10/);

    const rows = await stored(survey.id);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      channel: 'import',
      submittedAt: '2025-01-02T10:00:00.000Z',
      touchpointId: tp['lounge'],
      customerId,
      hidden: { booking: 'BK-1' },
      answers: {
        nps: 9,
        exp: { sense: 5, feel: 4 },
        visit: 'business',
        extras: ['bar', 'spa'],
        comment: 'Fine, thanks',
      },
    });
    expect(rows[1]).toMatchObject({
      customerId: null,
      answers: { nps: 0, extras: { selected: ['spa'], other: 'Sauna' } },
    });
    // Each stored row: nps, exp.sense and exp.feel.
    expect(await countRows(env(), 'response_values', survey.id)).toBe(3 + 3);
  });

  it('imports NDJSON in both shapes, with the mapping in a header', async () => {
    const survey = await createSurvey(env(), { definition: loungeSurveyDefinition() });
    const lines = [
      JSON.stringify({
        answers: { nps: 7 },
        submittedAt: '2025-02-01T00:00:00Z',
        idempotencyKey: 'imp-00001',
      }),
      JSON.stringify({ score: 6, why: 'Slow', at: '2025-02-02T00:00:00Z' }),
      JSON.stringify({ score: 'high', at: '2025-02-03T00:00:00Z' }),
      'not json',
      JSON.stringify({
        answers: { nps: 7 },
        submittedAt: '2025-02-04T00:00:00Z',
        idempotencyKey: 'imp-00001',
      }),
      JSON.stringify({ score: 5, mood: 'ok' }),
    ].join('\n');
    const res = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${survey.id}/responses/import`,
      headers: {
        'content-type': 'application/x-ndjson',
        'x-column-mapping': JSON.stringify({ score: 'nps', at: 'submittedAt' }),
      },
      payload: lines,
    });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json<TImportJson>();
    expect(result).toMatchObject({ rows: 6, created: 2, failed: 4 });
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'score'],
      [4, '(line)'],
      [5, 'idempotencyKey'],
      [6, 'mood'],
    ]);
    const rows = await stored(survey.id);
    expect(rows.map((r) => r.answers)).toEqual([{ nps: 7 }, { nps: 6, why: 'Slow' }]);
  });

  it('refuses an unknown column, a bad mapping and other media types before storing anything', async () => {
    const survey = await createSurvey(env(), { definition: loungeSurveyDefinition() });
    const unknown = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${survey.id}/responses/import`,
      headers: { 'content-type': 'text/csv' },
      payload: 'nps,shoe_size\n9,44\n',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({
      error: { details: [{ field: 'columns.shoe_size' }, { field: 'import.id' }] },
    });
    const badTarget = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${survey.id}/responses/import?mapping=${encodeURIComponent('{"a":"nope"}')}`,
      headers: { 'content-type': 'text/csv' },
      payload: 'a\n9\n',
    });
    expect(badTarget.statusCode).toBe(422);
    expect(badTarget.json()).toMatchObject({ error: { details: [{ field: 'query.mapping.a' }] } });
    const json = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${survey.id}/responses/import`,
      payload: { nps: 9 },
    });
    expect(json.statusCode).toBe(415);
    const foreign = await env().as(
      'admin',
      {
        method: 'POST',
        url: `/api/surveys/${survey.id}/responses/import`,
        headers: { 'content-type': 'text/csv' },
        payload: 'nps\n9\n',
      },
      env().orgB,
    );
    expect(foreign.statusCode).toBe(404);
    expect(await countRows(env(), 'responses', survey.id)).toBe(0);
  });

  it('imports an export of another survey with the same questions', async () => {
    const source = await createSurvey(env(), { definition: loungeSurveyDefinition() });
    const target = await createSurvey(env(), { definition: loungeSurveyDefinition() });
    const answers = [
      { nps: 2, why: '=1+1', exp: { sense: 1, feel: 2 }, visit: { other: 'Wedding' } },
      { nps: 10, extras: { selected: ['bar'], other: 'Piano, live' }, contact: true },
    ];
    for (const a of answers) {
      const res = await env().as('admin', {
        method: 'POST',
        url: `/api/surveys/${source.id}/responses`,
        payload: { answers: a, customerExternalId: 'C-7', touchpointKey: 'lounge' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const exported = await env().as('analyst', {
      method: 'GET',
      url: `/api/surveys/${source.id}/responses/export`,
    });
    // Neutralised cells come back with their quote mark: an export is for people, not a backup.
    const csv = exported.body.replace(`'=1+1`, '=1+1');
    const res = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${target.id}/responses/import`,
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.json()).toMatchObject({ rows: 2, created: 2, failed: 0 });
    const rows = await stored(target.id);
    expect(rows.map((r) => [r.answers, r.customerId, r.touchpointId])).toEqual(
      answers.map((a) => [a, customerId, tp['lounge']]),
    );
  });
});
