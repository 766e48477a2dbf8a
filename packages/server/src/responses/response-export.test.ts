import { expect, it } from 'vitest';
import { systemActor } from '../auth/actor.js';
import { describeEachDatabase, type TTestEnv } from '../../test/harness.js';
import { createCsvParser } from '../csv/csv-parser.js';
import { exportResponses } from './response-export.js';
import { createSurvey, loungeSurveyDefinition } from '../../test/support/survey-fixtures.js';

function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  const parser = createCsvParser({}, (fields) => out.push(fields));
  parser.push(text);
  parser.end();
  return out;
}

/** Rows of a CSV as objects by header. */
function records(text: string): Record<string, string>[] {
  const [header = [], ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ''])));
}

/** The answers of response i of the big survey, chosen by hand to vary every column. */
function answersOf(i: number) {
  return {
    nps: i % 11,
    ...(i % 11 <= 6 ? { why: `reason ${i}` } : {}),
    ...(i % 3 === 0 ? {} : { csat: 1 + (i % 5) }),
    exp: { sense: 1 + (i % 5), feel: 5 - (i % 5) },
    visit: i % 4 === 0 ? { other: `trip ${i}` } : i % 2 === 0 ? 'business' : 'leisure',
    extras: i % 5 === 0 ? { selected: ['spa'], other: `pool, ${i}` } : ['bar', 'wifi'],
    comment: `line one ${i}\nline "two", =${i}`,
    contact: i % 2 === 0,
  };
}

async function batch(env: TTestEnv, surveyId: string, from: number, count: number) {
  const res = await env.as('admin', {
    method: 'POST',
    url: `/api/surveys/${surveyId}/responses/batch`,
    payload: {
      responses: Array.from({ length: count }, (_, k) => ({
        answers: answersOf(from + k),
        hidden: { booking: `BK-${from + k}` },
      })),
    },
  });
  expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
}

describeEachDatabase('response export', (env) => {
  it('neutralises formulas and quotes cells', async () => {
    const survey = await createSurvey(env(), { definition: loungeSurveyDefinition() });
    // Answers are trimmed by the survey engine; hidden fields keep a leading tab or CR.
    const cells = [
      ['=HYPERLINK("x")', '=cmd|x'],
      ['+1+1', '\tTAB'],
      ['-2+3', '\rCR'],
      ['@SUM(A1)', '-5'],
      ['a,"b"\nc', 'plain'],
    ];
    for (const [comment, booking] of cells) {
      const res = await env().as('admin', {
        method: 'POST',
        url: `/api/surveys/${survey.id}/responses`,
        payload: { answers: { nps: 9, comment }, hidden: { booking } },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const res = await env().as('analyst', {
      method: 'GET',
      url: `/api/surveys/${survey.id}/responses/export?format=csv`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${survey.slug}-responses.csv"`,
    );
    expect(res.body.split('\r\n')[0]).toBe(
      'id,surveyVersion,status,channel,language,startedAt,submittedAt,touchpointKey,' +
        'customerExternalId,interactionId,hidden.booking,hidden.touchpoint,nps,why,csat,' +
        'exp.sense,exp.feel,visit,visit.other,extras,extras.other,comment,contact',
    );
    // The raw text: each dangerous cell starts with a quote mark; quotes are doubled.
    expect(res.body).toContain(`,'=cmd|x,`);
    expect(res.body).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(res.body).toContain(`,'+1+1,`);
    expect(res.body).toContain(`,'-2+3,`);
    expect(res.body).toContain(`,'@SUM(A1),`);
    expect(res.body).toContain(`,'\tTAB,`);
    expect(res.body).toContain(`,"'\rCR",`);
    expect(res.body).toContain(`,"a,""b""\nc",`);
    const rows = records(res.body);
    expect(rows.map((r) => [r['comment'], r['hidden.booking']])).toEqual([
      [`'=HYPERLINK("x")`, `'=cmd|x`],
      [`'+1+1`, `'\tTAB`],
      [`'-2+3`, `'\rCR`],
      [`'@SUM(A1)`, '-5'],
      ['a,"b"\nc', 'plain'],
    ]);
    expect(rows.every((r) => r['nps'] === '9')).toBe(true);

    // The export imports back losslessly and idempotently: the same survey holds every row
    // already (ids kept); another survey gets each text as it was, once however often it is sent.
    const importCsv = (surveyId: string) =>
      env().as('admin', {
        method: 'POST',
        url: `/api/surveys/${surveyId}/responses/import`,
        headers: { 'content-type': 'text/csv' },
        payload: res.body,
      });
    const again = await importCsv(survey.id);
    expect(again.json()).toMatchObject({ rows: 5, created: 0, unchanged: 5, failed: 0 });
    const copy = await createSurvey(env(), { definition: loungeSurveyDefinition() });
    for (const expected of [
      { created: 5, unchanged: 0 },
      { created: 0, unchanged: 5 },
    ]) {
      const into = await importCsv(copy.id);
      expect(into.json()).toMatchObject({ rows: 5, failed: 0, ...expected });
    }
    const copied = await env().as('analyst', {
      method: 'GET',
      url: `/api/surveys/${copy.id}/responses/export?format=ndjson`,
    });
    const texts = copied.body
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { answers: { comment: string }; hidden: { booking: string } },
      )
      .map((r) => [r.answers.comment, r.hidden.booking])
      .sort();
    expect(texts).toEqual([...cells].sort());
  });

  it('streams 5,000 responses page by page that parse back to the same values', async () => {
    const survey = await createSurvey(env(), { definition: loungeSurveyDefinition() });
    for (let from = 0; from < 5000; from += 1000) await batch(env(), survey.id, from, 1000);

    const { stream } = await exportResponses(
      { storage: env().storage, actor: systemActor(env().orgA.id), services: env().services },
      survey.id,
      'csv',
    );
    const chunks: string[] = [];
    for await (const chunk of stream) chunks.push(String(chunk));
    // A header, then one chunk per page of 1,000 rows: never the whole export at once.
    expect(chunks.length).toBe(6);

    const rows = records(chunks.join(''));
    expect(rows).toHaveLength(5000);
    const byBooking = new Map(rows.map((r) => [r['hidden.booking'], r]));
    for (let i = 0; i < 5000; i++) {
      const row = byBooking.get(`BK-${i}`);
      const a = answersOf(i);
      const expected = {
        status: 'complete',
        channel: 'api',
        nps: String(a.nps),
        why: a.why ?? '',
        csat: a.csat === undefined ? '' : String(a.csat),
        'exp.sense': String(a.exp.sense),
        'exp.feel': String(a.exp.feel),
        visit: typeof a.visit === 'string' ? a.visit : 'other',
        'visit.other': typeof a.visit === 'string' ? '' : a.visit.other,
        extras: Array.isArray(a.extras) ? 'bar|wifi' : 'spa|other',
        'extras.other': Array.isArray(a.extras) ? '' : a.extras.other,
        comment: a.comment,
        contact: String(a.contact),
      };
      expect(row, `response ${i}`).toMatchObject(expected);
    }

    const ndjson = await env().as('analyst', {
      method: 'GET',
      url: `/api/surveys/${survey.id}/responses/export?format=ndjson`,
    });
    expect(ndjson.headers['content-type']).toBe('application/x-ndjson');
    const lines = ndjson.body.trim().split('\n');
    expect(lines).toHaveLength(5000);
    const first = JSON.parse(lines[0] ?? '{}') as { answers: unknown; hidden: { booking: string } };
    const index = Number(first.hidden.booking.slice(3));
    expect(first.answers).toEqual(answersOf(index));
  });

  it('is a 404 for a survey of another organization', async () => {
    const survey = await createSurvey(env(), { definition: loungeSurveyDefinition() });
    const res = await env().as(
      'owner',
      { method: 'GET', url: `/api/surveys/${survey.id}/responses/export` },
      env().orgB,
    );
    expect(res.statusCode).toBe(404);
  });
});
