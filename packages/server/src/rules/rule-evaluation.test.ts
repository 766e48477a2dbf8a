/** What a rule does with the responses and alerts that reach it: once each, only while on. */
import { newId } from '@touchstone/core';
import { expect, it } from 'vitest';
import { describeRules } from '../../test/support/rules-fixture.js';
import { appendEventsIn, findEventsAfter } from '../events/events.repository.js';
import { ruleEventSubscriber } from './rule-events.js';

describeRules('rule evaluation', (setup) => {
  it('acts once per response and rule: a case, tags, rule.matched, a notification', async () => {
    const { env, surveyId, createRule, submit, settle, runs, tagsOf, casesOf, completedEventOf } =
      setup();
    const hook = await env.as('admin', {
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
        { type: 'notify', userIds: [env.orgA.ownerUserId] },
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

    const matched = (await findEventsAfter(env.storage.db, 0, 100_000)).filter(
      (e) => e.type === 'rule.matched' && e.subjectId === rule.id,
    );
    expect(matched).toHaveLength(1);
    expect(matched[0]?.payload).toMatchObject({
      ruleName: 'Detractors',
      responseId: detractor,
      caseId: cases[0]?.id,
    });
    const deliveries = await env.storage.db
      .selectFrom('webhook_deliveries')
      .select(['event_type'])
      .where('event_id', '=', matched[0]?.id ?? '')
      .execute();
    expect(deliveries).toEqual([{ event_type: 'rule.matched' }]);
    const notes = await env.storage.db
      .selectFrom('notifications')
      .select(['user_id', 'kind'])
      .where('organization_id', '=', env.orgA.id)
      .where('kind', '=', 'rule.matched')
      .execute();
    expect(notes).toEqual([{ user_id: env.orgA.ownerUserId, kind: 'rule.matched' }]);

    // The event handed over again, also twice at once, adds nothing.
    const event = await completedEventOf(detractor);
    const again = ruleEventSubscriber(env.storage);
    await again.handle([event]);
    await Promise.all([again.handle([event]), ruleEventSubscriber(env.storage).handle([event])]);
    expect(await casesOf(detractor)).toHaveLength(1);
    expect(await runs(rule.id)).toHaveLength(1);
    const matchedAfter = (await findEventsAfter(env.storage.db, 0, 100_000)).filter(
      (e) => e.type === 'rule.matched' && e.subjectId === rule.id,
    );
    expect(matchedAfter).toHaveLength(1);

    const off = await env.as('admin', {
      method: 'PATCH',
      url: `/api/rules/${rule.id}`,
      payload: { enabled: false },
    });
    expect(off.statusCode).toBe(200);
  });

  it('reads comments with the analyser: a negative comment about a theme', async () => {
    const { env, themeId, createRule, submit, settle, runs, tagsOf } = setup();
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
    await env.as('admin', { method: 'DELETE', url: `/api/rules/${rule.id}` });
  });

  it('does nothing while disabled, and acts only on what arrives after it is switched on', async () => {
    const { env, createRule, submit, settle, runs, tagsOf, completedEventOf } = setup();
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

    const on = await env.as('admin', {
      method: 'PATCH',
      url: `/api/rules/${rule.id}`,
      payload: { enabled: true },
    });
    expect(on.statusCode).toBe(200);
    // An old response's event handed over now is history: the rule was off when it came.
    await ruleEventSubscriber(env.storage).handle([await completedEventOf(before)]);
    const after = await submit({ nps: 5 });
    await settle();
    expect((await runs(rule.id)).map((r) => r.subjectId)).toEqual([after]);
    expect(await tagsOf(before)).toEqual([]);
    await env.as('admin', { method: 'DELETE', url: `/api/rules/${rule.id}` });
  });

  it('acts on a raised alert that matches: a case for the alert', async () => {
    const { env, createRule, settle, runs } = setup();
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
      await env.storage.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('alerts')
          .values({
            id,
            organization_id: env.orgA.id,
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
            organizationId: env.orgA.id,
            type: 'alert.raised',
            subjectId: id,
            payloadJson: JSON.stringify({ alertId: id }),
            at: now,
          },
        ]);
      });
      env.services.events.wake();
      return id;
    };
    const big = await raise(-14);
    const small = await raise(-4);
    await settle();
    const matched = await runs(rule.id);
    expect(matched.map((r) => r.subjectId)).toEqual([big]);
    const cases = await env.storage.db
      .selectFrom('cases')
      .select(['source_type', 'source_id', 'priority', 'title'])
      .where('rule_id', '=', rule.id)
      .execute();
    expect(cases).toEqual([
      { source_type: 'alert', source_id: big, priority: 'urgent', title: 'Big drops' },
    ]);
    expect(small).not.toBe(big);
    await env.as('admin', { method: 'DELETE', url: `/api/rules/${rule.id}` });
  });
});
