import { newId } from '@touchstone/core';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import {
  createSurvey,
  loungeSurveyDefinition,
  npsOnlyDefinition,
  npsResponse,
} from '../../test/support/survey-fixtures.js';
import type { TDomainEvent } from '../events/domain-event.js';
import { appendEventsIn, findEventsAfter } from '../events/events.repository.js';
import { ruleEventSubscriber, RULE_SUBSCRIBER } from './rule-events.js';

interface TRuleView {
  id: string;
  enabled: boolean;
  enabledAt: string | null;
}
interface TRunView {
  subjectId: string;
  reasons: string[];
  outcomes: { type: string; status: string; detail: string; caseId: string | null }[];
}

const DAY = 86_400_000;

describeEachDatabase(
  'rules',
  (env) => {
    let surveyId: string;
    let themeId: string;

    beforeAll(async () => {
      surveyId = (await createSurvey(env(), { definition: loungeSurveyDefinition() })).id;
      const theme = await env().as('admin', {
        method: 'POST',
        url: '/api/themes',
        payload: { name: 'Lounge staff', keywords: ['staff', 'crew'] },
      });
      expect(theme.statusCode, theme.body).toBe(201);
      themeId = theme.json<{ id: string }>().id;
    });

    async function createRule(body: Record<string, unknown>): Promise<TRuleView> {
      const res = await env().as('admin', { method: 'POST', url: '/api/rules', payload: body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<TRuleView>();
    }

    async function submit(answers: Record<string, unknown>): Promise<string> {
      const res = await env().as('admin', {
        method: 'POST',
        url: `/api/surveys/${surveyId}/responses`,
        payload: { answers },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string }>().id;
    }

    /** The rules' events, then the webhooks' (which include the rule.matched events). */
    async function settle() {
      expect(await env().services.events.settle([RULE_SUBSCRIBER], 30_000)).toBe(true);
      expect(await env().services.events.settle(['webhooks'], 30_000)).toBe(true);
    }

    async function runs(ruleId: string): Promise<TRunView[]> {
      const res = await env().as('analyst', { method: 'GET', url: `/api/rules/${ruleId}/runs` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: TRunView[] }>().items;
    }

    async function tagsOf(responseId: string): Promise<string[]> {
      const res = await env().as('analyst', {
        method: 'GET',
        url: `/api/responses/${responseId}/tags`,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ tags: string[] }>().tags;
    }

    async function casesOf(responseId: string) {
      return env()
        .storage.db.selectFrom('cases')
        .select(['id', 'title', 'priority', 'rule_id'])
        .where('response_id', '=', responseId)
        .execute();
    }

    async function completedEventOf(responseId: string): Promise<TDomainEvent> {
      const events = await findEventsAfter(env().storage.db, 0, 100_000);
      const event = events.find(
        (e) => e.type === 'response.completed' && e.subjectId === responseId,
      );
      if (event === undefined) throw new Error(`no event for ${responseId}`);
      return event;
    }

    it('creates, reads, lists, changes, switches and deletes a rule; empty PATCH changes nothing', async () => {
      const created = await env().as('owner', {
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

      const read = await env().as('analyst', { method: 'GET', url: `/api/rules/${rule.id}` });
      expect(read.statusCode).toBe(200);
      const list = await env().as('analyst', { method: 'GET', url: '/api/rules' });
      expect(list.json<{ items: TRuleView[] }>().items.map((r) => r.id)).toContain(rule.id);

      const on = await env().as('admin', {
        method: 'PATCH',
        url: `/api/rules/${rule.id}`,
        payload: { enabled: true, name: 'Very low satisfaction' },
      });
      expect(on.statusCode, on.body).toBe(200);
      expect(on.json()).toMatchObject({ enabled: true, name: 'Very low satisfaction' });
      expect(on.json<TRuleView>().enabledAt).not.toBeNull();

      const empty = await env().as('admin', {
        method: 'PATCH',
        url: `/api/rules/${rule.id}`,
        payload: {},
      });
      expect(empty.statusCode).toBe(200);
      expect(empty.json()).toEqual(on.json());

      const analystWrite = await env().as('analyst', {
        method: 'PATCH',
        url: `/api/rules/${rule.id}`,
        payload: { enabled: false },
      });
      expect(analystWrite.statusCode).toBe(403);
      const agentRead = await env().as('agent', { method: 'GET', url: '/api/rules' });
      expect(agentRead.statusCode).toBe(403);
      const otherOrg = await env().as(
        'admin',
        { method: 'GET', url: `/api/rules/${rule.id}` },
        env().orgB,
      );
      expect(otherOrg.statusCode).toBe(404);

      const removed = await env().as('admin', { method: 'DELETE', url: `/api/rules/${rule.id}` });
      expect(removed.statusCode).toBe(204);
      const gone = await env().as('admin', { method: 'GET', url: `/api/rules/${rule.id}` });
      expect(gone.statusCode).toBe(404);
    });

    it('lists the question keys a rule may test with their texts', async () => {
      const res = await env().as('analyst', { method: 'GET', url: '/api/rules/questions' });
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
      const before = await env().as('admin', { method: 'GET', url: '/api/rules?limit=500' });
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
        const res = await env().as('admin', {
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
        const error = res.json<{ error: { message: string; details: { field: string }[] } }>()
          .error;
        expect(error.details.map((d) => d.field)).toContain(field);
        expect(error.message).toContain(named);
      }
      const after = await env().as('admin', { method: 'GET', url: '/api/rules?limit=500' });
      expect(after.json<{ items: unknown[] }>().items).toHaveLength(count);
    });

    it('acts once per response and rule: a case, tags, rule.matched, a notification', async () => {
      const hook = await env().as('admin', {
        method: 'POST',
        url: '/api/webhooks',
        payload: { url: 'http://127.0.0.1:9/rules', eventTypes: ['rule.matched'] },
      });
      expect(hook.statusCode, hook.body).toBe(201);
      const rule = await createRule({
        name: 'Detractors',
        trigger: 'response',
        conditions: [{ kind: 'nps', categories: ['detractor'] }],
        actions: [
          { type: 'tag', tags: ['detractor', 'call back'] },
          { type: 'open_case', priority: 'high', title: 'Detractor {{nps}} on {{survey}}' },
          { type: 'webhook' },
          { type: 'notify', userIds: [env().orgA.ownerUserId] },
          { type: 'follow_up', surveyId },
        ],
      });
      const detractor = await submit({ nps: 2 });
      const promoter = await submit({ nps: 10 });
      await settle();

      const cases = await casesOf(detractor);
      expect(cases).toHaveLength(1);
      expect(cases[0]).toMatchObject({
        title: 'Detractor 2 on Survey',
        priority: 'high',
        rule_id: rule.id,
      });
      expect(await casesOf(promoter)).toHaveLength(0);
      expect(await tagsOf(detractor)).toEqual(['call back', 'detractor']);
      expect(await tagsOf(promoter)).toEqual([]);

      const [run, ...others] = await runs(rule.id);
      expect(others).toHaveLength(0);
      expect(run?.subjectId).toBe(detractor);
      expect(run?.reasons).toEqual(['NPS 2: detractor']);
      expect(run?.outcomes.map((o) => [o.type, o.status])).toEqual([
        ['open_case', 'done'],
        ['tag', 'done'],
        ['webhook', 'done'],
        ['notify', 'done'],
        ['follow_up', 'skipped'],
      ]);
      expect(run?.outcomes[0]?.caseId).toBe(cases[0]?.id);

      const matched = (await findEventsAfter(env().storage.db, 0, 100_000)).filter(
        (e) => e.type === 'rule.matched' && e.subjectId === rule.id,
      );
      expect(matched).toHaveLength(1);
      expect(matched[0]?.payload).toMatchObject({
        ruleName: 'Detractors',
        responseId: detractor,
        caseId: cases[0]?.id,
      });
      const deliveries = await env()
        .storage.db.selectFrom('webhook_deliveries')
        .select(['event_type'])
        .where('event_id', '=', matched[0]?.id ?? '')
        .execute();
      expect(deliveries).toEqual([{ event_type: 'rule.matched' }]);
      const notes = await env()
        .storage.db.selectFrom('notifications')
        .select(['user_id', 'kind'])
        .where('organization_id', '=', env().orgA.id)
        .where('kind', '=', 'rule.matched')
        .execute();
      expect(notes).toEqual([{ user_id: env().orgA.ownerUserId, kind: 'rule.matched' }]);

      // The event handed over again, also twice at once, adds nothing.
      const event = await completedEventOf(detractor);
      const again = ruleEventSubscriber(env().storage);
      await again.handle([event]);
      await Promise.all([
        again.handle([event]),
        ruleEventSubscriber(env().storage).handle([event]),
      ]);
      expect(await casesOf(detractor)).toHaveLength(1);
      expect(await runs(rule.id)).toHaveLength(1);
      const matchedAfter = (await findEventsAfter(env().storage.db, 0, 100_000)).filter(
        (e) => e.type === 'rule.matched' && e.subjectId === rule.id,
      );
      expect(matchedAfter).toHaveLength(1);

      const off = await env().as('admin', {
        method: 'PATCH',
        url: `/api/rules/${rule.id}`,
        payload: { enabled: false },
      });
      expect(off.statusCode).toBe(200);
    });

    it('reads comments with the analyser: a negative comment about a theme', async () => {
      const rule = await createRule({
        name: 'Unhappy with staff',
        trigger: 'response',
        conditions: [
          { kind: 'theme', themeIds: [themeId] },
          { kind: 'sentiment', labels: ['negative'] },
        ],
        actions: [{ type: 'tag', tags: ['staff'] }],
      });
      const rude = await submit({ nps: 3, why: 'The staff were rude and the lounge was filthy.' });
      const kind = await submit({ nps: 9, comment: 'The crew were lovely, thank you!' });
      await settle();
      expect(await tagsOf(rude)).toContain('staff');
      expect(await tagsOf(kind)).not.toContain('staff');
      expect((await runs(rule.id)).map((r) => r.reasons)).toEqual([
        ['comment why mentions Lounge staff', 'comment why is negative'],
      ]);
      await env().as('admin', { method: 'DELETE', url: `/api/rules/${rule.id}` });
    });

    it('does nothing while disabled, and acts only on what arrives after it is switched on', async () => {
      const rule = await createRule({
        name: 'Everything',
        trigger: 'response',
        enabled: false,
        conditions: [],
        actions: [{ type: 'tag', tags: ['seen'] }],
      });
      const before = await submit({ nps: 5 });
      await settle();
      expect(await runs(rule.id)).toHaveLength(0);
      expect(await tagsOf(before)).toEqual([]);

      const on = await env().as('admin', {
        method: 'PATCH',
        url: `/api/rules/${rule.id}`,
        payload: { enabled: true },
      });
      expect(on.statusCode).toBe(200);
      // An old response's event handed over now is history: the rule was off when it came.
      await ruleEventSubscriber(env().storage).handle([await completedEventOf(before)]);
      const after = await submit({ nps: 5 });
      await settle();
      expect((await runs(rule.id)).map((r) => r.subjectId)).toEqual([after]);
      expect(await tagsOf(before)).toEqual([]);
      await env().as('admin', { method: 'DELETE', url: `/api/rules/${rule.id}` });
    });

    it('acts on a raised alert that matches: a case for the alert', async () => {
      const rule = await createRule({
        name: 'Big drops',
        trigger: 'alert',
        conditions: [
          { kind: 'alert_direction', direction: 'down' },
          { kind: 'alert_effect', minEffect: 10 },
        ],
        actions: [{ type: 'open_case', priority: 'urgent', title: '{{rule}}' }],
      });
      const raise = async (effectSize: number) => {
        const id = newId();
        const now = new Date().toISOString();
        await env()
          .storage.db.transaction()
          .execute(async (trx) => {
            await trx
              .insertInto('alerts')
              .values({
                id,
                organization_id: env().orgA.id,
                series_key: `nps|${id}`,
                status: 'open',
                metric: 'nps',
                question_key: 'nps',
                touchpoint_id: null,
                segment_json: '{}',
                change_date: now.slice(0, 10),
                direction: 'down',
                before_json: '{}',
                after_json: '{}',
                effect_size: effectSize,
                effect_unit: 'nps-points',
                p_value: 0.001,
                adjusted_p_value: 0.01,
                localisation_json: '[]',
                acknowledged_by: null,
                acknowledged_at: null,
                resolved_by: null,
                resolved_at: null,
                created_at: now,
                updated_at: now,
              })
              .execute();
            await appendEventsIn(trx, [
              {
                id: newId(),
                organizationId: env().orgA.id,
                type: 'alert.raised',
                subjectId: id,
                payloadJson: JSON.stringify({ alertId: id }),
                at: now,
              },
            ]);
          });
        env().services.events.wake();
        return id;
      };
      const big = await raise(-14);
      const small = await raise(-4);
      await settle();
      const matched = await runs(rule.id);
      expect(matched.map((r) => r.subjectId)).toEqual([big]);
      const cases = await env()
        .storage.db.selectFrom('cases')
        .select(['source_type', 'source_id', 'priority', 'title'])
        .where('rule_id', '=', rule.id)
        .execute();
      expect(cases).toEqual([
        { source_type: 'alert', source_id: big, priority: 'urgent', title: 'Big drops' },
      ]);
      expect(small).not.toBe(big);
      await env().as('admin', { method: 'DELETE', url: `/api/rules/${rule.id}` });
    });

    it('dry-runs a rule against a hand-counted window without storing it', async () => {
      const org = env().orgB;
      const survey = await createSurvey(env(), { definition: npsOnlyDefinition() }, { org });
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
      await env().services.responses.write(stored);

      const rule = {
        name: 'Detractors',
        trigger: 'response',
        conditions: [{ kind: 'nps', categories: ['detractor'] }],
        actions: [{ type: 'webhook' }],
      };
      const dry = async (body: Record<string, unknown>) => {
        const res = await env().as(
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

      const bad = await env().as(
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
      const list = await env().as('admin', { method: 'GET', url: '/api/rules' }, org);
      expect(list.json<{ items: unknown[] }>().items).toHaveLength(0);
    });
  },
  { webhookAllowPrivateTargets: 'loopback' },
);
