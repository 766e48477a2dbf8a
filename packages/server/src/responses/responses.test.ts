import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import {
  countRows,
  createSurvey,
  loungeSurveyDefinition,
} from '../../test/support/survey-fixtures.js';

interface TResponseBody {
  id: string;
  surveyVersion: number;
  touchpointId: string | null;
  customerId: string | null;
  channel: string;
  status: string;
  answers: Record<string, unknown>;
  segment: Record<string, unknown>;
  submittedAt: string | null;
}

interface TErrorJson {
  error: { code: string; details?: { field: string; message: string }[] };
}

const GOOD = {
  nps: 9,
  csat: 4,
  exp: { sense: 5, feel: 3 },
  visit: { other: 'Conference' },
  extras: { selected: ['bar'], other: 'Showers' },
  comment: '=SUM(A1:A9) and "quotes", commas',
  contact: true,
};

describeEachDatabase('responses API', (env) => {
  let surveyId: string;
  let tp: Record<string, string>;
  const url = () => `/api/surveys/${surveyId}/responses`;

  beforeAll(async () => {
    tp = await seedTouchpoints(env().storage, env().orgA.id, ['lounge', 'gate', 'spa']);
    for (const [key, type, options] of [
      ['traveller', 'enum', ['business', 'leisure']],
      ['frequent', 'boolean', []],
      ['city', 'string', []],
    ] as const) {
      const res = await env().as('admin', {
        method: 'POST',
        url: '/api/attribute-keys',
        payload: { entity: 'customer', key, label: key, type, options },
      });
      expect(res.statusCode).toBe(201);
    }
    const customer = await env().as('admin', {
      method: 'POST',
      url: '/api/customers',
      payload: {
        externalId: 'C-1',
        attributes: { traveller: 'business', frequent: true, city: 'Zurich' },
      },
    });
    expect(customer.statusCode).toBe(201);
    surveyId = (
      await createSurvey(env(), {
        touchpointIds: [tp['lounge'], tp['gate']],
        definition: loungeSurveyDefinition(),
      })
    ).id;
  });

  it('stores a response with its numeric values, touchpoint and the customer segment', async () => {
    const res = await env().as('admin', {
      method: 'POST',
      url: url(),
      payload: {
        answers: GOOD,
        hidden: { booking: 'BK-1' },
        touchpointKey: 'lounge',
        customerExternalId: 'C-1',
        submittedAt: '2026-03-04T23:30:00.000-02:00',
        language: 'de',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<TResponseBody>();
    expect(body).toMatchObject({
      surveyVersion: 1,
      touchpointId: tp['lounge'],
      channel: 'api',
      status: 'complete',
      submittedAt: '2026-03-05T01:30:00.000Z',
      segment: { traveller: 'business', frequent: true },
    });
    const stored = await env()
      .storage.db.selectFrom('responses')
      .select(['segment_key', 'day', 'language'])
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      segment_key: 'frequent=true;traveller=business',
      day: '2026-03-05',
      language: 'de',
    });
    const values = await env()
      .storage.db.selectFrom('response_values')
      .select(['question_key', 'value', 'day', 'touchpoint_id', 'segment_key'])
      .where('response_id', '=', body.id)
      .orderBy('question_key')
      .execute();
    expect(values.map((v) => [v.question_key, Number(v.value)])).toEqual([
      ['csat', 4],
      ['exp.feel', 3],
      ['exp.sense', 5],
      ['nps', 9],
    ]);
    expect(new Set(values.map((v) => `${v.day}|${v.touchpoint_id}|${v.segment_key}`))).toEqual(
      new Set([`2026-03-05|${tp['lounge']}|frequent=true;traveller=business`]),
    );
    const read = await env().as('agent', { method: 'GET', url: `/api/responses/${body.id}` });
    expect(read.json()).toMatchObject({ answers: GOOD, hidden: { booking: 'BK-1' } });
  });

  it('rejects each bad input naming the field, and stores nothing', async () => {
    const before = await countRows(env(), 'responses', surveyId);
    const valuesBefore = await countRows(env(), 'response_values', surveyId);
    const cases: [Record<string, unknown>, string][] = [
      [{ answers: { ...GOOD, nps: 'nine' } }, 'body.answers.nps'],
      [{ answers: { ...GOOD, nps: 11 } }, 'body.answers.nps'],
      [{ answers: { ...GOOD, exp: { sense: 6, feel: 1 } } }, 'body.answers.exp.sense'],
      [{ answers: { csat: 3 } }, 'body.answers.nps'],
      // `why` is only shown to detractors: a promoter cannot answer it.
      [{ answers: { ...GOOD, why: 'Cold coffee' } }, 'body.answers.why'],
      [{ answers: { ...GOOD, mood: 3 } }, 'body.answers.mood'],
      [{ answers: GOOD, hidden: { seat: '1A' } }, 'body.hidden.seat'],
      [{ answers: GOOD, customerExternalId: 'NOBODY' }, 'body.customerExternalId'],
      [{ answers: GOOD, touchpointKey: 'nowhere' }, 'body.touchpointKey'],
      [{ answers: GOOD, touchpointKey: 'spa' }, 'body.touchpointKey'],
      [{ answers: GOOD, touchpointId: tp['spa'] }, 'body.touchpointId'],
      [{ answers: GOOD, hidden: { touchpoint: 'nowhere' } }, 'body.hidden.touchpoint'],
      [{ answers: GOOD, language: 'fr' }, 'body.language'],
      [
        { answers: GOOD, interactionId: '01900000-0000-7000-8000-000000000000' },
        'body.interactionId',
      ],
      [{ answers: GOOD, submittedAt: '2099-01-01T00:00:00Z' }, 'body.submittedAt'],
      [{ answers: GOOD, channel: 'fax' }, 'body.channel'],
    ];
    for (const [payload, field] of cases) {
      const res = await env().as('admin', { method: 'POST', url: url(), payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      const fields = res.json<TErrorJson>().error.details?.map((d) => d.field);
      expect(fields, JSON.stringify(payload)).toContain(field);
    }
    const unknown = await env().as('admin', {
      method: 'POST',
      url: '/api/surveys/01900000-0000-7000-8000-000000000000/responses',
      payload: { answers: GOOD },
    });
    expect(unknown.statusCode).toBe(404);
    const foreign = await env().as(
      'admin',
      { method: 'POST', url: url(), payload: { answers: GOOD } },
      env().orgB,
    );
    expect(foreign.statusCode).toBe(404);
    const analyst = await env().as('analyst', {
      method: 'POST',
      url: url(),
      payload: { answers: GOOD },
    });
    expect(analyst.statusCode).toBe(403);
    expect(await countRows(env(), 'responses', surveyId)).toBe(before);
    expect(await countRows(env(), 'response_values', surveyId)).toBe(valuesBefore);
  });

  it('answers a replayed idempotency key with the stored response, never a duplicate', async () => {
    const before = await countRows(env(), 'responses', surveyId);
    const payload = { answers: { nps: 3, why: 'Queue' }, idempotencyKey: 'order-778899' };
    const first = await env().as('admin', { method: 'POST', url: url(), payload });
    expect(first.statusCode).toBe(201);
    const again = await env().as('admin', { method: 'POST', url: url(), payload });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replay']).toBe('true');
    expect(again.json<TResponseBody>().id).toBe(first.json<TResponseBody>().id);

    // Concurrent retries through the header race for the key: one is stored.
    const racing = await Promise.all(
      Array.from({ length: 8 }, () =>
        env().as('admin', {
          method: 'POST',
          url: url(),
          headers: { 'idempotency-key': 'header-key-0001' },
          payload: { answers: { nps: 10 } },
        }),
      ),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    expect(new Set(racing.map((r) => r.json<TResponseBody>().id)).size).toBe(1);
    expect(await countRows(env(), 'responses', surveyId)).toBe(before + 2);
  });

  it('stores a batch all or nothing', async () => {
    const before = await countRows(env(), 'responses', surveyId);
    const bad = await env().as('admin', {
      method: 'POST',
      url: `${url()}/batch`,
      payload: {
        responses: [
          { answers: { nps: 10 } },
          { answers: { nps: 8, csat: 9 } },
          { answers: { nps: 7 }, customerExternalId: 'NOBODY' },
        ],
      },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<TErrorJson>().error.details?.map((d) => d.field)).toEqual([
      'body.responses.1.answers.csat',
      'body.responses.2.customerExternalId',
    ]);
    expect(await countRows(env(), 'responses', surveyId)).toBe(before);

    const good = await env().as('admin', {
      method: 'POST',
      url: `${url()}/batch`,
      headers: { 'idempotency-key': 'batch-0001' },
      payload: {
        responses: [
          { answers: { nps: 10 }, touchpointId: tp['gate'] },
          { answers: { nps: 2, why: 'Noise' }, customerExternalId: 'C-1', channel: 'email' },
        ],
      },
    });
    expect(good.statusCode, good.body).toBe(201);
    const outcome = good.json<{ items: TResponseBody[]; created: number; replayed: number }>();
    expect(outcome).toMatchObject({ created: 2, replayed: 0 });
    expect(outcome.items.map((i) => [i.answers['nps'], i.channel])).toEqual([
      [10, 'api'],
      [2, 'email'],
    ]);
    const replay = await env().as('admin', {
      method: 'POST',
      url: `${url()}/batch`,
      headers: { 'idempotency-key': 'batch-0001' },
      payload: { responses: [{ answers: { nps: 10 } }, { answers: { nps: 2, why: 'Noise' } }] },
    });
    expect(replay.json()).toMatchObject({ created: 0, replayed: 2 });
    expect(replay.json<{ items: TResponseBody[] }>().items.map((i) => i.id)).toEqual(
      outcome.items.map((i) => i.id),
    );
    expect(await countRows(env(), 'responses', surveyId)).toBe(before + 2);
  });

  it('stores text exactly as given, whatever quoting it would need in SQL or an array', async () => {
    const texts = [
      'He said "hi" \\ and left {a,b}',
      'NULL',
      '',
      'line one\nline two\ttab, 😀 and \\"',
      "it's (1,2) [3] ${x} $1 ::text[]",
    ];
    const res = await env().as('admin', {
      method: 'POST',
      url: `${url()}/batch`,
      payload: {
        responses: texts.map((comment, i) => ({
          answers: comment === '' ? { nps: i } : { nps: i, comment },
          hidden: { booking: `B-"${i}"\\{}` },
        })),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const ids = res.json<{ items: TResponseBody[] }>().items.map((i) => i.id);
    for (const [i, id] of ids.entries()) {
      const stored = await env().as('analyst', { method: 'GET', url: `/api/responses/${id}` });
      const body = stored.json<TResponseBody & { hidden: Record<string, string> }>();
      const comment = texts[i] ?? '';
      expect(body.answers).toEqual(comment === '' ? { nps: i } : { nps: i, comment });
      expect(body.hidden).toEqual({ booking: `B-"${i}"\\{}` });
    }
  });

  it('lists responses with filters and cursors, only within the organization', async () => {
    const all = await env().as('analyst', {
      method: 'GET',
      url: `/api/responses?surveyId=${surveyId}&status=complete&limit=2`,
    });
    expect(all.statusCode, all.body).toBe(200);
    const first = all.json<{ items: TResponseBody[]; nextCursor: string | null }>();
    expect(first.items).toHaveLength(2);
    const times = first.items.map((i) => i.submittedAt ?? '');
    expect([...times].sort().reverse()).toEqual(times);
    const next = await env().as('analyst', {
      method: 'GET',
      url: `/api/responses?surveyId=${surveyId}&status=complete&limit=2&cursor=${first.nextCursor ?? ''}`,
    });
    const ids = next.json<{ items: TResponseBody[] }>().items.map((i) => i.id);
    expect(ids.some((id) => first.items.some((i) => i.id === id))).toBe(false);

    const byChannel = await env().as('agent', {
      method: 'GET',
      url: `/api/responses?channel=email&touchpointId=${tp['lounge'] ?? ''}`,
    });
    expect(byChannel.json<{ items: TResponseBody[] }>().items).toHaveLength(0);
    const email = await env().as('agent', { method: 'GET', url: '/api/responses?channel=email' });
    expect(email.json<{ items: TResponseBody[] }>().items.map((i) => i.answers['why'])).toEqual([
      'Noise',
    ]);
    const march = await env().as('agent', {
      method: 'GET',
      url: '/api/responses?from=2026-03-05T00:00:00Z&to=2026-03-06T00:00:00Z',
    });
    expect(march.json<{ items: TResponseBody[] }>().items).toHaveLength(1);

    const viewer = await env().as('viewer', { method: 'GET', url: '/api/responses' });
    expect(viewer.statusCode).toBe(403);
    const other = await env().as('owner', { method: 'GET', url: '/api/responses' }, env().orgB);
    expect(other.json<{ items: unknown[] }>().items).toEqual([]);
  });
});
