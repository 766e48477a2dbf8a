/** Rules through the API: kept, listed, refused with the fields named, dry-run over a window. */
import { newId } from '@touchstone/core';
import { expect, it } from 'vitest';
import { describeRules, type TRuleView } from '../../test/support/rules-fixture.js';
import {
  createSurvey,
  npsOnlyDefinition,
  npsResponse,
} from '../../test/support/survey-fixtures.js';

const DAY = 86_400_000;

describeRules('rules API', (setup) => {
  it('creates, reads, lists, changes, switches and deletes a rule; empty PATCH changes nothing', async () => {
    const { env } = setup();
    const created = await env.as('owner', {
      method: 'POST',
      url: '/api/rules',
      payload: {
        name: 'Low satisfaction',
        trigger: 'response',
        enabled: false,
        conditions: [{ kind: 'answer', questionKey: 'csat', op: 'lte', value: 2 }],
        actions: [{ type: 'tag', tags: ['low-csat'] }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json<TRuleView & { match: string }>();
    expect(rule).toMatchObject({ enabled: false, enabledAt: null, match: 'all' });

    const read = await env.as('analyst', { method: 'GET', url: `/api/rules/${rule.id}` });
    expect(read.statusCode).toBe(200);
    const list = await env.as('analyst', { method: 'GET', url: '/api/rules' });
    expect(list.json<{ items: TRuleView[] }>().items.map((r) => r.id)).toContain(rule.id);

    const on = await env.as('admin', {
      method: 'PATCH',
      url: `/api/rules/${rule.id}`,
      payload: { enabled: true, name: 'Very low satisfaction' },
    });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ enabled: true, name: 'Very low satisfaction' });
    expect(on.json<TRuleView>().enabledAt).not.toBeNull();

    const empty = await env.as('admin', {
      method: 'PATCH',
      url: `/api/rules/${rule.id}`,
      payload: {},
    });
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual(on.json());

    const analystWrite = await env.as('analyst', {
      method: 'PATCH',
      url: `/api/rules/${rule.id}`,
      payload: { enabled: false },
    });
    expect(analystWrite.statusCode).toBe(403);
    const agentRead = await env.as('agent', { method: 'GET', url: '/api/rules' });
    expect(agentRead.statusCode).toBe(403);
    const otherOrg = await env.as(
      'admin',
      { method: 'GET', url: `/api/rules/${rule.id}` },
      env.orgB,
    );
    expect(otherOrg.statusCode).toBe(404);

    const removed = await env.as('admin', { method: 'DELETE', url: `/api/rules/${rule.id}` });
    expect(removed.statusCode).toBe(204);
    const gone = await env.as('admin', { method: 'GET', url: `/api/rules/${rule.id}` });
    expect(gone.statusCode).toBe(404);
  });

  it('lists the question keys a rule may test with their texts', async () => {
    const { env } = setup();
    const res = await env.as('analyst', { method: 'GET', url: '/api/rules/questions' });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: { key: string; text: string; numeric: boolean }[] }>().items;
    expect(items.find((q) => q.key === 'exp.sense')).toMatchObject({
      text: 'The lounge ...: appeals to my senses',
      numeric: true,
    });
    expect(items.find((q) => q.key === 'visit')).toMatchObject({
      text: 'Why did you travel?',
      numeric: false,
      options: [
        { id: 'business', label: 'Business' },
        { id: 'leisure', label: 'Leisure' },
      ],
    });
  });

  it('refuses references to unknown things with a 422 naming them, storing nothing', async () => {
    const { env } = setup();
    const before = await env.as('admin', { method: 'GET', url: '/api/rules?limit=500' });
    const count = before.json<{ items: unknown[] }>().items.length;
    const unknown = newId();
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { conditions: [{ kind: 'answer', questionKey: 'mood', op: 'lt', value: 3 }] },
        'body.conditions.0.questionKey',
        'mood',
      ],
      [
        { conditions: [{ kind: 'theme', themeIds: [unknown] }] },
        'body.conditions.0.themeIds.0',
        `theme ${unknown}`,
      ],
      [
        { conditions: [{ kind: 'customer_attribute', attributeKey: 'tier', op: 'present' }] },
        'body.conditions.0.attributeKey',
        'tier',
      ],
      [
        { actions: [{ type: 'open_case', teamId: unknown }] },
        'body.actions.0.teamId',
        `team ${unknown}`,
      ],
      [
        { actions: [{ type: 'notify', userIds: [unknown] }] },
        'body.actions.0.userIds.0',
        `user ${unknown}`,
      ],
      [
        { actions: [{ type: 'follow_up', surveyId: unknown }] },
        'body.actions.0.surveyId',
        `survey ${unknown}`,
      ],
      [
        { conditions: [{ kind: 'touchpoint', touchpointIds: [unknown] }] },
        'body.conditions.0.touchpointIds.0',
        `touchpoint ${unknown}`,
      ],
      [
        { trigger: 'alert', conditions: [{ kind: 'nps', categories: ['detractor'] }] },
        'body.conditions.0.kind',
        'cannot test nps',
      ],
      [
        { conditions: [{ kind: 'answer', questionKey: 'nps', op: 'lt', value: 'low' }] },
        'body.conditions.0.value',
        'compares with a number',
      ],
    ];
    for (const [change, field, named] of cases) {
      const res = await env.as('admin', {
        method: 'POST',
        url: '/api/rules',
        payload: {
          name: 'Bad rule',
          trigger: 'response',
          conditions: [],
          actions: [{ type: 'tag', tags: ['x'] }],
          ...change,
        },
      });
      expect(res.statusCode, JSON.stringify(change)).toBe(422);
      const error = res.json<{ error: { message: string; details: { field: string }[] } }>().error;
      expect(error.details.map((d) => d.field)).toContain(field);
      expect(error.message).toContain(named);
    }
    const after = await env.as('admin', { method: 'GET', url: '/api/rules?limit=500' });
    expect(after.json<{ items: unknown[] }>().items).toHaveLength(count);
  });

  it('dry-runs a rule against a hand-counted window without storing it', async () => {
    const { env } = setup();
    const org = env.orgB;
    const survey = await createSurvey(env, { definition: npsOnlyDefinition() }, { org });
    const now = Date.now();
    const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
    // Eight responses in the last 30 days (detractors: 0, 3, 6 and 2), two older ones.
    const fixture: [number, number][] = [
      [0, 1],
      [3, 2],
      [6, 3],
      [7, 5],
      [8, 8],
      [9, 13],
      [10, 21],
      [2, 29],
      [1, 40],
      [4, 45],
    ];
    const stored = fixture.map(([nps, daysAgo]) => {
      const when = at(daysAgo);
      return npsResponse(org.id, survey.id, nps, {
        submittedAt: when,
        startedAt: when,
        updatedAt: when,
        day: when.slice(0, 10),
      });
    });
    await env.services.responses.write(stored);

    const rule = {
      name: 'Detractors',
      trigger: 'response',
      conditions: [{ kind: 'nps', categories: ['detractor'] }],
      actions: [{ type: 'webhook' }],
    };
    const dry = async (body: Record<string, unknown>) => {
      const res = await env.as(
        'analyst',
        { method: 'POST', url: '/api/rules/dry-run', payload: body },
        org,
      );
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{
        evaluated: number;
        matched: number;
        examples: { subjectId: string; at: string; reasons: string[] }[];
      }>();
    };
    const month = await dry({ rule });
    expect(month.evaluated).toBe(8);
    expect(month.matched).toBe(4);
    expect(month.examples.map((e) => e.reasons[0])).toEqual([
      'NPS 0: detractor',
      'NPS 3: detractor',
      'NPS 6: detractor',
      'NPS 2: detractor',
    ]);
    expect(month.examples[0]?.subjectId).toBe(stored[0]?.id);

    const twoMonths = await dry({ rule, days: 60 });
    expect([twoMonths.evaluated, twoMonths.matched]).toEqual([10, 6]);
    const passives = await dry({
      rule: { ...rule, match: 'any', conditions: [{ kind: 'nps', categories: ['passive'] }] },
    });
    expect(passives.matched).toBe(2);

    const bad = await env.as(
      'analyst',
      {
        method: 'POST',
        url: '/api/rules/dry-run',
        payload: { rule: { ...rule, conditions: [{ kind: 'theme', themeIds: [newId()] }] } },
      },
      org,
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({
      error: { details: [{ field: 'body.rule.conditions.0.themeIds.0' }] },
    });
    const list = await env.as('admin', { method: 'GET', url: '/api/rules' }, org);
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(0);
  });
});
