import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase, type TTestEnv } from '../../test/harness.js';
import { parseTrustProxy } from '../config.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import {
  countRows,
  createSurvey,
  loungeSurveyDefinition,
  npsOnlyDefinition,
} from '../../test/support/survey-fixtures.js';

interface TSubmitResult {
  id: string;
  status: string;
  resumeToken: string | null;
  thankYou: string | null;
}

/** The answers of the lounge survey that are numbers (matrix items by id). */
interface TNumericAnswers {
  nps?: unknown;
  csat?: unknown;
  exp?: Record<string, unknown>;
}

let ipCounter = 0;
/** Each test speaks from its own address, so the per-IP limit of one test never hits another. */
function freshIp(): string {
  ipCounter++;
  return `10.0.${Math.floor(ipCounter / 250)}.${ipCounter % 250}`;
}

function publicRequest(env: TTestEnv, ip: string, options: Record<string, unknown>) {
  return env.app.inject({ remoteAddress: ip, ...options });
}

describeEachDatabase(
  'public respondent endpoints',
  (env) => {
    let slug: string;
    let surveyId: string;
    let tp: Record<string, string>;

    beforeAll(async () => {
      tp = await seedTouchpoints(env().storage, env().orgA.id, ['lounge']);
      const brand = await env().as('admin', {
        method: 'POST',
        url: '/api/brands',
        payload: {
          name: 'Aurora',
          promise: { sense: 80, feel: 70, think: 40, act: 50, relate: 60 },
          styleGuide: {
            colors: {
              primary: '#112233',
              secondary: '#445566',
              accent: '#778899',
              background: '#ffffff',
              text: '#000000',
            },
            logoUrl: null,
            fonts: { heading: 'Georgia', body: 'Verdana' },
            toneWords: ['warm'],
          },
        },
      });
      expect(brand.statusCode).toBe(201);
      const survey = await createSurvey(env(), {
        brandId: brand.json<{ id: string }>().id,
        touchpointIds: [tp['lounge']],
        definition: loungeSurveyDefinition(),
      });
      slug = survey.slug;
      surveyId = survey.id;
    });

    it('serves the live survey with its brand style in the best language; 404 draft, 410 closed', async () => {
      const ip = freshIp();
      const res = await publicRequest(env(), ip, {
        method: 'GET',
        url: `/api/public/surveys/${slug}`,
        headers: { 'accept-language': 'fr-CH, de;q=0.8, en;q=0.5' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        slug,
        version: 1,
        language: 'de',
        style: { colors: { primary: '#112233' }, fonts: { body: 'Verdana' } },
        definition: { title: { en: 'Your lounge visit' } },
      });
      const asked = await publicRequest(env(), ip, {
        method: 'GET',
        url: `/api/public/surveys/${slug}?lang=en`,
      });
      expect(asked.json()).toMatchObject({ language: 'en' });

      const unknown = await publicRequest(env(), ip, {
        method: 'GET',
        url: '/api/public/surveys/nope-nope',
      });
      expect(unknown.statusCode).toBe(404);
      const draft = await createSurvey(env(), { definition: npsOnlyDefinition() }, { live: false });
      const hidden = await publicRequest(env(), ip, {
        method: 'GET',
        url: `/api/public/surveys/${draft.slug}`,
      });
      expect(hidden.statusCode).toBe(404);
      const closed = await createSurvey(env(), { definition: npsOnlyDefinition() });
      await env().as('admin', {
        method: 'PATCH',
        url: `/api/surveys/${closed.id}`,
        payload: { status: 'closed' },
      });
      const gone = await publicRequest(env(), ip, {
        method: 'GET',
        url: `/api/public/surveys/${closed.slug}`,
      });
      expect(gone.statusCode).toBe(410);
      expect(gone.json()).toMatchObject({ error: { code: 'gone' } });
      const late = await publicRequest(env(), ip, {
        method: 'POST',
        url: `/api/public/surveys/${closed.slug}/responses`,
        payload: { answers: { nps: 5 } },
      });
      expect(late.statusCode).toBe(410);
      expect(await countRows(env(), 'responses', closed.id)).toBe(0);
    });

    it('takes a complete response with hidden fields from the link', async () => {
      const res = await publicRequest(env(), freshIp(), {
        method: 'POST',
        url: `/api/public/surveys/${slug}/responses?booking=BK-9&channel=qr&lang=de`,
        payload: { answers: { nps: 10, visit: 'leisure' } },
      });
      expect(res.statusCode, res.body).toBe(201);
      const result = res.json<TSubmitResult>();
      expect(result).toMatchObject({ status: 'complete', resumeToken: null, thankYou: 'Danke!' });
      const stored = await env().as('analyst', {
        method: 'GET',
        url: `/api/responses/${result.id}`,
      });
      expect(stored.json()).toMatchObject({
        channel: 'qr',
        language: 'de',
        hidden: { booking: 'BK-9' },
        touchpointId: tp['lounge'],
        answers: { nps: 10, visit: 'leisure' },
      });
    });

    it('saves part-way, reads back, continues, completes, and then refuses changes', async () => {
      const ip = freshIp();
      const start = await publicRequest(env(), ip, {
        method: 'POST',
        url: `/api/public/surveys/${slug}/responses`,
        payload: { answers: { nps: 4 }, complete: false, channel: 'widget' },
      });
      expect(start.statusCode, start.body).toBe(201);
      const started = start.json<TSubmitResult>();
      expect(started.status).toBe('partial');
      const token = started.resumeToken ?? '';
      expect(token.length).toBeGreaterThan(30);
      const stored = await env()
        .storage.db.selectFrom('responses')
        .select(['resume_token_hash', 'status'])
        .where('id', '=', started.id)
        .executeTakeFirstOrThrow();
      expect(stored.resume_token_hash).not.toBe(token);
      expect(stored.resume_token_hash).toMatch(/^[0-9a-f]{64}$/);
      // The survey's numeric answers are those of its complete responses only: counted here from
      // the raw answers each response row keeps (nps, csat and the matrix items of this survey
      // are its numeric questions), not through response_values, which should leave out the nps
      // of the partial response just saved.
      const rows = await env()
        .storage.db.selectFrom('responses')
        .select(['id', 'status', 'answers_json'])
        .where('survey_id', '=', surveyId)
        .execute();
      expect(rows.find((row) => row.id === started.id)?.status).toBe('partial');
      const numericAnswers = rows
        .filter((row) => row.status === 'complete')
        .map((row) => JSON.parse(row.answers_json) as TNumericAnswers)
        .flatMap((answers) => [answers.nps, answers.csat, ...Object.values(answers.exp ?? {})])
        .filter((value) => typeof value === 'number');
      expect(await countRows(env(), 'response_values', surveyId)).toBe(numericAnswers.length);
      const valuesOfPartial = await env()
        .storage.db.selectFrom('response_values')
        .select('question_key')
        .where('response_id', '=', started.id)
        .execute();
      expect(valuesOfPartial).toEqual([]);

      const read = await publicRequest(env(), ip, {
        method: 'GET',
        url: `/api/public/responses/${token}`,
      });
      expect(read.json()).toMatchObject({
        id: started.id,
        status: 'partial',
        answers: { nps: 4 },
        survey: { slug, version: 1 },
      });

      // Continuing replaces the answers so far; a wrong one is refused and changes nothing.
      const wrong = await publicRequest(env(), ip, {
        method: 'PUT',
        url: `/api/public/responses/${token}`,
        payload: { answers: { nps: 4, csat: 8 }, complete: false },
      });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json()).toMatchObject({ error: { details: [{ field: 'body.answers.csat' }] } });
      const more = await publicRequest(env(), ip, {
        method: 'PUT',
        url: `/api/public/responses/${token}`,
        payload: { answers: { nps: 4, why: 'Too loud' }, complete: false },
      });
      expect(more.json()).toMatchObject({ status: 'partial', resumeToken: token });
      const done = await publicRequest(env(), ip, {
        method: 'PUT',
        url: `/api/public/responses/${token}`,
        payload: { answers: { nps: 4, why: 'Too loud', csat: 2 } },
      });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({
        status: 'complete',
        resumeToken: null,
        thankYou: 'Thank you!',
      });
      const values = await env()
        .storage.db.selectFrom('response_values')
        .select(['question_key', 'value'])
        .where('response_id', '=', started.id)
        .orderBy('question_key')
        .execute();
      expect(values.map((v) => [v.question_key, Number(v.value)])).toEqual([
        ['csat', 2],
        ['nps', 4],
      ]);
      const after = await publicRequest(env(), ip, {
        method: 'PUT',
        url: `/api/public/responses/${token}`,
        payload: { answers: { nps: 10 } },
      });
      expect(after.statusCode).toBe(409);
      const final = await env().as('analyst', {
        method: 'GET',
        url: `/api/responses/${started.id}`,
      });
      expect(final.json()).toMatchObject({
        status: 'complete',
        channel: 'widget',
        answers: { nps: 4, csat: 2 },
      });
      const missing = await publicRequest(env(), ip, {
        method: 'GET',
        url: '/api/public/responses/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      });
      expect(missing.statusCode).toBe(404);
    });

    it('refuses an incomplete submission, an oversized body and an unknown invitation', async () => {
      const ip = freshIp();
      const before = await countRows(env(), 'responses', surveyId);
      const missing = await publicRequest(env(), ip, {
        method: 'POST',
        url: `/api/public/surveys/${slug}/responses`,
        payload: { answers: { csat: 3 } },
      });
      expect(missing.statusCode).toBe(422);
      expect(missing.json()).toMatchObject({ error: { details: [{ field: 'body.answers.nps' }] } });
      const huge = await publicRequest(env(), ip, {
        method: 'POST',
        url: `/api/public/surveys/${slug}/responses`,
        payload: { answers: { nps: 9, comment: 'x'.repeat(70 * 1024) } },
      });
      expect(huge.statusCode).toBe(413);
      expect(huge.json()).toMatchObject({ error: { code: 'payload_too_large' } });
      const invited = await publicRequest(env(), ip, {
        method: 'POST',
        url: `/api/public/surveys/${slug}/responses`,
        payload: { answers: { nps: 9 }, invitation: 'not-a-real-invitation-token' },
      });
      expect(invited.statusCode).toBe(422);
      expect(invited.json()).toMatchObject({ error: { details: [{ field: 'body.invitation' }] } });
      expect(await countRows(env(), 'responses', surveyId)).toBe(before);
    });

    it('limits a flood from one address to 60 submissions a minute', async () => {
      const ip = freshIp();
      const before = await countRows(env(), 'responses', surveyId);
      const statuses: number[] = [];
      for (let i = 0; i < 62; i++) {
        const res = await publicRequest(env(), ip, {
          method: 'POST',
          url: `/api/public/surveys/${slug}/responses`,
          payload: { answers: { nps: 8 } },
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) {
          expect(res.json()).toMatchObject({ error: { code: 'rate_limited' } });
        }
      }
      expect(statuses.filter((s) => s === 201)).toHaveLength(60);
      expect(statuses.slice(60)).toEqual([429, 429]);
      expect(await countRows(env(), 'responses', surveyId)).toBe(before + 60);
      // Another address is not affected.
      const other = await publicRequest(env(), freshIp(), {
        method: 'POST',
        url: `/api/public/surveys/${slug}/responses`,
        payload: { answers: { nps: 8 } },
      });
      expect(other.statusCode).toBe(201);
    });
  },
  // A low limit keeps the flood short; the default is 300.
  { publicRateLimit: 60 },
);

describeEachDatabase(
  'public respondent endpoints, per-survey limit',
  (env) => {
    it('limits submissions to one survey across addresses', async () => {
      const busy = await createSurvey(env(), { definition: npsOnlyDefinition() });
      const calm = await createSurvey(env(), { definition: npsOnlyDefinition() });
      const post = (slug: string) =>
        publicRequest(env(), freshIp(), {
          method: 'POST',
          url: `/api/public/surveys/${slug}/responses`,
          payload: { answers: { nps: 7 } },
        });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await post(busy.slug)).statusCode);
      expect(statuses).toEqual([201, 201, 201, 429]);
      expect((await post(calm.slug)).statusCode).toBe(201);
      expect(await countRows(env(), 'responses', busy.id)).toBe(3);
    });
  },
  { surveyRateLimit: 3 },
);

describeEachDatabase(
  'public respondent endpoints behind a reverse proxy',
  (env) => {
    it('counts each client by X-Forwarded-For when the proxy is trusted', async () => {
      const survey = await createSurvey(env(), { definition: npsOnlyDefinition() });
      const proxy = freshIp();
      const post = (client: string) =>
        publicRequest(env(), proxy, {
          method: 'POST',
          url: `/api/public/surveys/${survey.slug}/responses`,
          headers: { 'x-forwarded-for': client },
          payload: { answers: { nps: 9 } },
        });
      const first = [];
      for (let i = 0; i < 3; i++) first.push((await post('198.51.100.7')).statusCode);
      expect(first).toEqual([201, 201, 429]);
      // Another respondent behind the same proxy has their own allowance.
      expect((await post('198.51.100.8')).statusCode).toBe(201);
    });
  },
  { publicRateLimit: 2, trustProxy: true },
);

describe('TRUST_PROXY', () => {
  it('reads off, on, a hop count or a list of addresses', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.1, 192.168.0.0/16')).toEqual(['10.0.0.1', '192.168.0.0/16']);
  });
});
