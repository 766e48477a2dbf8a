import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { createSurvey, npsOnlyDefinition } from '../../test/support/survey-fixtures.js';

interface TEventBody {
  id: string;
  seq: number;
  type: string;
  subjectId: string;
  payload: Record<string, unknown>;
  at: string;
}

interface TEventPage {
  items: TEventBody[];
  nextCursor: string | null;
}

describeEachDatabase('domain events API', (env) => {
  let surveyId: string;
  const stored: string[] = [];

  beforeAll(async () => {
    surveyId = (await createSurvey(env(), { definition: npsOnlyDefinition() })).id;
    for (const nps of [10, 3, 7]) {
      const res = await env().as('admin', {
        method: 'POST',
        url: `/api/surveys/${surveyId}/responses`,
        payload: { answers: { nps } },
      });
      expect(res.statusCode).toBe(201);
      stored.push(res.json<{ id: string }>().id);
    }
  });

  it("lists an organization's events newest first, one response.completed per response", async () => {
    const res = await env().as('admin', { method: 'GET', url: '/api/events?limit=50' });
    expect(res.statusCode).toBe(200);
    const page = res.json<TEventPage>();
    const completed = page.items.filter((e) => e.type === 'response.completed');
    expect(completed.map((e) => e.subjectId)).toEqual([...stored].reverse());
    const seqs = page.items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(page.items.map((e) => e.id)).size).toBe(page.items.length);
    expect(completed[0]?.payload).toMatchObject({
      responseId: stored[2],
      surveyId,
      status: 'complete',
      created: true,
      values: [['nps', 7]],
    });
  });

  it('filters by type and pages with a cursor', async () => {
    const first = await env().as('owner', {
      method: 'GET',
      url: '/api/events?type=response.completed&limit=2',
    });
    expect(first.statusCode).toBe(200);
    const one = first.json<TEventPage>();
    expect(one.items.map((e) => e.subjectId)).toEqual([stored[2], stored[1]]);
    expect(one.nextCursor).not.toBeNull();
    const second = await env().as('owner', {
      method: 'GET',
      url: `/api/events?type=response.completed&limit=2&cursor=${one.nextCursor ?? ''}`,
    });
    const two = second.json<TEventPage>();
    expect(two.items.map((e) => e.subjectId)).toEqual([stored[0]]);
    expect(two.nextCursor).toBeNull();
  });

  it('is for owners and admins, and shows no other organization its events', async () => {
    for (const role of ['analyst', 'agent', 'viewer'] as const) {
      const res = await env().as(role, { method: 'GET', url: '/api/events' });
      expect(res.statusCode, role).toBe(403);
    }
    const other = await env().as('admin', { method: 'GET', url: '/api/events' }, env().orgB);
    expect(other.statusCode).toBe(200);
    expect(other.json<TEventPage>().items).toEqual([]);
  });

  it("reports this process's subscribers with their cursor and backlog", async () => {
    await env().services.events.settle();
    const res = await env().as('admin', { method: 'GET', url: '/api/events/subscribers' });
    expect(res.statusCode).toBe(200);
    const { items } = res.json<{ items: { name: string; backlog: number; position: number }[] }>();
    const cube = items.find((s) => s.name === 'analytics-cube');
    expect(cube).toMatchObject({ backlog: 0 });
    const newest = await env().as('admin', { method: 'GET', url: '/api/events?limit=1' });
    expect(cube?.position).toBe(newest.json<TEventPage>().items[0]?.seq);
    const metrics = await env().app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('touchstone_event_backlog{subscriber="analytics-cube"} 0');
  });
});
