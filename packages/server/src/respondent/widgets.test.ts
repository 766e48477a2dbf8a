/** Widget configuration: admin CRUD with checks, the public configuration, and CORS. */
import { expect, it } from 'vitest';
import { describeEachDatabase, type TTestEnv } from '../../test/harness.js';

const DEFINITION = {
  defaultLanguage: 'en',
  languages: ['en'],
  title: { en: 'Checkout' },
  thankYou: { en: 'Thanks' },
  questions: [{ id: 'ces', type: 'ces', text: { en: 'Checking out was easy.' } }],
};

async function survey(env: TTestEnv, slug: string, live: boolean) {
  const res = await env.as('owner', {
    method: 'POST',
    url: '/api/surveys',
    payload: { name: slug, slug, definition: DEFINITION },
  });
  const { id } = res.json<{ id: string }>();
  if (live) {
    await env.as('owner', {
      method: 'PATCH',
      url: `/api/surveys/${id}`,
      payload: { status: 'live' },
    });
  }
  return id;
}

const checkout = { type: 'event', event: 'checkout_completed' } as const;

describeEachDatabase('web widgets', (env) => {
  it('creates a widget whose public key serves its live surveys in order', async () => {
    const live = await survey(env(), 'widget-live', true);
    const draft = await survey(env(), 'widget-draft', false);
    const res = await env().as('admin', {
      method: 'POST',
      url: '/api/widgets',
      payload: {
        name: 'Shop',
        surveys: [
          {
            surveyId: live,
            triggers: [checkout, { type: 'timeOnPage', seconds: 30, urlPattern: '/help*' }],
            samplingPercent: 25,
          },
          { surveyId: draft, triggers: [{ type: 'pageView' }], oncePerDays: 0 },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    const widget = res.json<{ id: string; publicKey: string; surveys: unknown[] }>();
    expect(widget.publicKey).toMatch(/^wk_[\w-]{24}$/);
    expect(widget.surveys).toEqual([
      {
        surveyId: live,
        triggers: [checkout, { type: 'timeOnPage', seconds: 30, urlPattern: '/help*' }],
        samplingPercent: 25,
        oncePerDays: 30,
      },
      { surveyId: draft, triggers: [{ type: 'pageView' }], samplingPercent: 100, oncePerDays: 0 },
    ]);

    const config = await env().app.inject({
      method: 'GET',
      url: `/api/public/widget/${widget.publicKey}/config`,
      headers: { origin: 'https://shop.example.com' },
    });
    expect(config.statusCode).toBe(200);
    expect(config.headers['access-control-allow-origin']).toBe('*');
    // The draft survey is not offered until it is live.
    expect(config.json()).toEqual({
      surveys: [
        {
          slug: 'widget-live',
          triggers: [checkout, { type: 'timeOnPage', seconds: 30, urlPattern: '/help*' }],
          samplingPercent: 25,
          oncePerDays: 30,
        },
      ],
    });

    const disabled = await env().as('admin', {
      method: 'PATCH',
      url: `/api/widgets/${widget.id}`,
      payload: { enabled: false },
    });
    expect(disabled.json()).toMatchObject({ enabled: false, name: 'Shop' });
    const gone = await env().app.inject({
      method: 'GET',
      url: `/api/public/widget/${widget.publicKey}/config`,
    });
    expect(gone.statusCode).toBe(404);
  });

  it('names the field of a bad survey list and stores nothing', async () => {
    const live = await survey(env(), 'widget-checks', true);
    const otherOrg = await env().as(
      'owner',
      {
        method: 'POST',
        url: '/api/surveys',
        payload: { name: 'B', slug: 'widget-org-b', definition: DEFINITION },
      },
      env().orgB,
    );
    const before = await env().as('admin', { method: 'GET', url: '/api/widgets' });
    const foreign = await env().as('admin', {
      method: 'POST',
      url: '/api/widgets',
      payload: {
        name: 'Bad',
        surveys: [
          { surveyId: live, triggers: [checkout] },
          { surveyId: otherOrg.json<{ id: string }>().id, triggers: [checkout] },
        ],
      },
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json()).toMatchObject({
      error: { details: [{ field: 'body.surveys.1.surveyId' }] },
    });
    const twice = await env().as('admin', {
      method: 'POST',
      url: '/api/widgets',
      payload: {
        name: 'Bad',
        surveys: [
          { surveyId: live, triggers: [checkout] },
          { surveyId: live, triggers: [checkout] },
        ],
      },
    });
    expect(twice.json()).toMatchObject({
      error: { details: [{ field: 'body.surveys.1.surveyId' }] },
    });
    const badTrigger = await env().as('admin', {
      method: 'POST',
      url: '/api/widgets',
      payload: {
        name: 'Bad',
        surveys: [{ surveyId: live, triggers: [{ type: 'event', event: 'no spaces' }] }],
      },
    });
    expect(badTrigger.statusCode).toBe(422);
    expect(badTrigger.body).toContain('body.surveys.0.triggers.0.event');
    expect((await env().as('admin', { method: 'GET', url: '/api/widgets' })).json()).toEqual(
      before.json(),
    );
  });

  it('is managed by admins, read by every role, and deleted with its surveys', async () => {
    const live = await survey(env(), 'widget-roles', true);
    const denied = await env().as('analyst', {
      method: 'POST',
      url: '/api/widgets',
      payload: { name: 'No' },
    });
    expect(denied.statusCode).toBe(403);
    const made = await env().as('owner', {
      method: 'POST',
      url: '/api/widgets',
      payload: { name: 'App', surveys: [{ surveyId: live, triggers: [checkout] }] },
    });
    const { id, publicKey } = made.json<{ id: string; publicKey: string }>();
    const read = await env().as('viewer', { method: 'GET', url: `/api/widgets/${id}` });
    expect(read.json()).toMatchObject({ id, name: 'App', enabled: true });
    expect(
      (await env().as('owner', { method: 'GET', url: `/api/widgets/${id}` }, env().orgB))
        .statusCode,
    ).toBe(404);
    expect(
      (await env().as('owner', { method: 'DELETE', url: `/api/widgets/${id}` })).statusCode,
    ).toBe(204);
    expect((await env().as('owner', { method: 'GET', url: `/api/widgets/${id}` })).statusCode).toBe(
      404,
    );
    const config = await env().app.inject({
      method: 'GET',
      url: `/api/public/widget/${publicKey}/config`,
    });
    expect(config.statusCode).toBe(404);
  });

  it('answers CORS preflights on the public API only', async () => {
    const preflight = await env().app.inject({
      method: 'OPTIONS',
      url: '/api/public/surveys/widget-live/responses',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-methods']).toBe('GET, POST, PUT');
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type');
    const privateApi = await env().as('owner', {
      method: 'GET',
      url: '/api/widgets',
      headers: { origin: 'https://shop.example.com' },
    });
    expect(privateApi.headers['access-control-allow-origin']).toBeUndefined();
  });
});
