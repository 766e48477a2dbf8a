/**
 * Exporting and erasing a customer: the export holds everything about them; on erasure interactions go, responses are anonymised (scores kept, rollups unchanged)
 * or deleted (rollups rebuilt), the analysis of their comments is purged, and the audit log says
 * what was done without any of the personal data.
 */
import { beforeAll, expect, it } from 'vitest';
import { rebuildOrganizationRollups } from '../analytics/rollup-rebuild.js';
import { describeEachDatabase } from '../../test/harness.js';
import { rollupSnapshot } from '../../test/rollup-snapshot.js';
import {
  commentResponse,
  createCommentSurvey,
  writeCommentResponses,
} from '../../test/support/comment-fixtures.js';
import { seedTouchpoints } from '../../test/support/touchpoint-fixtures.js';
import { withoutFreeText } from './customer-erasure.js';

describeEachDatabase('customer erasure', (env) => {
  const customers: Record<string, string> = {};
  const responses: Record<string, string[]> = {};

  beforeAll(async () => {
    const surveyId = await createCommentSurvey(env());
    for (const name of ['ada', 'bob', 'cyd']) {
      const res = await env().as('admin', {
        method: 'POST',
        url: '/api/customers',
        payload: { externalId: name, name: `${name} Lovelace`, email: `${name}@example.com` },
      });
      customers[name] = res.json<{ id: string }>().id;
    }
    const rows = [
      ['ada', 3, 'Ada here, write to ada@example.com: the bar was awful'],
      ['ada', 9, 'Lovely crew, ask for Ada'],
      ['bob', 2, 'Bob says the lounge was packed'],
      ['cyd', 10, 'Cyd loved the wifi'],
    ] as const;
    const stored = rows.map(([name, nps, comment], i) =>
      commentResponse(env().orgA.id, surveyId, {
        nps,
        comment,
        day: `2026-02-0${i + 1}`,
        customerId: customers[name] ?? null,
      }),
    );
    stored.forEach((row, i) => {
      const name = rows[i]?.[0] ?? '';
      responses[name] = [...(responses[name] ?? []), row.id];
    });
    await writeCommentResponses(env(), stored);
    const touchpoints = await seedTouchpoints(env().storage, env().orgA.id, ['erasure-desk']);
    const visit = await env().as('admin', {
      method: 'POST',
      url: '/api/interactions',
      payload: {
        customerId: customers['ada'],
        touchpointId: touchpoints['erasure-desk'],
        occurredAt: '2026-02-01T10:00:00.000Z',
        type: 'purchase',
      },
    });
    expect(visit.statusCode, visit.body).toBe(201);
  });

  const comments = async (q: string) =>
    (await env().as('admin', { method: 'GET', url: `/api/comments?q=${q}` })).json<{
      items: { responseId: string }[];
    }>().items;

  it('exports everything held about a customer as one document, and audits the export', async () => {
    const res = await env().as('admin', {
      method: 'GET',
      url: `/api/customers/${customers['ada']}/export`,
    });
    expect(res.statusCode).toBe(200);
    const document = res.json<{
      customer: { externalId: string; email: string };
      responses: { id: string; answers: { nps: number; comment?: string } }[];
      comments: { responseId: string; text: string; label: string }[];
      interactions: { type: string }[];
      invitations: unknown[];
    }>();
    expect(document.customer).toMatchObject({ externalId: 'ada', email: 'ada@example.com' });
    expect(document.responses.map((r) => r.id)).toEqual(responses['ada']);
    expect(document.responses[0]?.answers.comment).toContain('the bar was awful');
    expect(document.comments.map((c) => c.responseId).sort()).toEqual(
      [...(responses['ada'] ?? [])].sort(),
    );
    expect(document.interactions.map((i) => i.type)).toEqual(['purchase']);
    expect(document.invitations).toEqual([]);
    // Nobody else's data, and another organization cannot export her.
    expect(res.body).not.toContain('Bob says');
    const other = await env().as(
      'owner',
      { method: 'GET', url: `/api/customers/${customers['ada']}/export` },
      env().orgB,
    );
    expect(other.statusCode).toBe(404);
    const viewer = await env().as('analyst', {
      method: 'GET',
      url: `/api/customers/${customers['ada']}/export`,
    });
    expect(viewer.statusCode).toBe(403);
  });

  it('anonymises: the customer goes, scores and rollups stay, words and comments go', async () => {
    const org = env().orgA.id;
    const before = await rollupSnapshot(env().storage, org);
    expect((await comments('crew')).map((c) => c.responseId)).toEqual([responses['ada']?.[1]]);

    const erased = await env().as('admin', {
      method: 'DELETE',
      url: `/api/customers/${customers['ada']}`,
    });
    expect(erased.statusCode).toBe(204);
    const gone = await env().as('admin', {
      method: 'GET',
      url: `/api/customers/${customers['ada']}`,
    });
    expect(gone.statusCode).toBe(404);
    for (const [i, id] of (responses['ada'] ?? []).entries()) {
      const read = await env().as('admin', { method: 'GET', url: `/api/responses/${id}` });
      expect(read.json()).toMatchObject({
        customerId: null,
        answers: { nps: i === 0 ? 3 : 9 },
        hidden: {},
      });
      expect(read.body).not.toMatch(/ada|Ada/);
    }
    expect(await comments('crew')).toEqual([]);
    expect(await comments('bar')).toEqual([]);
    // Bob's comment is untouched.
    expect((await comments('lounge')).map((c) => c.responseId)).toEqual(responses['bob']);
    // Scores were kept: the rollups are those before, and equal a rebuild.
    expect(await rollupSnapshot(env().storage, org)).toEqual(before);
    await rebuildOrganizationRollups(env().storage, org);
    expect(await rollupSnapshot(env().storage, org)).toEqual(before);

    const audit = await env().as('admin', { method: 'GET', url: '/api/audit-log?limit=5' });
    const entry = audit
      .json<{ items: { action: string; entityId: string; details: unknown }[] }>()
      .items.find((e) => e.action === 'erase' && e.entityId === customers['ada']);
    expect(entry?.details).toEqual({
      responses: 2,
      mode: 'anonymise',
      comments: 2,
      interactions: 1,
    });
    expect(audit.body).not.toContain('ada@example.com');
  });

  it('deletes: the responses go and the rollups are rebuilt without them', async () => {
    const org = env().orgA.id;
    const nOf = async () =>
      (await rollupSnapshot(env().storage, org)).values
        .map((v) => JSON.parse(v) as { question_key: string; n: number })
        .filter((v) => v.question_key === 'nps')
        .reduce((sum, v) => sum + v.n, 0);
    const before = await nOf();
    const erased = await env().as('admin', {
      method: 'DELETE',
      url: `/api/customers/${customers['bob']}?responses=delete`,
    });
    expect(erased.statusCode).toBe(204);
    const read = await env().as('admin', {
      method: 'GET',
      url: `/api/responses/${responses['bob']?.[0]}`,
    });
    expect(read.statusCode).toBe(404);
    expect(await comments('lounge')).toEqual([]);
    expect(await nOf()).toBe(before - 1);
    const kept = await rollupSnapshot(env().storage, org);
    await rebuildOrganizationRollups(env().storage, org);
    expect(await rollupSnapshot(env().storage, org)).toEqual(kept);
  });

  it('refuses an unknown mode and an unknown customer, erasing nothing', async () => {
    const bad = await env().as('admin', {
      method: 'DELETE',
      url: `/api/customers/${customers['cyd']}?responses=keep`,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ error: { details: [{ field: 'query.responses' }] } });
    expect((await comments('wifi')).map((c) => c.responseId)).toEqual(responses['cyd']);
    const missing = await env().as('admin', {
      method: 'DELETE',
      url: '/api/customers/01900000-0000-7000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
  });
});

it('takes out free text and the other text of choices, keeping scores and choices', () => {
  const definition = {
    questions: [
      { id: 'nps', type: 'nps' },
      { id: 'why', type: 'text' },
      { id: 'visit', type: 'single_choice' },
      { id: 'extras', type: 'multiple_choice' },
    ],
  } as never;
  expect(
    withoutFreeText(definition, {
      nps: 4,
      why: 'call me on 0171 555 0199',
      visit: { other: 'my own words' },
      extras: { selected: ['spa'], other: 'pool with Ada' },
      gone: 'a question no longer in the survey',
    }),
  ).toEqual({ nps: 4, extras: { selected: ['spa'] } });
});
