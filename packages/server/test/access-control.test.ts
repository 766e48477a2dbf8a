/**
 * Walks every route of the API: each role gets exactly what the permission matrix allows, and
 * nothing of organization A can be read or changed with the keys of organization B.
 */
import { ROLES, roleAllows } from '@touchstone/core';
import { expect, it } from 'vitest';
import { describeEachDatabase, type TTestEnv } from './harness.js';

const MISSING_ID = '01900000-0000-7000-8000-000000000000';

/** Creates one row of every resource in org A through the API and returns their ids. */
async function seedOrgA(env: TTestEnv) {
  const post = async (url: string, payload: object) => {
    const res = await env.as('owner', { method: 'POST', url, payload });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json<Record<string, unknown> & { id: string }>();
  };
  const team = await post('/api/teams', { name: 'Secret team' });
  const brand = await post('/api/brands', {
    name: 'Secret brand',
    promise: { sense: 80, feel: 70, think: 40, act: 50, relate: 60 },
  });
  const journey = await post('/api/journeys', {
    name: 'Secret journey',
    brandId: brand.id,
    stages: [{ name: 'Secret stage', phase: 'sales' }],
  });
  const stageId = (journey['stages'] as { id: string }[])[0]?.id ?? '';
  const touchpoint = await post('/api/touchpoints', {
    key: 'secret-touchpoint',
    name: 'Secret touchpoint',
    stageId,
    channel: 'web',
    providerType: 'electronic-media',
    ownerTeamId: team.id,
  });
  const attributeKey = await post('/api/attribute-keys', {
    entity: 'customer',
    key: 'secret_tier',
    label: 'Secret tier',
    type: 'enum',
    options: ['gold'],
  });
  const customer = await post('/api/customers', {
    externalId: 'SECRET-CUSTOMER',
    name: 'Secret Customer',
    email: 'secret@example.com',
    attributes: { secret_tier: 'gold' },
  });
  const interaction = await post('/api/interactions', {
    customerId: customer.id,
    touchpointId: touchpoint.id,
    occurredAt: '2026-01-02T03:04:05.000Z',
    type: 'visit',
  });
  const user = await post('/api/users', {
    email: 'secret.person@example.com',
    name: 'Secret Person',
    role: 'analyst',
    password: 'a long enough password',
  });
  const apiKey = await post('/api/api-keys', { name: 'Secret key', role: 'viewer' });
  const survey = await post('/api/surveys', {
    name: 'Secret survey',
    kind: 'transactional',
    touchpointIds: [touchpoint.id],
    definition: {
      defaultLanguage: 'en',
      languages: ['en'],
      title: { en: 'Secret survey' },
      thankYou: { en: 'Thanks' },
      questions: [{ id: 'nps', type: 'nps', text: { en: 'Recommend?' }, required: true }],
    },
  });
  const live = await env.as('owner', {
    method: 'PATCH',
    url: `/api/surveys/${survey.id}`,
    payload: { status: 'live' },
  });
  if (live.statusCode !== 200) throw new Error(`survey live: ${live.body}`);
  const response = await post(`/api/surveys/${survey.id}/responses`, {
    answers: { nps: 9 },
    touchpointId: touchpoint.id,
    customerExternalId: 'SECRET-CUSTOMER',
  });
  const campaign = await post('/api/campaigns', {
    name: 'Secret campaign',
    surveyId: survey.id,
    audience: { type: 'customers', customerIds: [customer.id] },
    messages: { en: { subject: 'Secret subject' } },
  });
  const widget = await post('/api/widgets', {
    name: 'Secret widget',
    surveys: [{ surveyId: survey.id, triggers: [{ type: 'event', event: 'secret_event' }] }],
  });
  const caseCode = await post('/api/case-codes', { kind: 'root_cause', label: 'Secret code' });
  const kase = await post('/api/cases', { title: 'Secret case', customerId: customer.id });
  const rule = await post('/api/rules', {
    name: 'Secret rule',
    trigger: 'response',
    conditions: [{ kind: 'touchpoint', touchpointIds: [touchpoint.id] }],
    actions: [{ type: 'tag', tags: ['secret'] }],
  });
  const webhook = await post('/api/webhooks', {
    url: 'https://203.0.113.10/secret-hook',
    eventTypes: ['*'],
  });
  return {
    '/api/teams': team.id,
    '/api/brands': brand.id,
    '/api/journeys': journey.id,
    '/api/touchpoints': touchpoint.id,
    '/api/attribute-keys': attributeKey.id,
    '/api/customers': customer.id,
    '/api/interactions': interaction.id,
    '/api/users': user.id,
    '/api/api-keys': apiKey.id,
    '/api/surveys': survey.id,
    '/api/responses': response.id,
    '/api/campaigns': campaign.id,
    '/api/widgets': widget.id,
    '/api/webhooks': webhook.id,
    '/api/rules': rule.id,
    '/api/cases': kase.id,
    '/api/case-codes': caseCode.id,
    key: 'secret-touchpoint',
    externalId: 'SECRET-CUSTOMER',
  };
}

type TSeed = Awaited<ReturnType<typeof seedOrgA>>;

/** The URL of a route with its parameters filled in from org A's rows (or a missing id). */
function fillParams(url: string, seed: TSeed | null): string {
  const collection = url.replace(/\/:id.*$/, '').replace(/\/by-[a-z-]+\/:\w+$/, '');
  return url
    .replace(':id', seed ? (seed[collection as keyof TSeed] ?? MISSING_ID) : MISSING_ID)
    .replace(':key', seed ? seed.key : 'missing-key')
    .replace(':externalId', seed ? seed.externalId : 'MISSING')
    .replace(':version', '1');
}

describeEachDatabase('access control', (env) => {
  it('every API route declares a permission or is explicitly public', () => {
    const routes = env().app.apiRoutes;
    expect(routes.length).toBeGreaterThan(40);
    const publicRoutes = routes.filter((r) => r.permission === null).map((r) => r.url);
    // Sign-in, and the respondent API that respondent pages and the widget call without a key.
    const isPublic = (u: string) => u.startsWith('/api/auth/') || u.startsWith('/api/public/');
    expect(publicRoutes.filter((u) => !isPublic(u))).toEqual([]);
  });

  it('each role gets exactly what the permission matrix allows, on every route', async () => {
    const failures: string[] = [];
    for (const route of env().app.apiRoutes) {
      if (route.permission === null) continue;
      const url = fillParams(route.url, null);
      const anonymous = await env().app.inject({
        method: route.method,
        url,
        ...body(route.method, {}),
      });
      if (anonymous.statusCode !== 401)
        failures.push(`anonymous ${route.method} ${url}: ${anonymous.statusCode}`);
      for (const role of ROLES) {
        const allowed = roleAllows(role, route.permission);
        // Deleting an organization is tested on its own; here it would end the walk.
        if (allowed && route.url === '/api/organization' && route.method === 'DELETE') continue;
        const res = await env().as(
          role,
          { method: route.method, url, ...body(route.method, {}) },
          env().orgB,
        );
        const denied =
          res.statusCode === 403 &&
          res.json<{ error: { code: string } }>().error.code === 'forbidden';
        if (allowed === denied || res.statusCode === 401 || res.statusCode >= 500) {
          failures.push(`${role} ${route.method} ${url}: ${res.statusCode} (allowed: ${allowed})`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('organization B can neither read nor change anything of organization A', async () => {
    const seed = await seedOrgA(env());
    const secrets = Object.values(seed);
    const before = await snapshot(env(), seed);
    const leaks: string[] = [];
    for (const route of env().app.apiRoutes) {
      if (route.permission === null) continue;
      if (route.url === '/api/organization' && route.method === 'DELETE') continue;
      const url = fillParams(route.url, seed);
      const hasParam = url !== route.url;
      // Bodies that would be valid for org A's rows, so a missing tenant check would succeed.
      const payload = route.method === 'PATCH' ? validPatch(route.url) : validPost(route.url);
      const res = await env().as(
        'owner',
        { method: route.method, url, ...body(route.method, payload) },
        env().orgB,
      );
      if (hasParam && res.statusCode !== 404)
        leaks.push(`${route.method} ${url}: ${res.statusCode}`);
      // A 404 may echo the id it was asked for; anything else of org A must not appear.
      const leaked = secrets.filter((s) => res.body.includes(s) && !url.includes(s));
      if (leaked.length > 0) leaks.push(`${route.method} ${url} shows ${leaked.join(', ')}`);
    }
    expect(leaks).toEqual([]);
    expect(await snapshot(env(), seed)).toEqual(before);
  });
});

describeEachDatabase('empty changes', (env) => {
  it('every PATCH with an empty body answers the resource and changes none of its fields', async () => {
    const seed = await seedOrgA(env());
    // `updatedAt` records the request: the only field an empty change may move.
    const fields = async () =>
      JSON.stringify(await snapshot(env(), seed), (key, value: unknown) =>
        key === 'updatedAt' ? undefined : value,
      );
    const before = await fields();
    const failures: string[] = [];
    for (const route of env().app.apiRoutes) {
      if (route.method !== 'PATCH' || route.permission === null) continue;
      const url = fillParams(route.url, seed);
      const res = await env().as('owner', { method: 'PATCH', url, payload: {} });
      // 200 with the resource unchanged, 404 where the seed holds no such resource, or 422
      // where the body must name a field (a status change); never a server error.
      const required = res.statusCode === 422 && res.body.includes('"field":"body.');
      const ok = res.statusCode === (url.includes(MISSING_ID) ? 404 : 200) || required;
      if (!ok) failures.push(`PATCH ${url}: ${res.statusCode} ${res.body}`);
    }
    expect(failures).toEqual([]);
    expect(await fields()).toEqual(before);
  });
});

/** A JSON body for methods that carry one. */
function body(method: string, payload: object): { payload?: object } {
  return method === 'POST' || method === 'PATCH' || method === 'PUT' ? { payload } : {};
}

/** Sample PATCH bodies that are valid for the resource under each route. */
function validPatch(url: string): object {
  if (url.startsWith('/api/users')) return { role: 'viewer' };
  if (url.startsWith('/api/attribute-keys')) return { label: 'Changed' };
  if (url.startsWith('/api/customers')) return { name: 'Changed' };
  if (url.startsWith('/api/interactions')) return { type: 'changed' };
  if (url.startsWith('/api/alerts')) return { status: 'acknowledged' };
  if (url.startsWith('/api/webhooks')) return { description: 'Changed' };
  if (url.startsWith('/api/cases')) return { priority: 'urgent' };
  if (url.startsWith('/api/case-codes')) return { label: 'Changed' };
  return { name: 'Changed' };
}

/** Sample POST bodies for routes under a row that need one to reach the row. */
function validPost(url: string): object {
  if (url === '/api/cases/:id/notes') return { body: 'Changed' };
  if (url === '/api/cases/:id/messages') return { template: 'apology' };
  return {};
}

/** Org A's rows as org A's owner sees them. */
async function snapshot(env: TTestEnv, seed: TSeed) {
  const views: Record<string, unknown> = {};
  for (const [collection, id] of Object.entries(seed)) {
    if (!collection.startsWith('/api/')) continue;
    const res = await env.as('owner', { method: 'GET', url: `${collection}/${id}` });
    views[collection] = { status: res.statusCode, body: res.json<unknown>() };
  }
  return views;
}
