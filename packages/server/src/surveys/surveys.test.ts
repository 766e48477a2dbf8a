import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import {
  countRows,
  createSurvey,
  loungeSurveyDefinition,
  npsOnlyDefinition,
} from '../../test/support/survey-fixtures.js';

interface TSurveyBody {
  id: string;
  name: string;
  slug: string;
  status: string;
  version: number;
  touchpointIds: string[];
  responseCount: number;
  definition: { questions: { id: string }[] };
}

describeEachDatabase('surveys', (env) => {
  let tp: Record<string, string>;
  let foreignTp: Record<string, string>;

  beforeAll(async () => {
    tp = await seedTouchpoints(env().storage, env().orgA.id, ['lounge', 'gate']);
    foreignTp = await seedTouchpoints(env().storage, env().orgB.id, ['lounge']);
  });

  it('creates a draft with a random slug, reads, lists, renames and deletes it', async () => {
    const created = await env().as('admin', {
      method: 'POST',
      url: '/api/surveys',
      payload: {
        name: 'Lounge pulse',
        kind: 'transactional',
        touchpointIds: [tp['lounge']],
        definition: loungeSurveyDefinition(),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const survey = created.json<TSurveyBody>();
    expect(survey).toMatchObject({
      name: 'Lounge pulse',
      status: 'draft',
      version: 1,
      responseCount: 0,
      touchpointIds: [tp['lounge']],
    });
    expect(survey.slug).toMatch(/^[a-z0-9]{10}$/);
    // Defaults of the contract are stored with the definition.
    expect(survey.definition.questions.map((q) => q.id)).toEqual([
      'nps',
      'why',
      'csat',
      'exp',
      'visit',
      'extras',
      'comment',
      'contact',
    ]);

    const read = await env().as('viewer', { method: 'GET', url: `/api/surveys/${survey.id}` });
    expect(read.json<TSurveyBody>()).toEqual(survey);

    const byTouchpoint = await env().as('viewer', {
      method: 'GET',
      url: `/api/surveys?touchpointId=${tp['lounge'] ?? ''}&status=draft`,
    });
    expect(byTouchpoint.json<{ items: TSurveyBody[] }>().items.map((s) => s.id)).toEqual([
      survey.id,
    ]);

    const renamed = await env().as('admin', {
      method: 'PATCH',
      url: `/api/surveys/${survey.id}`,
      payload: { name: 'Lounge pulse 2', slug: 'lounge-pulse' },
    });
    expect(renamed.json()).toMatchObject({ name: 'Lounge pulse 2', slug: 'lounge-pulse' });

    const deleted = await env().as('admin', { method: 'DELETE', url: `/api/surveys/${survey.id}` });
    expect(deleted.statusCode).toBe(204);
    const gone = await env().as('admin', { method: 'GET', url: `/api/surveys/${survey.id}` });
    expect(gone.statusCode).toBe(404);
  });

  it('names the field of a bad definition, foreign touchpoint, taken slug and bad status', async () => {
    const duplicateIds = await env().as('admin', {
      method: 'POST',
      url: '/api/surveys',
      payload: {
        name: 'Broken',
        definition: {
          ...npsOnlyDefinition(),
          questions: [
            { id: 'nps', type: 'nps', text: { en: 'One' } },
            { id: 'nps', type: 'csat', text: { en: 'Two' } },
          ],
        },
      },
    });
    expect(duplicateIds.statusCode).toBe(422);
    expect(duplicateIds.json()).toMatchObject({
      error: { code: 'validation_failed', details: [{ field: 'body.definition.questions.1.id' }] },
    });

    const wrongType = await env().as('admin', {
      method: 'POST',
      url: '/api/surveys',
      payload: { name: 'Broken', definition: { ...npsOnlyDefinition(), questions: 'nps' } },
    });
    expect(wrongType.statusCode).toBe(422);
    expect(
      wrongType.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field,
    ).toMatch(/^body\.definition\.questions/);

    const foreign = await env().as('admin', {
      method: 'POST',
      url: '/api/surveys',
      payload: {
        name: 'Foreign',
        touchpointIds: [tp['gate'], foreignTp['lounge']],
        definition: npsOnlyDefinition(),
      },
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json()).toMatchObject({
      error: { details: [{ field: 'body.touchpointIds.1' }] },
    });

    await createSurvey(env(), { slug: 'taken-slug', definition: npsOnlyDefinition() });
    // Slugs are unique across the installation, not only the organization.
    const taken = await env().as(
      'admin',
      {
        method: 'POST',
        url: '/api/surveys',
        payload: { name: 'Other org', slug: 'taken-slug', definition: npsOnlyDefinition() },
      },
      env().orgB,
    );
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({
      error: { code: 'conflict', details: [{ field: 'body.slug' }] },
    });

    const draft = await createSurvey(env(), { definition: npsOnlyDefinition() }, { live: false });
    const toClosed = await env().as('admin', {
      method: 'PATCH',
      url: `/api/surveys/${draft.id}`,
      payload: { status: 'closed' },
    });
    expect(toClosed.statusCode).toBe(422);
    expect(toClosed.json()).toMatchObject({ error: { details: [{ field: 'body.status' }] } });
    const viewer = await env().as('viewer', {
      method: 'POST',
      url: '/api/surveys',
      payload: { name: 'No', definition: npsOnlyDefinition() },
    });
    expect(viewer.statusCode).toBe(403);
  });

  it('replaces the version in place until it has responses, then makes version 2', async () => {
    const survey = await createSurvey(env(), { definition: npsOnlyDefinition() });
    const withComment = {
      ...npsOnlyDefinition(),
      questions: [
        ...npsOnlyDefinition().questions,
        { id: 'comment', type: 'text', text: { en: 'Why?' } },
      ],
    };
    const inPlace = await env().as('admin', {
      method: 'PATCH',
      url: `/api/surveys/${survey.id}`,
      payload: { definition: withComment },
    });
    expect(inPlace.json()).toMatchObject({ version: 1 });

    const answered = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${survey.id}/responses`,
      payload: { answers: { nps: 9, comment: 'Fine' } },
    });
    expect(answered.statusCode, answered.body).toBe(201);
    expect(answered.json()).toMatchObject({ surveyVersion: 1 });

    const renamedQuestion = {
      ...npsOnlyDefinition(),
      questions: [{ id: 'ltr', type: 'nps', required: true, text: { en: 'Recommend?' } }],
    };
    const v2 = await env().as('admin', {
      method: 'PATCH',
      url: `/api/surveys/${survey.id}`,
      payload: { definition: renamedQuestion },
    });
    expect(v2.json()).toMatchObject({ version: 2, responseCount: 1 });

    const versions = await env().as('viewer', {
      method: 'GET',
      url: `/api/surveys/${survey.id}/versions`,
    });
    const items = versions.json<{
      items: { version: number; definition: TSurveyBody['definition'] }[];
    }>().items;
    expect(items.map((v) => [v.version, v.definition.questions.map((q) => q.id)])).toEqual([
      [1, ['nps', 'comment']],
      [2, ['ltr']],
    ]);
    const v1 = await env().as('viewer', {
      method: 'GET',
      url: `/api/surveys/${survey.id}/versions/1`,
    });
    expect(v1.json()).toMatchObject({ version: 1 });
    const v9 = await env().as('viewer', {
      method: 'GET',
      url: `/api/surveys/${survey.id}/versions/9`,
    });
    expect(v9.statusCode).toBe(404);

    // A new response pins version 2 and is checked against it; the first keeps version 1.
    const oldAnswer = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${survey.id}/responses`,
      payload: { answers: { nps: 9 } },
    });
    expect(oldAnswer.statusCode).toBe(422);
    expect(oldAnswer.json<{ error: { details: unknown[] } }>().error.details).toEqual([
      { field: 'body.answers.nps', message: 'unknown question nps' },
      { field: 'body.answers.ltr', message: 'question ltr is required' },
    ]);
    const second = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${survey.id}/responses`,
      payload: { answers: { ltr: 3 } },
    });
    expect(second.json()).toMatchObject({ surveyVersion: 2 });
    const first = await env().as('analyst', {
      method: 'GET',
      url: `/api/responses/${answered.json<{ id: string }>().id}`,
    });
    expect(first.json()).toMatchObject({ surveyVersion: 1, answers: { nps: 9, comment: 'Fine' } });

    // A survey with responses is closed, not deleted.
    const refused = await env().as('admin', { method: 'DELETE', url: `/api/surveys/${survey.id}` });
    expect(refused.statusCode).toBe(409);
    expect(await countRows(env(), 'responses', survey.id)).toBe(2);
    const closed = await env().as('admin', {
      method: 'PATCH',
      url: `/api/surveys/${survey.id}`,
      payload: { status: 'closed' },
    });
    expect(closed.json()).toMatchObject({ status: 'closed' });
    const late = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${survey.id}/responses`,
      payload: { answers: { ltr: 10 } },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: { details: [{ field: 'survey.status' }] } });
    const reopened = await env().as('admin', {
      method: 'PATCH',
      url: `/api/surveys/${survey.id}`,
      payload: { status: 'live' },
    });
    expect(reopened.json()).toMatchObject({ status: 'live' });
  });

  it('keeps organizations apart', async () => {
    const survey = await createSurvey(env(), { definition: npsOnlyDefinition() });
    const other = await env().as(
      'owner',
      { method: 'GET', url: `/api/surveys/${survey.id}` },
      env().orgB,
    );
    expect(other.statusCode).toBe(404);
    const list = await env().as('owner', { method: 'GET', url: '/api/surveys' }, env().orgB);
    expect(list.json<{ items: TSurveyBody[] }>().items.map((s) => s.id)).not.toContain(survey.id);
  });
  it('counts complete, partial, completed-later and imported responses as a recount of the rows', async () => {
    const survey = await createSurvey(env(), {
      name: 'Counted',
      kind: 'transactional',
      touchpointIds: [tp['lounge']],
      definition: loungeSurveyDefinition(),
    });
    const other = await createSurvey(env(), {
      name: 'Not counted here',
      kind: 'transactional',
      touchpointIds: [tp['gate']],
      definition: npsOnlyDefinition(),
    });
    const count = async () => {
      const one = await env().as('viewer', { method: 'GET', url: `/api/surveys/${survey.id}` });
      const list = await env().as('viewer', { method: 'GET', url: '/api/surveys?limit=100' });
      const listed = list.json<{ items: TSurveyBody[] }>().items.find((s) => s.id === survey.id);
      expect(listed?.responseCount).toBe(one.json<TSurveyBody>().responseCount);
      return one.json<TSurveyBody>().responseCount;
    };
    const submit = (url: string, payload: Record<string, unknown>, method = 'POST') =>
      env().app.inject({ method, url, payload, remoteAddress: '10.9.0.1' });
    expect(await count()).toBe(0);

    // Three complete (API key route), one to the other survey.
    for (const nps of [9, 3, 7]) {
      const res = await env().as('admin', {
        method: 'POST',
        url: `/api/surveys/${survey.id}/responses`,
        payload: { answers: { nps }, touchpointKey: 'lounge' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const elsewhere = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${other.id}/responses`,
      payload: { answers: { nps: 10 } },
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    expect(await count()).toBe(3);

    // Two started by respondents and saved part-way: counted while partial; one then completes.
    const tokens: string[] = [];
    for (const nps of [5, 8]) {
      const res = await submit(`/api/public/surveys/${survey.slug}/responses`, {
        answers: { nps },
        complete: false,
      });
      expect(res.statusCode, res.body).toBe(201);
      tokens.push(res.json<{ resumeToken: string }>().resumeToken);
    }
    expect(await count()).toBe(5);
    const done = await submit(`/api/public/responses/${tokens[0]}`, { answers: { nps: 5 } }, 'PUT');
    expect(done.statusCode, done.body).toBe(200);
    expect(await count()).toBe(5);

    // Two imported, one refused.
    const imported = await env().as('admin', {
      method: 'POST',
      url: `/api/surveys/${survey.id}/responses/import`,
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ['{"answers":{"nps":1}}', '{"answers":{"nps":12}}', '{"answers":{"nps":10}}'].join(
        '\n',
      ),
    });
    expect(imported.json()).toMatchObject({ created: 2, failed: 1 });
    expect(await count()).toBe(7);
    expect(await countRows(env(), 'responses', survey.id)).toBe(7);
  });
});
